from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Editor": ["add_image", "change_image", "delete_image", "view_image"],
    "Author": ["add_image", "change_image", "view_image"],
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="images", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("blog", "0002_author_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
