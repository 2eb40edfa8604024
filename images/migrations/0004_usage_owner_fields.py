import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A usage's owner becomes generic: first the new fields, empty, beside post and page."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0003_usage_on_pages"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="usage", name="image_use_post_or_page"),
        migrations.RemoveConstraint(model_name="usage", name="unique_image_use"),
        migrations.RemoveConstraint(model_name="usage", name="unique_image_use_page"),
        migrations.AddField(
            model_name="usage",
            name="content_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="usage",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
    ]
