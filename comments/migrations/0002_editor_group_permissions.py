from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors moderate: they see, approve, edit and delete comments. Comments are never added here.
EDITOR_PERMISSIONS = ["view_comment", "change_comment", "delete_comment"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=EDITOR_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_reader_comments"),
        ("blog", "0002_author_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
