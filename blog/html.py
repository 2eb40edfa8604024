"""Post HTML: the allowlist every stored body passes through, and excerpts cut from it."""

import html
import re

import nh3
from django.conf import settings
from pygments.token import STANDARD_TYPES

from . import embeds

ALLOWED_TAGS = {
    "a", "abbr", "audio", "b", "blockquote", "br", "caption", "cite", "code", "del", "dd",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s",
    "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "video",
}  # fmt: skip
# Any tag may carry a class except <span>, which carries only the classes Pygments gives the
# parts of highlighted code (blog/code_blocks.py), for the theme to colour, and embed cards'.
CLASS_FREE_TAGS = {"span"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "aria-label", "aria-describedby"},
    "abbr": {"title"},
    "audio": {"src", "controls", "preload", "loop"},
    "blockquote": {"cite"},
    "details": {"open"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding", "data-file"},
    "ol": {"start", "type"},
    "q": {"cite"},
    "section": {"aria-labelledby"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "sup": {"data-fn"},  # a footnote's reference (blog/footnotes.py)
    "video": {"src", "controls", "preload", "loop", "muted", "playsinline", "width", "height"},
    "*": {"id", "lang", "dir"},
}
for _tag in ALLOWED_TAGS - CLASS_FREE_TAGS:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | {"class"}
EMBED_CARD_CLASSES = {"embed-service", "embed-address"}  # blog/embeds.py's cards
ALLOWED_CLASSES = {"span": (set(STANDARD_TYPES.values()) - {""}) | EMBED_CARD_CLASSES}
URL_SCHEMES = {"http", "https", "mailto"}
# Classes word processors and web pages leave in pasted text (Word's styles): readers never
# need them. Their fonts and colours are style attributes, which are not allowed at all.
PASTED_CLASSES = ("mso", "docs-internal", "apple-", "western", "cjk", "ctl")

PLAYERS = {"audio", "video", "source"}


def own_media_only(element, attribute, value):
    """A player plays only files of our own media library: its `src` must be under MEDIA_URL."""
    if attribute == "src" and element in PLAYERS:
        # MEDIA_URL as Django gives it: an address, or a path with the script prefix.
        own = value.startswith(settings.MEDIA_URL) and not value.startswith("//")
        return value if own and ".." not in value else None
    return value


def kept_attribute(element, attribute, value):
    if attribute == "class":
        kept = [name for name in value.split() if not name.lower().startswith(PASTED_CLASSES)]
        return " ".join(kept) or None
    return own_media_only(element, attribute, value)


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=kept_attribute,
    url_schemes=URL_SCHEMES,
    allowed_classes=ALLOWED_CLASSES,
    link_rel="noopener",
    strip_comments=True,
)

_PARAGRAPH = re.compile(r"<(p|blockquote|ul|ol|h[2-6]|pre|figure)\b.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"<picture\b.*?</picture>|<img\b[^>]*>", re.DOTALL)
# An excerpt may end on these; never on a quotation or a heading, which lead into what follows.
ENDING_BLOCKS = {"p", "ul", "ol", "pre", "figure"}


def sanitize(body):
    """Return body with everything outside the allowlist removed, embeds as link cards."""
    return _cleaner.clean(embeds.cards(body or "")).strip()


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
