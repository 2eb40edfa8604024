"""Posts written in Markdown: CommonMark with tables and strikethrough, by markdown-it-py.

The HTML it makes goes through the same save-time steps as the rich-text editor's (code
highlighting, footnotes, tables, the sanitiser), so Markdown can do nothing rich text can't.
"""

from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def to_html(text):
    return _markdown.render(text or "")
