from django.db import migrations
from django.db.models import F

# The foreign keys a usage named its owner with until now.
OWNER_FIELDS = ["post", "page"]


def owner_model(Usage, name):
    return Usage._meta.get_field(name).related_model


def to_generic(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Usage = apps.get_model("images", "Usage")
    for name in OWNER_FIELDS:
        usages = Usage.objects.filter(**{f"{name}__isnull": False})
        if usages.exists():
            content_type = ContentType.objects.get_for_model(owner_model(Usage, name))
            usages.update(content_type=content_type, object_id=F(name))


def to_foreign_keys(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Usage = apps.get_model("images", "Usage")
    kept = []
    for name in OWNER_FIELDS:
        opts = owner_model(Usage, name)._meta
        content_type = ContentType.objects.filter(
            app_label=opts.app_label, model=opts.model_name
        ).first()
        if content_type is not None:
            Usage.objects.filter(content_type=content_type).update(**{name: F("object_id")})
            kept.append(content_type.pk)
    # Owners other than posts and pages had no place before: their records go.
    Usage.objects.exclude(content_type__in=kept).delete()


class Migration(migrations.Migration):
    dependencies = [("images", "0004_usage_owner_fields")]

    operations = [migrations.RunPython(to_generic, to_foreign_keys)]
