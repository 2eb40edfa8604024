"""What every saved body goes through: the writer's toolkit, rendered once, then sanitised."""

from . import footnotes, html, markdown_text
from .code_blocks import highlight_code
from .tables import accessible_tables


def render(body):
    """Sanitised HTML with highlighted code, numbered footnotes and tables with scopes."""
    return html.sanitize(footnotes.render(accessible_tables(highlight_code(html.sanitize(body)))))


def from_markdown(text):
    return markdown_text.to_html(text)
