"""WordPress post content as Broadsheet HTML: paragraphs from blank lines (a port of the essential
of WordPress's wpautop), block-editor comments dropped, [caption] shortcodes made figures.

The result still goes through the post's own sanitising save.
"""

import json
import re
from html import escape, unescape

from blog.html import plain_text

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|audio|video|script)"
)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
MORE = re.compile(r"<!--more(.*?)?-->")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL)
CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)


def autop(text):
    """Blank lines make paragraphs, single newlines <br>; block-level tags are not wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    # <pre> keeps its newlines and a caption becomes a figure, a block: set both aside as
    # block placeholders, put back at the end.
    kept = []

    def keep(html):
        kept.append(html)
        return f"\n\n<pre wp-kept-{len(kept) - 1}></pre>\n\n"

    text = PRE.sub(lambda match: keep(match.group(0)), text)
    text = CAPTION.sub(lambda match: keep(_figure(match)), text) + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    text = "".join(
        f"<p>{chunk.strip()}</p>\n" for chunk in re.split(r"\n\s*\n", text) if chunk.strip()
    )
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>", "</p>", text)
    for number, block in enumerate(kept):
        text = text.replace(f"<pre wp-kept-{number}></pre>", block)
    return text.strip()


def _figure(match):
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    parts = CAPTION_IMAGE.match(match.group(2))
    if not parts:
        return match.group(2)  # no image inside: keep what it wraps
    image, caption = parts.group(1), parts.group(2).strip() or escape(attributes.get("caption", ""))
    align = attributes.get("align", "")
    align = align if re.fullmatch(r"align\w+", align) else ""
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="wp-caption {align}">{image}{caption}</figure>'


def to_html(content):
    """Stored WordPress content as HTML (before sanitising)."""
    if BLOCK_COMMENT.search(content):
        # Block-editor content is HTML already; WordPress doesn't run wpautop on it either.
        return CAPTION.sub(_figure, BLOCK_COMMENT.sub("", content)).strip()
    return autop(content)


def has_more(content):
    return bool(MORE.search(content))


def text_before_more(content):
    """The plain text before <!--more-->, one paragraph per block, as an excerpt is written."""
    if not (match := MORE.search(content)):
        return ""
    return plain_paragraphs(to_html(content[: match.start()]))


def plain_paragraphs(fragment):
    """An HTML fragment as plain text, its blocks separated by blank lines."""
    blocks = re.split(r"</(?:p|h[1-6]|li|blockquote|pre|figcaption|div)>", fragment)
    return "\n\n".join(text for block in blocks if (text := plain_text(block)))


INLINE_MARKUP = [
    (re.compile(r"</?(?:strong|b)\b[^>]*>", re.IGNORECASE), "**"),
    (re.compile(r"</?(?:em|i)\b[^>]*>", re.IGNORECASE), "*"),
    (re.compile(r"</?code\b[^>]*>", re.IGNORECASE), "`"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), "\n"),
    (re.compile(r"</(?:p|div|h[1-6]|li|pre|blockquote)>", re.IGNORECASE), "\n\n"),
]
LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
QUOTE = re.compile(r"<blockquote\b[^>]*>(.*?)</blockquote>", re.IGNORECASE | re.DOTALL)


def _quoted(match):
    """A quotation's lines as the light markup's "> " lines ("&gt;": unescaped below)."""
    inner = match.group(1)
    for pattern, markup in INLINE_MARKUP:
        inner = pattern.sub(markup, inner)
    lines = inner.strip().split("\n")
    return "\n\n" + "\n".join(f"&gt; {line}" if line.strip() else "" for line in lines) + "\n\n"


def comment_text(content):
    """A WordPress comment (HTML) in the comments app's light markup, which escapes HTML."""
    content = LINK.sub(
        lambda m: (
            m.group(1)
            if plain_text(m.group(2)) in ("", unescape(m.group(1)))
            else f"{m.group(2)} ({m.group(1)})"
        ),
        content,
    )
    content = QUOTE.sub(_quoted, content)
    for pattern, markup in INLINE_MARKUP:
        content = pattern.sub(markup, content)
    lines = []
    for block in re.split(r"\n\s*\n", content.replace("\r\n", "\n")):
        text = "\n".join(
            unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in block.split("\n")
        )
        if text.strip():
            lines.append(text.strip())
    # A line that was only markup leaves a blank line: a paragraph break, as the markup has it.
    return re.sub(r"\n{3,}", "\n\n", "\n\n".join(lines))


def footnotes(meta):
    """The block editor's footnotes (the "footnotes" post meta, JSON) as {id: note HTML}."""
    try:
        notes = json.loads(meta.get("footnotes") or "[]")
    except ValueError:
        return {}
    if not isinstance(notes, list):
        return {}
    return {
        str(note["id"]): str(note.get("content") or "")
        for note in notes
        if isinstance(note, dict) and note.get("id")
    }
