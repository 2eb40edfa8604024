"""How far an import has got: a bar redrawn in place on a terminal, a line now and then in a log.

"Items" are the export's posts, pages and other items plus their comments, as wxr.parse()
counted them, so the rate and the time left cover the whole run.
"""

import time
from contextlib import contextmanager


class Progress:
    REDRAW = 0.2  # seconds between redraws of the bar
    LOG_EVERY = 10.0  # seconds between lines when the output is not a terminal
    WIDTH = 30

    def __init__(self, stream, total, terminal=None, clock=time.monotonic):
        self.stream = stream
        self.total = max(total, 1)
        self.terminal = stream.isatty() if terminal is None else terminal
        self.clock = clock
        self.started = self.shown = clock()
        self.done = 0

    def __call__(self, done=1):
        self.done += done
        now = self.clock()
        if now - self.shown >= (self.REDRAW if self.terminal else self.LOG_EVERY):
            self.shown = now
            self.show(now)

    def rate(self, now):
        return self.done / max(now - self.started, 1e-6)

    def status(self, now):
        rate = self.rate(now)
        left = (self.total - self.done) / rate if rate else 0
        return f"{self.done:,}/{self.total:,} items, {rate:,.0f}/s, {_duration(max(left, 0))} left"

    def show(self, now):
        if self.terminal:
            filled = int(self.WIDTH * min(self.done / self.total, 1))
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.status(now)}\x1b[K", ending="")
        else:
            self.stream.write(f"Importing: {self.status(now)}")
        self.stream.flush()

    def finish(self):
        """The time taken and the rate, on a line of its own."""
        now = self.clock()
        if self.terminal:
            self.stream.write("\r\x1b[K", ending="")
        seconds = now - self.started
        self.stream.write(
            f"Took {_duration(seconds)} ({seconds:.1f} s) for {self.done:,} items: "
            f"{self.rate(now):,.0f} items/s"
        )
        return seconds


def _duration(seconds):
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class Stopwatch:
    """Seconds spent on each kind of work ("posts", "comments"), for the summary's rates.

    Work of one kind done in the middle of another's (the posts waiting to be written before
    their comments can be) is charged to its own kind, not twice."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.seconds = {}
        self.kind, self.since = None, None

    @contextmanager
    def charge(self, kind):
        outer = self.kind
        self._switch(kind)
        try:
            yield
        finally:
            self._switch(outer)

    def _switch(self, kind):
        now = self.clock()
        if self.kind is not None:
            self.seconds[self.kind] = self.seconds.get(self.kind, 0) + now - self.since
        self.kind, self.since = kind, now
