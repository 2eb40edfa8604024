"""Footnotes, in WordPress's markup, rendered at save time as an accessible list.

A reference is WordPress's `<sup data-fn="ID" class="fn"><a href="#ID" id="ID-link">1</a></sup>`;
the notes are the items of the body's `<section class="footnotes">` (written by the editor or by
an earlier save), of WordPress's rendered `<ol class="wp-block-footnotes">`, or the `footnotes`
post meta an import passes in. Each save numbers the references in reading order and writes
the list again at the end of the body, each note with a link back to its reference: rendering
twice gives the same body, so the editor can load what it saved.
"""

import html
import re

from django.utils.translation import gettext as _

_REFERENCE = re.compile(r'<sup\b[^>]*\bdata-fn="([^"]*)"[^>]*>.*?</sup>', re.DOTALL)
_LIST = re.compile(
    r'<section\b[^>]*\bclass="footnotes"[^>]*>.*?</section>'
    r'|<ol\b[^>]*\bclass="[^"]*\bwp-block-footnotes\b[^"]*"[^>]*>.*?</ol>',
    re.DOTALL,
)
_NOTE = re.compile(r'<li\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</li>', re.DOTALL)
_UNSAFE_IN_ID = re.compile(r"[^A-Za-z0-9_-]")
TITLE_ID = "footnotes-title"


def _safe_id(raw):
    """An id fit for an address fragment; a reference and its note map to the same one."""
    return _UNSAFE_IN_ID.sub("-", raw)[:80] or "fn"


def _back_link(note_id):
    return re.compile(rf'<a\b[^>]*\bhref="#{re.escape(note_id)}-link"[^>]*>.*?</a>', re.DOTALL)


def _notes_in(body):
    notes = {}
    for found in _LIST.finditer(body):
        for note_id, content in _NOTE.findall(found.group(0)):
            content = _back_link(note_id).sub("", content).strip()
            notes.setdefault(_safe_id(note_id), re.sub(r"\s+</p>$", "</p>", content))
    return notes


def render(body, meta_notes=None):
    """The body with its references numbered and its notes listed after it.

    `meta_notes` maps note ids to their HTML (WordPress's `footnotes` post meta).
    """
    meta = {_safe_id(note_id): content for note_id, content in (meta_notes or {}).items()}
    notes = {**meta, **_notes_in(body)}
    body = _LIST.sub("", body)
    order = []

    def numbered(match):
        note_id = _safe_id(match.group(1))
        first = note_id not in order
        if first:
            order.append(note_id)
        number = order.index(note_id) + 1
        anchor = f' id="{note_id}-link"' if first else ""
        return (
            f'<sup data-fn="{note_id}" class="fn"><a href="#{note_id}"{anchor} '
            f'aria-describedby="{TITLE_ID}">{number}</a></sup>'
        )

    body = _REFERENCE.sub(numbered, body).strip()
    # Notes whose reference was deleted are kept, last, so no text the author wrote is lost.
    order += [note_id for note_id in notes if note_id not in order]
    if not order:
        return body
    items = []
    for number, note_id in enumerate(order, start=1):
        content = notes.get(note_id, "")
        if f'data-fn="{note_id}"' in body:
            label = html.escape(_("Back to reference %(number)s") % {"number": number})
            back = f'<a href="#{note_id}-link" class="footnote-back" aria-label="{label}">↩︎</a>'
            if content.endswith("</p>"):
                content = f"{content[:-4]} {back}</p>"
            else:
                content = f"{content} {back}".strip()
        items.append(f'<li id="{note_id}">{content}</li>')
    title = html.escape(_("Notes"))
    return (
        f'{body}<section class="footnotes" aria-labelledby="{TITLE_ID}">'
        f'<h2 id="{TITLE_ID}">{title}</h2><ol>{"".join(items)}</ol></section>'
    )


def without_references(fragment):
    """An excerpt's text without reference numbers, which point into the whole post."""
    return _REFERENCE.sub("", _LIST.sub("", fragment))
