"""Where an export goes: standard output, or a file that appears under its name only once it is
whole (written beside it under a temporary name, then renamed)."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.management import CommandError


@contextmanager
def output(command, path):
    """A write(text) function for the export, to `path` or to the command's stdout."""
    if not path:
        yield lambda text: command.stdout.write(text, ending="")
        return
    target = Path(path)
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as error:
        raise CommandError(f"Can't write {path}: {error.strerror}.") from None
    try:
        with open(handle, "w", encoding="utf-8", newline="\n") as file:
            yield file.write
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
