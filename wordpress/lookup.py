"""WordPress ids → the imported objects' primary keys, for the blog's legacy redirects."""

from .models import Imported


def imported_pk(model, wp_id):
    """The pk of the `model` object imported with this WordPress id, or None."""
    return (
        Imported.objects.for_model(model)
        .filter(wp_id=wp_id)
        .order_by("-pk")
        .values_list("object_id", flat=True)
        .first()
    )
