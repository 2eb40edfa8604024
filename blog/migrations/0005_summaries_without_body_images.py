from django.conf import settings
from django.db import migrations

from blog import html


def recompute_summaries(apps, schema_editor):
    """Posts with a featured image: their summary leaves out the body's figures from now on."""
    Post = apps.get_model("blog", "Post")
    posts = list(Post.objects.filter(featured_image__isnull=False).only("body", "summary"))
    for post in posts:
        post.summary = html.excerpt(post.body, settings.EXCERPT_WORDS, without_images=True)
    Post.objects.bulk_update(posts, ["summary"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("blog", "0004_post_search_index")]

    operations = [migrations.RunPython(recompute_summaries, migrations.RunPython.noop)]
