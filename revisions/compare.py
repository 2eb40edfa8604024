"""Two revisions' fields as text a person reads, differences marked."""

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from .diff import block_text, side_by_side


def readable(model, name, value):
    """A field's stored value as the author knows it: names, labels, dates, the body's text."""
    field = model._meta.get_field(name)
    if value in (None, "", []):
        return ""
    if field.many_to_many:
        related = field.related_model._base_manager.in_bulk(value)
        return ", ".join(str(related[pk]) for pk in value if pk in related)
    if field.many_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(parse_datetime(value)), "DATETIME_FORMAT")
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    text = str(value)
    return block_text(text) if text.lstrip().startswith("<") else text


def compared_fields(model, old, new, fields=()):
    """(label, old marked, new marked, changed) per field either revision has, in the order of
    `fields` (the admin's revision_fields): PostgreSQL's jsonb keeps keys in an order of its own."""
    rows = []
    order = {name: i for i, name in enumerate(fields)}
    for name in sorted(dict.fromkeys([*old, *new]), key=lambda name: order.get(name, len(order))):
        before = readable(model, name, old.get(name))
        after = readable(model, name, new.get(name))
        left, right = side_by_side(before, after)
        label = model._meta.get_field(name).verbose_name
        rows.append((label, left, right, before != after))
    return rows
