"""Creating the blog's objects from a parsed WordPress export (see wxr.py).

Everything is matched through `Imported` (the WordPress id of what was made), so importing the
same file again creates nothing twice and leaves what was imported before, and perhaps edited
since, as it is.
"""

import re
from collections import Counter, defaultdict
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from blog.html import plain_text
from blog.models import RESERVED_PAGE_SLUGS, Author, Category, Page, Post, Status, Tag

from . import content, wxr
from .discussion import import_comments
from .models import Imported

POST_STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # with its future date: scheduled
    "private": Status.PRIVATE,
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
    "auto-draft": Status.DRAFT,
}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
IMAGE_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"(https?://[^\"]+)\"", re.IGNORECASE)


class Report:
    """What an import did, for the command's summary."""

    def __init__(self):
        self.created = Counter()
        self.existing = Counter()
        self.skipped = defaultdict(Counter)  # kind → reason → count
        self.notes = []

    def skip(self, kind, reason):
        self.skipped[kind][reason] += 1


class Importer:
    def __init__(self, export, author_map=None):
        self.export = export
        self.site = export.site_url[:200]
        self.author_map = author_map or {}
        self.report = Report()
        self.known = self._known()
        self.authors = {}
        self.categories = {}
        self.tags = {}
        self.posts = {}  # WordPress id → Post, for the comments

    def run(self):
        self.import_authors()
        self.import_terms()
        items = [i for i in self.export.items if i.post_type in ("post", "page")]
        for item in sorted(items, key=lambda i: (i.date_gmt or i.date, i.wp_id or 0)):
            self.import_item(item)
        for item in self.export.items:
            if item.post_type not in ("post", "page"):
                self.skip_item(item)
        import_comments(self)
        self.note_remote_images()
        return self.report

    # Mapping between WordPress ids and ours.

    def _known(self):
        known = defaultdict(dict)
        for row in Imported.objects.filter(site=self.site).select_related("content_type"):
            known[row.content_type.model_class()][row.wp_id] = row.object_id
        return known

    def existing(self, model, wp_id):
        """The object imported before with this id, if it still exists."""
        if wp_id is None or (pk := self.known[model].get(wp_id)) is None:
            return None
        return model._default_manager.filter(pk=pk).first()

    def remember(self, obj, wp_id):
        if wp_id is not None:
            Imported.objects.update_or_create(
                site=self.site,
                content_type=ContentType.objects.get_for_model(obj),
                wp_id=wp_id,
                defaults={"object_id": obj.pk},
            )
            self.known[type(obj)][wp_id] = obj.pk

    def count(self, kind, created):
        (self.report.created if created else self.report.existing)[kind] += 1

    # Authors, categories, tags.

    def import_authors(self):
        for wp_author in self.export.authors:
            self.author(wp_author.login, wp_author.display_name, wp_author.wp_id)

    def author(self, login, name="", wp_id=None):
        login = login or "wordpress"
        if login in self.authors:
            return self.authors[login]
        if login in self.author_map:
            author, created = self.author_map[login], False
        elif found := self.existing(Author, wp_id):
            author, created = found, False
        else:
            slug = slugify(login) or f"author-{wp_id or 1}"
            author, created = Author.objects.get_or_create(
                slug=slug, defaults={"name": (name or login)[:100]}
            )
        self.remember(author, wp_id)
        self.count("authors", created)
        self.authors[login] = author
        return author

    def import_terms(self):
        declared = {t.slug: t for t in self.export.terms if t.kind == "category"}
        for term in self.export.terms:
            if term.kind == "category":
                self.category(term.slug, declared)
            else:
                self.tag(term.slug, term.name, term.wp_id)

    def category(self, slug, declared, name="", seen=()):
        """The category for this WordPress slug, its parents made first (in any file order)."""
        if slug in self.categories:
            return self.categories[slug]
        term = declared.get(slug)
        parent = None
        if term and term.parent_slug and term.parent_slug not in seen:
            parent = self.category(term.parent_slug, declared, seen=(*seen, slug))
        name = (term.name if term else name) or slug
        category = self.existing(Category, term and term.wp_id)
        created = False
        if category is None:
            path = f"{parent.path}/{slug}" if parent else slug
            category = Category.objects.filter(path=path).first()
        if category is None:
            category = Category.objects.create(
                name=name[:100],
                slug=slug,
                parent=parent,
                description=term.description if term else "",
            )
            created = True
        self.remember(category, term and term.wp_id)
        self.count("categories", created)
        self.categories[slug] = category
        return category

    def tag(self, slug, name, wp_id=None):
        if slug in self.tags:
            return self.tags[slug]
        tag = self.existing(Tag, wp_id)
        created = False
        if tag is None:
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
        if tag is None:
            tag, created = Tag.objects.create(slug=slug, name=(name or slug)[:100]), True
        self.remember(tag, wp_id)
        self.count("tags", created)
        self.tags[slug] = tag
        return tag

    def item_terms(self, item):
        categories, tags = [], []
        declared = {t.slug: t for t in self.export.terms if t.kind == "category"}
        for domain, nicename, name in item.terms:
            slug = (
                nicename if SLUG.fullmatch(nicename or "") else slugify(unquote(nicename or name))
            )
            if not slug:
                continue
            if domain in ("category", ""):  # no domain: a plain RSS category
                categories.append(self.category(slug, declared, name=name))
            elif domain == "post_tag":
                tags.append(self.tag(slug, name))
        return categories, tags

    # Posts and pages.

    def import_item(self, item):
        model = Page if item.post_type == "page" else Post
        kind = "pages" if model is Page else "posts"
        if item.wp_id is None:
            self.report.skip(kind, "no WordPress id in the export")
            return
        if item.status == "trash":
            self.report.skip(kind, "in WordPress's trash")
            return
        if found := self.existing(model, item.wp_id):
            self.count(kind, False)
            if model is Post:
                self.posts[item.wp_id] = found
            return
        obj = self.create_page(item) if model is Page else self.create_post(item)
        self.remember(obj, item.wp_id)
        self.count(kind, True)

    def slug_for(self, item, max_length):
        name = unquote(item.name)
        slug = name if SLUG.fullmatch(name) else slugify(name) or slugify(item.title)
        if name and slug != name and not re.search("[a-z]", slug):
            slug = ""  # nothing readable is left of a non-Latin slug
        slug = slug[:max_length].strip("-") or f"{item.post_type}-{item.wp_id}"
        if name and slug != name:
            self.report.notes.append(
                f"“{item.title}”: slug “{name}” became “{slug}” (addresses take ASCII slugs)."
            )
        return slug

    def create_post(self, item):
        status = POST_STATUSES.get(item.status, Status.DRAFT)
        if item.password:
            # Broadsheet has no post passwords: public would show what the author protected.
            status = Status.PRIVATE
            self.report.notes.append(f"“{item.title}” was password-protected: imported as private.")
        publish_at = wxr.moment(item.date_gmt, item.date) or timezone.now()
        slug = base = self.slug_for(item, Post._meta.get_field("slug").max_length)
        local_day = timezone.localdate(publish_at)
        suffix = 1
        while Post.objects.filter(slug=slug, publish_at__date=local_day).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        html = content.to_html(item.content)
        excerpt = content.plain_paragraphs(item.excerpt) or content.text_before_more(item.content)
        categories, tags = self.item_terms(item)
        post = Post.objects.create(
            title=plain_text(item.title)[:300] or slug,
            slug=slug,
            author=self.author(item.creator),
            body=html,
            excerpt=excerpt,
            status=status,
            publish_at=publish_at,
            sticky=item.sticky,
            allow_comments=item.comment_status != "closed",
        )
        post.categories.set(categories)
        post.tags.set(tags)
        self.posts[item.wp_id] = post
        self.check_date(item, post)
        return post

    def check_date(self, item, post):
        day = timezone.localdate(post.publish_at).isoformat()
        if item.date and not item.date.startswith("0000") and day != item.date[:10]:
            self.report.notes.append(
                f"“{item.title}” is dated {item.date[:10]} in WordPress but {day} here: is "
                f"TIME_ZONE ({settings.TIME_ZONE}) the WordPress site's time zone?"
            )

    def create_page(self, item):
        slug = base = self.slug_for(item, Page._meta.get_field("slug").max_length)
        if slug in RESERVED_PAGE_SLUGS:
            slug = base = f"{slug}-page"
        suffix = 1
        while Page.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        if item.parent_wp_id:
            self.report.notes.append(
                f"Page “{item.title}” was a child page: its address is now /{slug}/."
            )
        published = item.status == "publish" and not item.password
        return Page.objects.create(
            title=plain_text(item.title)[:200] or slug,
            slug=slug,
            body=content.to_html(item.content),
            status=Status.PUBLISHED if published else Status.DRAFT,
            in_navigation=not item.parent_wp_id,
            order=min(max(item.menu_order, 0), 32767),
        )

    def skip_item(self, item):
        reasons = {
            "attachment": "media files are not downloaded (their URLs stay in the posts)",
            "nav_menu_item": "menus are not imported",
        }
        self.report.skip(
            item.post_type, reasons.get(item.post_type, "this kind of content is not imported")
        )

    def note_remote_images(self):
        own = urlsplit(settings.SITE_URL).hostname
        hosts = Counter()
        for post in self.posts.values():
            for url in IMAGE_SRC.findall(post.body):
                if urlsplit(url).hostname != own:
                    hosts[urlsplit(url).hostname] += 1
        for host, number in hosts.most_common():
            self.report.notes.append(
                f"{number} image(s) in posts still load from {host}: they were not downloaded."
            )
