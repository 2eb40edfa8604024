from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_post", "change_post", "delete_post", "view_post", "edit_any_post",
    "add_page", "change_page", "delete_page", "view_page",
    "add_category", "change_category", "delete_category", "view_category",
    "add_tag", "change_tag", "delete_tag", "view_tag",
    "view_author",
]  # fmt: skip
AUTHOR_PERMISSIONS = [
    "add_post", "change_post", "delete_post", "view_post",
    "view_category", "add_tag", "view_tag", "view_author",
]  # fmt: skip


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Editor", EDITOR_PERMISSIONS), ("Author", AUTHOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
