import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The owner is now only the generic relation: post and page go, the new fields are required."""

    dependencies = [("images", "0005_usage_owner_from_post_or_page")]

    operations = [
        migrations.RemoveField(model_name="usage", name="post"),
        migrations.RemoveField(model_name="usage", name="page"),
        migrations.AlterField(
            model_name="usage",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
            ),
        ),
        migrations.AlterField(
            model_name="usage",
            name="object_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterModelOptions(
            name="usage",
            options={
                "ordering": ["content_type", "object_id", "role"],
                "verbose_name": "image use",
                "verbose_name_plural": "image uses",
            },
        ),
        migrations.AddIndex(
            model_name="usage",
            index=models.Index(fields=["content_type", "object_id"], name="image_use_owner"),
        ),
        migrations.AddConstraint(
            model_name="usage",
            constraint=models.UniqueConstraint(
                fields=("image", "content_type", "object_id", "role"),
                name="unique_image_use_per_owner",
            ),
        ),
    ]
