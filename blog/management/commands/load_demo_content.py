from datetime import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from blog.demo import posts as demo
from blog.demo import seed
from blog.models import Author, Category, Page, Post, Status, Tag
from config.page_cache import one_change


class Command(BaseCommand):
    help = "Fill an empty blog with the demo posts and pages. Does nothing if any post exists."

    def handle(self, *args, **options):
        if Post.objects.exists() or Page.objects.exists():
            self.stdout.write("The blog has content already: demo content not loaded.")
            return
        with one_change(), transaction.atomic():
            self.load()
        self.stdout.write(self.style.SUCCESS(f"Loaded {Post.objects.count()} demo posts."))

    def load(self):
        authors = {
            slug: Author.objects.create(slug=slug, name=name, bio=bio)
            for slug, name, bio in demo.AUTHORS
        }
        categories = {}
        for path, name, description in demo.CATEGORIES:
            parent_path, _, slug = path.rpartition("/")
            categories[path] = Category.objects.create(
                name=name, slug=slug, description=description, parent=categories.get(parent_path)
            )
        tags = {}

        def tag(slug):
            if slug not in tags:
                name = demo.TAGS.get(slug, slug.replace("-", " ").title())
                tags[slug] = Tag.objects.create(slug=slug, name=name)
            return tags[slug]

        seed_post = {
            "title": seed.TITLE,
            "slug": seed.SLUG,
            "date": seed.DATE,
            "author": demo.AUTHORS[0][0],
            "categories": seed.CATEGORIES,
            "tags": seed.TAGS,
            "body": seed.body_html(),
        }
        for entry in [*demo.POSTS, seed_post]:
            post = Post.objects.create(
                title=entry["title"],
                slug=entry.get("slug") or slugify(entry["title"]),
                author=authors[entry["author"]],
                body=entry["body"],
                excerpt=entry.get("excerpt", ""),
                status=Status.PUBLISHED,
                publish_at=timezone.make_aware(datetime.fromisoformat(entry["date"])),
                sticky=entry.get("sticky", False),
            )
            post.categories.set([categories[path] for path in entry["categories"]])
            post.tags.set([tag(slug) for slug in entry["tags"]])
        for entry in demo.PAGES:
            Page.objects.create(
                title=entry["title"],
                slug=entry["slug"],
                body=entry["body"],
                order=entry.get("order", 0),
                status=Status.PUBLISHED,
            )
