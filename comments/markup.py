"""Comment text: plain text with light markup, turned into safe HTML once, when it is saved.

Blank lines make paragraphs, single newlines line breaks, lines starting with "> " a quote,
`code`, *emphasis* and **strong** work, and web addresses become links with rel="nofollow ugc".
Everything else is escaped, so markup typed by a commenter shows as text.
"""

import html
import re

import nh3

_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_cleaner = nh3.Cleaner(
    tags={"p", "br", "a", "em", "strong", "code", "blockquote"},
    attributes={"a": {"href"}},
    url_schemes={"http", "https"},
    link_rel="nofollow ugc",
)


def _inline(text):
    """Escape a line of text, then apply the inline markup."""
    parts = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(_format(text[last : match.start()]))
        url = html.escape(match.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    parts.append(_format(text[last:]))
    return "".join(parts)


def _format(text):
    text = html.escape(text)
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _STRONG.sub(r"<strong>\1</strong>", text)
    return _EM.sub(r"<em>\1</em>", text)


def _paragraph(lines):
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(text):
    """The comment's HTML, safe to output as is."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    out = []
    for block in filter(None, blocks):
        lines = block.split("\n")
        if all(line.startswith(">") for line in lines):
            inner = [line[1:].removeprefix(" ") for line in lines]
            out.append(f"<blockquote>{_paragraph(inner)}</blockquote>")
        else:
            out.append(_paragraph(lines))
    return _cleaner.clean("".join(out))


def link_count(text):
    return len(_URL.findall(text or "")) + (text or "").lower().count("<a ")
