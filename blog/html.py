"""Post HTML: the allowlist every stored body passes through, and excerpts cut from it."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "del", "dd", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding", "data-file"},
    "ol": {"start", "type"},
    "q": {"cite"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"class", "id", "lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

_PARAGRAPH = re.compile(r"<(p|blockquote|ul|ol|h[2-6]|pre|figure)\b.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"<picture\b.*?</picture>|<img\b[^>]*>", re.DOTALL)
# An excerpt may end on these; never on a quotation or a heading, which lead into what follows.
ENDING_BLOCKS = {"p", "ul", "ol", "pre", "figure"}


def sanitize(body):
    """Return body with everything outside the allowlist removed."""
    return _cleaner.clean(body or "").strip()


def text_of(fragment):
    """The reader-visible text of an HTML fragment."""
    return html.unescape(_TAG.sub(" ", fragment))


def word_count(fragment):
    return len(text_of(fragment).split())


def excerpt(body, words, without_images=False):
    """The leading blocks of a sanitised body, cut at a block boundary after `words` words.

    Quotations and headings only count towards the length; the excerpt always ends on a
    whole block, so it never breaks mid-sentence the way a word cut would.
    `without_images` leaves out figures and images, for a post whose list entry already
    shows its featured image as a thumbnail.
    """
    blocks, count = [], 0
    for match in _PARAGRAPH.finditer(body):
        block = match.group(0)
        if without_images:
            if match.group(1) == "figure":
                continue
            block = _IMAGE.sub("", block)
            if not text_of(block).strip():  # the block held an image and nothing else
                continue
        blocks.append(block)
        count += word_count(block)
        if count >= words and match.group(1) in ENDING_BLOCKS:
            break
    return "".join(blocks)


# Where a block ends, words must stay apart; inline tags join their text to what follows.
BLOCK_END = r"</(p|h[1-6]|li|dt|dd|blockquote|pre|figcaption|td|th)>|<br\s*/?>"
TAG = r"<[^>]+>"


def plain_text(fragment):
    """The fragment's text as a reader would copy it: "<em>chips</em>." reads "chips."."""
    text = re.sub(TAG, "", re.sub(BLOCK_END, " ", fragment, flags=re.IGNORECASE))
    return " ".join(html.unescape(text).split())
