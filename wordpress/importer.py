"""Creating the blog's objects from a parsed WordPress export (see wxr.py).

Everything is matched through `Imported` (the WordPress id of what was made), so importing the
same file again creates nothing twice and leaves what was imported before, and perhaps edited
since, as it is.
"""

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from blog import footnotes
from blog.converters import SLUG
from blog.html import plain_text
from blog.models import (
    RESERVED_PAGE_SLUGS,
    Author,
    BlogSettings,
    Category,
    Page,
    Post,
    Status,
    Tag,
)

from . import addresses, content, sync, wxr
from .discussion import Comments
from .media import MediaImport
from .models import Imported
from .new_posts import NewPosts
from .progress import Stopwatch
from .rows import insert_rows

POST_STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # with its future date: scheduled
    "private": Status.PRIVATE,
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
    "auto-draft": Status.DRAFT,
}
IMAGE_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"(https?://[^\"]+)\"", re.IGNORECASE)


def clean_slug(text):
    """A slug the blog's addresses take: WordPress's own (already decoded from its percent
    encoding, in any script) when it is one, else one made from it."""
    return text if SLUG.fullmatch(text or "") else slugify(text or "", allow_unicode=True)


def term_slug(slug, name, model):
    """A category's or tag's slug, cut to what the model keeps."""
    max_length = model._meta.get_field("slug").max_length
    return (clean_slug(slug) or clean_slug(name))[:max_length].strip("-") or "term"


class Report:
    """What an import did, for the command's summary."""

    def __init__(self):
        self.created = Counter()
        self.existing = Counter()
        self.skipped = defaultdict(Counter)  # kind → reason → count
        self.notes = []
        self.seconds = {}  # "posts", "comments" → time their work took (Stopwatch)
        self.addresses = 0  # old addresses recorded
        # Posts and pages changed in WordPress since the last import (sync.py): left as they
        # were, updated (--update), or left because they were edited here since.
        self.changed, self.updated, self.changed_here = [], [], []

    def skip(self, kind, reason):
        self.skipped[kind][reason] += 1


class Importer:
    """Imports an export in one pass over its items (each with its comments).

    Items are read one at a time (wxr.Items), and what is made is written in batches (new
    posts: new_posts.py; comments: discussion.py): memory stays bounded and the cost grows with
    the export, not with its square.
    """

    BATCH = 1000

    def __init__(
        self, export, author_map=None, uploads=None, fetch=False, update=False, progress=None
    ):
        self.export = export
        self.site = export.site_url[:200]
        self.author_map = author_map or {}
        self.update = update  # apply changes made in WordPress since the last import
        self.report = Report()
        self.progress = progress or (lambda done=1: None)
        self.rows = {}  # (model, WordPress id) → Imported
        self.refused = set()  # WordPress ids imported before for other content (sync.py)
        self.stamped = defaultdict(set)  # model → WordPress ids made or updated now
        self.known = self._known()
        self.authors = {}
        self.categories = {}
        self.tags = {}
        self.posts = {}  # WordPress id → Post of the item at hand, for its comments
        self.new_posts = NewPosts(self)
        self.seen = []  # what addresses.record() needs of each item, gathered on the way
        self.stopwatch = Stopwatch()
        self.remote_images = Counter()  # host → images in posts still loaded from it
        self._unsaved_imported = {}  # (model, WordPress id) → Imported, written in batches
        self._unsaved_terms = []  # posts' categories and tags, likewise
        self._post_days = None  # (slug, local day) of every post: a post's address
        self.media = MediaImport(self, uploads, fetch)

    def run(self):
        self.import_title_and_tagline()
        self.import_authors()
        self.import_terms()
        self.media.import_attachments()
        comments = Comments(self)
        charge = self.stopwatch.charge
        for item in self.export.items:
            with charge("posts"):
                if item.post_type in ("post", "page"):
                    self.import_item(item)
                else:
                    self.skip_item(item)
            with charge("comments"):
                comments.add(item)
            if seen := addresses.seen(item):
                self.seen.append(seen)
            self.progress(1 + len(item.comments))
        with charge("comments"):
            comments.finish()
            self.flush()
        self.report.seconds = self.stopwatch.seconds
        self.note_remote_images()
        if self.media.fetch:
            self.media.queue_downloads()
        self.report.media = self.media
        sync.stamp_all(self)
        self.report.addresses = addresses.record(self)
        return self.report

    def flush(self):
        """Write what is waiting in batches: new posts, the records of WordPress ids, posts'
        terms."""
        self.new_posts.write()
        insert_rows(Imported, self._unsaved_imported.values())
        self._unsaved_imported = {}
        for field in ("categories", "tags"):
            through = Post._meta.get_field(field).remote_field.through
            rows = [through(**row) for kind, row in self._unsaved_terms if kind == field]
            through.objects.bulk_create(rows, batch_size=self.BATCH)
        self._unsaved_terms = []

    # Mapping between WordPress ids and ours.

    def _known(self):
        """Our ids of what was imported from this site before, by model and WordPress id; and
        the rows of its posts and pages, whose fingerprints sync.py compares."""
        known = defaultdict(dict)
        rows = Imported.objects.filter(site=self.site)
        models = {}
        for content_type_id, wp_id, object_id in rows.values_list(
            "content_type_id", "wp_id", "object_id"
        ).iterator():
            if (model := models.get(content_type_id)) is None:
                model = models[content_type_id] = ContentType.objects.get_for_id(
                    content_type_id
                ).model_class()
            known[model][wp_id] = object_id
        for model in (Post, Page):
            for row in rows.for_model(model):
                self.rows[model, row.wp_id] = row
        return known

    def existing(self, model, wp_id):
        """The object imported before with this id, if it still exists."""
        if wp_id is None or (pk := self.known[model].get(wp_id)) is None:
            return None
        return model._default_manager.filter(pk=pk).first()

    def remember(self, obj, wp_id, **stamps):
        """Record that `obj` was WordPress's `wp_id` (with sync.stamps() for a post or page)."""
        if wp_id is None:
            return
        content_type = ContentType.objects.get_for_model(obj)
        if wp_id in self.known[type(obj)]:  # imported before, deleted since, made again
            Imported.objects.filter(site=self.site, content_type=content_type, wp_id=wp_id).update(
                object_id=obj.pk, **stamps
            )
        else:
            self._unsaved_imported[type(obj), wp_id] = Imported(
                site=self.site, content_type=content_type, wp_id=wp_id, object_id=obj.pk, **stamps
            )
            if len(self._unsaved_imported) >= self.BATCH:
                self.flush()
        self.known[type(obj)][wp_id] = obj.pk

    def stamp(self, model, item):
        """Record what this post or page was in WordPress (sync.py)."""
        values = sync.stamps(item)
        if (row := self._unsaved_imported.get((model, item.wp_id))) is not None:
            for name, value in values.items():
                setattr(row, name, value)
        else:
            Imported.objects.for_model(model).filter(site=self.site, wp_id=item.wp_id).update(
                **values
            )
        self.stamped[model].add(item.wp_id)

    def count(self, kind, created):
        (self.report.created if created else self.report.existing)[kind] += 1

    def import_title_and_tagline(self):
        """The WordPress site's title and tagline become the blog's, where the blog has none of
        its own yet (BlogSettings: the environment's BLOG_TITLE and BLOG_TAGLINE until then)."""
        row = BlogSettings.objects.filter(pk=1).first() or BlogSettings()
        taken = []
        for field, value in (("title", self.export.title), ("tagline", self.export.tagline)):
            value = plain_text(value)[: BlogSettings._meta.get_field(field).max_length].strip()
            if value and not getattr(row, field):
                setattr(row, field, value)
                taken.append(field)
            elif value and getattr(row, field) != value:
                self.report.notes.append(
                    f"The WordPress site's {field} “{value}” was not taken: the blog has its "
                    f"own, “{getattr(row, field)}” (Admin → Blog settings)."
                )
        if taken:
            row.save()
            self.report.notes.append(
                f"The blog now has the WordPress site's {' and '.join(taken)} "
                f"(title “{row.title}”, tagline “{row.tagline}”: Admin → Blog settings)."
            )

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

    @cached_property
    def declared_categories(self):
        return {t.slug: t for t in self.export.terms if t.kind == "category"}

    def import_terms(self):
        declared = self.declared_categories
        for term in self.export.terms:
            if term.kind == "category":
                self.category(term.slug, declared)
            else:
                self.tag(term.slug, term.name, term.wp_id, term.description)

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
        own_slug = term_slug(slug, name, Category)
        if category is None:
            path = f"{parent.path}/{own_slug}" if parent else own_slug
            category = Category.objects.filter(path=path).first()
        if category is None:
            category = Category.objects.create(
                name=name[:100],
                slug=own_slug,
                parent=parent,
                description=term.description if term else "",
            )
            created = True
        self.remember(category, term and term.wp_id)
        self.count("categories", created)
        self.categories[slug] = category
        return category

    def tag(self, slug, name, wp_id=None, description=""):
        """The tag with this WordPress slug: used but undeclared, it is still its own tag, under
        its own slug (named after it too when another tag has its name)."""
        if slug in self.tags:
            return self.tags[slug]
        tag = self.existing(Tag, wp_id)
        created = False
        own_slug = term_slug(slug, name, Tag)
        if tag is None:
            tag = Tag.objects.filter(slug=own_slug).first()
        if tag is None:
            name = (name or slug)[:100]
            if Tag.objects.filter(name=name).exists():
                name = f"{name[: 100 - len(own_slug) - 3]} ({own_slug})"
            tag = Tag.objects.create(slug=own_slug, name=name, description=description)
            created = True
        self.remember(tag, wp_id)
        self.count("tags", created)
        self.tags[slug] = tag
        return tag

    def item_terms(self, item):
        categories, tags = [], []
        declared = self.declared_categories
        for domain, nicename, name in item.terms:
            slug = nicename or slugify(name, allow_unicode=True)
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
        if model is Post and item.wp_id in self.new_posts:  # twice in the file: made once
            self.count(kind, False)
            self.posts[item.wp_id] = self.new_posts.get(item.wp_id)
            return
        if found := self.existing(model, item.wp_id):
            if sync.refused(self, model, item, found):
                return
            self.count(kind, False)
            if model is Post:
                self.posts[item.wp_id] = self.light(found)
            sync.found_again(self, model, item, found)
            return
        if model is Post:
            self.create_post(item)  # written with its batch (new_posts.py)
        else:
            self.remember(self.create_page(item), item.wp_id)
            self.stamp(model, item)
        self.count(kind, True)

    def slug_for(self, item, max_length):
        name = item.name
        slug = clean_slug(name) or clean_slug(plain_text(item.title))
        slug = slug[:max_length].strip("-") or f"{item.post_type}-{item.wp_id}"
        if name and slug != name:
            self.report.notes.append(
                f"“{item.title}”: slug “{name}” became “{slug}” (addresses take letters, "
                "digits, “_” and “-”)."
            )
        return slug

    @staticmethod
    def post_status(item):
        return POST_STATUSES.get(item.status, Status.DRAFT)

    def create_post(self, item):
        status = self.post_status(item)
        publish_at = wxr.moment(item.date_gmt, item.date) or timezone.now()
        slug = base = self.slug_for(item, Post._meta.get_field("slug").max_length)
        local_day = timezone.localdate(publish_at)
        if self._post_days is None:
            self._post_days = {
                (slug, timezone.localdate(date))
                for slug, date in Post.objects.values_list("slug", "publish_at").iterator()
            }
        suffix = 1
        while (slug, local_day) in self._post_days:
            suffix += 1
            slug = f"{base}-{suffix}"
        self._post_days.add((slug, local_day))
        html = footnotes.render(self.media.html(item, Post), content.footnotes(item.meta))
        # A WordPress excerpt is text with paragraphs apart by blank lines, as its content is.
        excerpt = content.plain_paragraphs(content.autop(item.excerpt))
        excerpt = excerpt or content.text_before_more(item.content)
        categories, tags = self.item_terms(item)
        post = Post(
            title=plain_text(item.title)[:300] or slug,
            slug=slug,
            author=self.author(item.creator),
            body=html,
            excerpt=excerpt,
            status=status,
            password=item.password,
            publish_at=publish_at,
            sticky=item.sticky,
            allow_comments=item.comment_status != "closed",
            featured_image=self.media.featured_image(item, Post),
        )
        self.new_posts.add(post, item, categories, tags)  # derives its fields as save() does
        own = urlsplit(settings.SITE_URL).hostname
        for url in IMAGE_SRC.findall(post.body):
            if (host := urlsplit(url).hostname) != own:
                self.remote_images[host] += 1
        self.posts[item.wp_id] = post
        self.check_date(item, post)
        return post

    def add_terms(self, post, categories, tags):
        """A new post's categories and tags, written with the next flush."""
        for field, terms in (("categories", categories), ("tags", tags)):
            column = "category_id" if field == "categories" else "tag_id"
            self._unsaved_terms += [
                (field, {"post_id": post.pk, column: pk}) for pk in {term.pk for term in terms}
            ]

    @staticmethod
    def light(post):
        """The post with only its id and date loaded (the rest loads if asked for): what the
        comments need, without keeping every body in memory."""
        return Post.from_db(post._state.db, ["id", "publish_at"], [post.pk, post.publish_at])

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
                f"Page “{item.title}” was a child page: its address is now /{slug}/ (the old "
                "one, below its parent, redirects there)."
            )
        published = item.status == "publish" and not item.password
        page = Page.objects.create(
            title=plain_text(item.title)[:200] or slug,
            slug=slug,
            body=self.media.html(item, Page),
            status=Status.PUBLISHED if published else Status.DRAFT,
            in_navigation=not item.parent_wp_id,
            order=min(max(item.menu_order, 0), 32767),
        )
        if moment := wxr.moment(item.date_gmt, item.date):  # its date in WordPress, not today
            Page.objects.filter(pk=page.pk).update(updated_at=moment)
        return page

    def skip_item(self, item):
        if item.post_type == "attachment" and item.wp_id in self.media.library.by_wp_id:
            return  # in the media library, counted as "media"
        reasons = {
            "attachment": "not in the library: see the notes (import with --media or --fetch)",
            "nav_menu_item": "menus are not imported",
        }
        self.report.skip(
            item.post_type, reasons.get(item.post_type, "this kind of content is not imported")
        )

    def note_remote_images(self):
        for host, number in self.remote_images.most_common():
            self.report.notes.append(
                f"{number} image(s) in posts still load from {host}: they were not downloaded."
            )
