"""Code blocks that name their language, highlighted once at save time with Pygments.

The editor (and Markdown's fenced blocks) mark a block's language the way most tools do,
<pre><code class="language-python">; WordPress plugins often put it on the <pre>. The result is
plain HTML: <span>s with Pygments' short classes, coloured by the theme (static/css/code.css).
"""

import html
import re

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_BLOCK = re.compile(r"<pre\b([^>]*)>\s*<code\b([^>]*)>(.*?)</code>\s*</pre>", re.DOTALL)
_LANGUAGE = re.compile(r'\bclass="[^"]*\b(?:language|lang)-([\w+#.-]+)')
_BREAK = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_formatter = HtmlFormatter(nowrap=True)


def code_text(inner_html):
    """The code as the author typed it: earlier highlighting and entities undone."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", inner_html)))


def _highlighted(match):
    pre_attrs, code_attrs, inner = match.groups()
    found = _LANGUAGE.search(code_attrs) or _LANGUAGE.search(pre_attrs)
    if not found:
        return match.group(0)
    language = found.group(1).lower()
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return match.group(0)
    spans = highlight(code_text(inner), lexer, _formatter)
    language = html.escape(language)
    return f'<pre class="highlight"><code class="language-{language}">{spans}</code></pre>'


def highlight_code(body):
    """The body with each code block that names a known language highlighted."""
    return _BLOCK.sub(_highlighted, body)


LIGHT_STYLE, DARK_STYLE = "friendly", "github-dark"


def theme_css():
    """The colours of highlighted code, light and dark, as static/css/broadsheet.css holds them
    (tests/test_writing_toolkit.py checks the file is up to date)."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_token_style_defs(".highlight")
    dark = HtmlFormatter(style=DARK_STYLE).get_token_style_defs(".highlight")
    indented = "\n".join(f"  {line}" for line in dark)
    return (
        f"/* Highlighted code: Pygments' {LIGHT_STYLE} and {DARK_STYLE} "
        "(blog/code_blocks.py theme_css()) */\n"
        + "\n".join(light)
        + f"\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
    )
