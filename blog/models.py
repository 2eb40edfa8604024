from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Subquery, prefetch_related_objects
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from images.illustrated import IllustratedBody
from images.models import Usage

from . import body as body_steps
from . import footnotes, html

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Code": True,
    "Heading": {"levels": [2, 3, 4]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,  # the lists' items: without it the editor fails to start
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
    "SpecialCharacters": True,
    # Code blocks name their language as ```python does; it is highlighted at save time.
    "CodeBlock": {"languageClassPrefix": "language-"},
    # Tables: inserted, rows and columns added and removed, kept when pasted from elsewhere.
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Ours (settings.DJANGO_PROSE_EDITOR_EXTENSIONS): a toolbar button, and Markdown pasted in.
    "Footnotes": True,
    "MarkdownPaste": {"url": reverse_lazy("admin:blog_post_markdown")},
    # Figures from the media library ("Browse…" opens its picker), in posts and pages alike.
    "Figure": {"pickerUrl": reverse_lazy("admin:images_image_picker")},
    "Image": True,
    "Caption": True,
}
WORDS_PER_MINUTE = 230


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("The account this author signs in with, if any (imported authors have none)."),
    )
    name = models.CharField(_("display name"), max_length=100)
    slug = models.SlugField(unique=True, help_text=_("Used in the author's URL: /author/<slug>/."))
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:author", kwargs={"slug": self.slug})

    @classmethod
    def for_user(cls, user):
        """The user's author profile, created from their account on first use."""
        try:
            return user.author
        except cls.DoesNotExist:
            slug = base = slugify(user.get_username()) or "author"
            suffix = 1
            while cls.objects.filter(slug=slug).exists():
                suffix += 1
                slug = f"{base}-{suffix}"
            return cls.objects.create(
                user=user, name=user.get_full_name() or user.get_username(), slug=slug
            )


class CategoryQuerySet(models.QuerySet):
    def with_post_counts(self):
        # Meta.ordering does not apply to aggregating queries: order explicitly.
        return self.annotate(
            post_count=Count("posts", filter=Q(posts__in=Post.objects.published()), distinct=True)
        ).order_by("path")

    def subtree(self, category):
        """The category and every category below it."""
        return self.filter(Q(pk=category.pk) | Q(path__startswith=f"{category.path}/"))


class Category(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Nest a category under another: its posts then show on the parent's page."),
    )
    description = models.TextField(blank=True)
    path = models.CharField(max_length=500, unique=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.computed_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"path": self.path})

    def clean(self):
        if self.parent and self.pk and Category.objects.subtree(self).filter(pk=self.parent.pk):
            raise ValidationError({"parent": _("A category can't be placed inside itself.")})
        if Category.objects.filter(path=self.computed_path()).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": _("This parent already has a category with this slug.")})

    @property
    def depth(self):
        return self.path.count("/")

    def computed_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent else self.slug


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(blank=True, help_text=_("Shown on the tag's page."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PRIVATE = "private", _("Private")


class BodyFormat(models.TextChoices):
    RICH_TEXT = "html", _("Rich text")
    MARKDOWN = "markdown", _("Markdown")


class Series(models.Model):
    """Posts meant to be read in order, with a page of their own at /series/<slug>/."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:series", kwargs={"slug": self.slug})

    def parts(self):
        """Its published posts in reading order."""
        return (
            Post.objects.published().filter(series=self).order_by("series_part", "publish_at", "pk")
        )


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def in_category(self, category):
        return self.filter(categories__in=Category.objects.subtree(category)).distinct()

    def for_list(self):
        return self.select_related("author", "featured_image").prefetch_related(
            "categories", "tags"
        )

    def related_to(self, post):
        """Published posts sharing categories or tags with `post`, most shared first: one query."""
        shares, counts = Q(), []
        for relation, related in (("categories", post.categories.all()), ("tags", post.tags.all())):
            if ids := [obj.pk for obj in related]:  # an empty IN () would void the whole sum
                shares |= Q(**{f"{relation}__in": ids})
                counts.append(Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True))
        if not counts:
            return self.none()
        return (
            self.published()
            .filter(shares)
            .exclude(pk=post.pk)
            .annotate(shared=sum(counts[1:], start=counts[0]))
            .only("title", "slug", "publish_at")
            .order_by("-shared", "-publish_at", "-pk")
        )


class Post(IllustratedBody, models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        unique_for_date="publish_at",
        help_text=_("Part of the post's URL; keep it once the post is public, or links break."),
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    featured_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="featured_in",
        help_text=_("Shown above the post, beside it in lists, and when the post is shared."),
    )
    body = ProseEditorField(
        config={"extensions": EDITOR_EXTENSIONS}, sanitize=html.sanitize, blank=True
    )
    excerpt = models.TextField(
        blank=True,
        help_text=_(
            "Shown on the home page and in archives. Left empty, the first paragraphs are."
        ),
    )
    body_format = models.CharField(
        _("written in"),
        max_length=10,
        choices=BodyFormat,
        default=BodyFormat.RICH_TEXT,
        help_text=_("Markdown: the body is made from the Markdown text below each time you save."),
    )
    markdown = models.TextField(_("Markdown text"), blank=True)
    password = models.CharField(
        max_length=255,  # as WordPress's post_password
        blank=True,
        help_text=_(
            "Readers see the title and must type this to read the post. It stays out of feeds, "
            "search and the sitemap."
        ),
    )
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    series_part = models.PositiveSmallIntegerField(
        _("part"), default=1, help_text=_("Its place in the series: parts are read in this order.")
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("A future date schedules the post: it appears by itself at that time."),
    )
    sticky = models.BooleanField(default=False, help_text=_("Keep at the top of the home page."))
    allow_comments = models.BooleanField(default=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived in save(), so reading a post costs nothing extra.
    summary = models.TextField(editable=False, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    # Kept up to date by the comments app when a comment is published or removed.
    comment_count = models.PositiveIntegerField(editable=False, default=0)
    # Deleting the post deletes the record of the images it shows.
    image_usages = GenericRelation(Usage)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["status", "-publish_at"], name="post_status_date")]
        permissions = [("edit_any_post", _("Can edit and publish any author's posts"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive()
        new = self._state.adding
        super().save(*args, **kwargs)
        self.record_image_usage(kwargs.get("update_fields"), new=new)

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at)
        return reverse(
            "blog:post_detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()

    def with_terms(self):
        """This post with its categories and tags fetched, once however often it is asked (the
        post page's fragments ask only when they are made again)."""
        prefetch_related_objects([self], "categories", "tags")
        return self

    def neighbours(self):
        """The published posts just before and after this one (or None): one query."""
        published = Post.objects.published().only("title", "slug", "publish_at")
        before = published.filter(publish_at__lt=self.publish_at).order_by("-publish_at")
        after = published.filter(publish_at__gt=self.publish_at).order_by("publish_at")
        pair = Post.objects.filter(
            Q(pk=Subquery(before.values("pk")[:1])) | Q(pk=Subquery(after.values("pk")[:1]))
        ).only("title", "slug", "publish_at")
        found = {post.publish_at < self.publish_at: post for post in pair}
        return found.get(True), found.get(False)

    def clean(self):
        if self.status == Status.PUBLISHED:
            self.check_alt_text()

    def derive(self):
        """The fields made from the body: save() calls it, and so does a bulk write of posts
        (the WordPress import), which then records the image usage itself."""
        if self.body_format == BodyFormat.MARKDOWN:
            self.body = body_steps.from_markdown(self.markdown)
        self.prepare_body(body_steps.render)
        self.summary = (
            ""  # a protected post shows nothing of its body until it is opened
            if self.password
            else html.excerpt(
                footnotes.without_references(self.body),
                settings.EXCERPT_WORDS,
                without_images=bool(self.featured_image_id),
            )
        )
        self.reading_minutes = max(1, round(html.word_count(self.body) / WORDS_PER_MINUTE))


# First path segments the blog's own URLs use, which a page's slug must not take.
RESERVED_PAGE_SLUGS = {
    "admin", "author", "category", "comments", "feed", "healthz", "media", "page", "preview",
    "search", "series", "static", "tag",
}  # fmt: skip


def validate_page_slug(slug):
    if slug in RESERVED_PAGE_SLUGS:
        raise ValidationError(_("“%(slug)s” is used by the blog itself."), params={"slug": slug})


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Page(IllustratedBody, models.Model):
    """A standalone page such as "About", outside the date stream, at /<slug>/."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=True, validators=[validate_page_slug]
    )
    body = ProseEditorField(
        config={"extensions": EDITOR_EXTENSIONS}, sanitize=html.sanitize, blank=True
    )
    status = models.CharField(
        max_length=10,
        choices=[(Status.DRAFT, Status.DRAFT.label), (Status.PUBLISHED, Status.PUBLISHED.label)],
        default=Status.DRAFT,
    )
    in_navigation = models.BooleanField(_("show in site navigation"), default=True)
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Lower numbers come first."))
    updated_at = models.DateTimeField(auto_now=True)
    # Deleting the page deletes the record of the images it shows.
    image_usages = GenericRelation(Usage)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare_body(body_steps.render)
        new = self._state.adding
        super().save(*args, **kwargs)
        self.record_image_usage(kwargs.get("update_fields"), new=new)

    def get_absolute_url(self):
        return reverse("blog:page", kwargs={"slug": self.slug})

    def clean(self):
        if self.status == Status.PUBLISHED:
            self.check_alt_text()


class BlogSettings(models.Model):
    """The blog's title and tagline, as the author sets them in the admin (one row). Left
    empty, each is the environment's (BLOG_TITLE, BLOG_TAGLINE). Read through
    blog.identity, which keeps them in the cache."""

    title = models.CharField(
        _("site title"), max_length=200, blank=True, help_text=_("Empty: BLOG_TITLE's.")
    )
    tagline = models.CharField(
        _("tagline"), max_length=300, blank=True, help_text=_("Empty: BLOG_TAGLINE's.")
    )

    class Meta:
        verbose_name = _("blog settings")
        verbose_name_plural = _("blog settings")

    def __str__(self):
        return str(_("Blog settings"))

    def save(self, *args, **kwargs):
        from .identity import forget

        self.pk = 1  # one row
        super().save(*args, **kwargs)
        forget()

    def delete(self, *args, **kwargs):
        from .identity import forget

        result = super().delete(*args, **kwargs)
        forget()
        return result
