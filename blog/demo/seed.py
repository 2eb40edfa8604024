"""The post the blog was made for, kept as its reader saw it, and turned into post HTML."""

import html
from pathlib import Path

SEED_TEXT = Path(__file__).with_name("chinas-troublesome-neighbour.txt")
TITLE = "China's troublesome neighbour"
SLUG = "chinas-troublesome-neighbour"
DATE = "2024-11-05 08:30"
CATEGORIES = ["politics/world"]
TAGS = ["north-korea", "china", "russia"]

# Paragraphs (counted from 1) quoting the BBC report; the rest are the author's own words.
QUOTED = [range(2, 11), range(12, 14)]
# The page furniture under the post on the original blog, not part of the body.
FURNITURE = {"Posted in", "Leave a comment"}


def paragraphs():
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line.strip() not in FURNITURE]


def body_html():
    parts, open_quote = [], None
    for number, text in enumerate(paragraphs(), start=1):
        quote = next((span for span in QUOTED if number in span), None)
        if quote is not open_quote:
            if open_quote:
                parts.append("</blockquote>")
            if quote:
                parts.append("<blockquote>")
            open_quote = quote
        parts.append(f"<p>{html.escape(text, quote=False)}</p>")
    if open_quote:
        parts.append("</blockquote>")
    return "".join(parts)
