"""Two versions side by side, the differences marked in their text (not in their HTML)."""

import re
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figure", "figcaption",
    "tr", "hr", "br", "div", "table", "ul", "ol",
}  # fmt: skip


class _BlockText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.lines.append("")
        if tag == "img" and (alt := dict(attrs).get("alt")):
            self.lines[-1] += f"[{alt}]"

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.lines.append("")

    def handle_data(self, data):
        self.lines[-1] += data


def block_text(html):
    """The text of an HTML body, one line per block (paragraph, heading, list item…)."""
    parser = _BlockText()
    parser.feed(html or "")
    parser.close()
    return "\n".join(" ".join(line.split()) for line in parser.lines if line.strip())


def _tokens(text):
    return re.findall(r"\n|[^\S\n]+|\w+|[^\w\s]", text)


def side_by_side(old, new):
    """(old with deletions in <del>, new with insertions in <ins>), as safe HTML paragraphs."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []  # (token, changed)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left.extend((token, op != "equal") for token in a[i1:i2])
        right.extend((token, op != "equal") for token in b[j1:j2])
    return _render(left, "del"), _render(right, "ins")


def _render(tokens, tag):
    """Escaped text in paragraphs, changed runs in `tag`: a space between two changed words is
    part of the change, and a change never spans a paragraph break."""
    for index in range(1, len(tokens) - 1):
        word, changed = tokens[index]
        if not changed and not word.strip() and word != "\n":
            tokens[index] = (word, tokens[index - 1][1] and tokens[index + 1][1])
    paragraphs, line, run, run_changed = [], [], [], False

    def flush():
        text = escape("".join(run))
        line.append(f"<{tag}>{text}</{tag}>" if run_changed and text.strip() else text)
        run.clear()

    for word, changed in tokens:
        if word == "\n":
            flush()
            paragraphs.append("".join(line))
            line.clear()
            continue
        if changed != run_changed:
            flush()
            run_changed = changed
        run.append(word)
    flush()
    paragraphs.append("".join(line))
    # Every piece of text went through escape() above; only our tags are added.
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))  # noqa: S308
