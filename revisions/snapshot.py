"""A version of an object as plain JSON, and back into its admin form's data."""

from django.db import models
from django.forms import MultiWidget
from django.utils.dateparse import parse_datetime


def take(obj, fields, many_to_many=None):
    """The fields' values: foreign keys as ids, many-to-many as sorted ids, dates in ISO form.
    `many_to_many` gives ids the form just set, before the object's relations are saved."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            if many_to_many is not None and name in many_to_many:
                data[name] = sorted(item.pk for item in many_to_many[name])
            else:
                data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        elif field.many_to_one:
            data[name] = getattr(obj, field.attname)
        elif isinstance(field, models.DateTimeField):
            value = getattr(obj, name)
            data[name] = value.isoformat() if value else None
        else:
            data[name] = getattr(obj, name)
    return data


def apply(obj, data):
    """Set the snapshot's single-valued fields on `obj` (not saved); returns the many-to-many
    ones, which only a save can set."""
    many = {}
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        elif field.many_to_one:
            setattr(obj, field.attname, value)
        elif isinstance(field, models.DateTimeField):
            setattr(obj, name, parse_datetime(value) if value else None)
        else:
            setattr(obj, name, value)
    return many


def form_data(form, many_to_many):
    """What a browser would send for the unbound `form` (built on the restored object): so a
    restore is validated, sanitised and saved like a save."""
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        name = bound.html_name
        if bound.name in many_to_many:  # those deleted since are left out
            still_there = bound.field.queryset.filter(pk__in=many_to_many[bound.name])
            data[name] = [str(pk) for pk in still_there.values_list("pk", flat=True)]
        elif isinstance(widget, MultiWidget):
            parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[name + suffix] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = value
    return data


def form_initial(form_class, autosave):
    """Initial values for the change form from an autosave (the form's fields as the browser
    sent them, each a list of values)."""
    form = form_class()
    initial = {}
    posted = _Posted(autosave)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if not field.widget.value_omitted_from_data(posted, {}, key):
            initial[name] = field.widget.value_from_datadict(posted, {}, key)
    return initial


class _Posted(dict):
    """The autosave's {name: [values]} as a QueryDict-like object for value_from_datadict."""

    def get(self, key, default=None):
        values = super().get(key)
        return values[-1] if values else default

    def getlist(self, key):
        return list(super().get(key, []))
