"""Tables as screen readers need them: a header row in <thead>, each <th> with its scope.

The editor writes a table's header cells into its first row of <tbody>; WordPress and Markdown
write a <thead>. Either way the stored table says which cells head columns and which head rows.
"""

import re

_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)(</table>)", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
_CELL = re.compile(r"<(t[hd])\b", re.DOTALL)
_HEADER = re.compile(r"<th\b(?![^>]*\bscope=)")
_THEAD = re.compile(r"<thead\b[^>]*>.*?</thead>", re.DOTALL)


def _with_header_row(inner):
    """Move a leading row of header cells out of <tbody> into a <thead>."""
    if "<thead" in inner:
        return inner
    first = _ROW.search(inner)
    if not first or set(_CELL.findall(first.group(0))) != {"th"}:
        return inner
    rest = inner[: first.start()] + inner[first.end() :]
    caption = re.match(r"\s*<caption\b.*?</caption>", rest, re.DOTALL)
    at = caption.end() if caption else 0
    return f"{rest[:at]}<thead>{first.group(0)}</thead>{rest[at:]}"


def _scoped(inner):
    head = _THEAD.search(inner)
    if head:
        columns = _HEADER.sub('<th scope="col"', head.group(0))
        inner = inner[: head.start()] + columns + inner[head.end() :]
    return _HEADER.sub('<th scope="row"', inner)


def accessible_tables(body):
    return _TABLE.sub(
        lambda m: m.group(1) + _scoped(_with_header_row(m.group(2))) + m.group(3), body
    )
