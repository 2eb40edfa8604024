import errno
import logging

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Concat
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import markup, renditions
from .forms import MediaFileForm, PickerSearchForm, UploadForm
from .models import Image, MediaFile

logger = logging.getLogger(__name__)

PICKER_PAGE_SIZE = 48
PENDING = _("Renditions pending")
PENDING_DETAILS = _(
    "Renditions pending: the background worker is making them. Until then pages show a "
    "placeholder of the image's size in its place."
)

# How many owners (posts, pages…) use an image: one per owner, whatever the number of roles.
OWNER_COUNT = Count(
    Concat("usages__content_type", Value(":"), "usages__object_id", output_field=CharField()),
    distinct=True,
    filter=Q(usages__isnull=False),
)


class AltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("given", _("Given or decorative"))]

    def queryset(self, request, queryset):
        missing = Q(alt_text="", decorative=False)
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "given":
            return queryset.exclude(missing)
        return queryset


def already_in_library_message(reused):
    """Tell the author which files were not added again, and under which name they are."""
    names = ", ".join(
        f"“{name}”" if name == image.original_name else f"“{name}” (as “{image.original_name}”)"
        for name, image in reused
    )
    return ngettext(
        "Already in the library, so not added again: %(names)s.",
        "Already in the library, so not added again: %(names)s.",
        len(reused),
    ) % {"names": names}


def not_stored(error):
    """The storage failed (a full disk): what the author is told, and the administrator."""
    logger.error("Uploaded images could not be stored: %s", error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "The server’s disk is full, so nothing was uploaded. Ask the site’s administrator "
            "to free some space, then try again."
        )
    return _(
        "The server could not store the files (%(reason)s), so nothing was uploaded. Ask the "
        "site’s administrator, then try again."
    ) % {"reason": error.strerror or error}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail", "original_name", "alt_text", "decorative", "dimensions", "use_count",
        "created_at",
    ]  # fmt: skip
    list_display_links = ["thumbnail", "original_name"]
    list_filter = [AltTextFilter, "decorative", "created_at"]
    search_fields = ["original_name", "alt_text", "caption"]
    date_hierarchy = "created_at"
    fields = [
        "preview", "alt_text", "decorative", "caption", "original_name", "dimensions",
        "file_sizes", "used_in", "created_at", "uploaded_by",
    ]  # fmt: skip
    readonly_fields = [
        "preview", "original_name", "dimensions", "file_sizes", "used_in", "created_at",
        "uploaded_by",
    ]  # fmt: skip

    class Media:
        css = {"all": ["images/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=OWNER_COUNT)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="images_image_upload"),
            path("picker/", view(self.picker_view), name="images_image_picker"),
            path("paste/", view(self.paste_view), name="images_image_paste"),
            *super().get_urls(),
        ]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        thumbnail = format_html(
            '<img class="image-thumbnail" src="{}" width="{}" height="{}" alt="" loading="lazy">',
            image.url(160, "webp"),
            image.width,
            image.height,
        )
        if image.pending:
            thumbnail += format_html('<span class="image-pending">{}</span>', PENDING)
        return thumbnail

    @admin.display(description=_("preview"))
    def preview(self, image):
        preview = markup.picture(image, sizes="40rem", css_class="image-preview")
        if image.pending:
            preview += format_html('<p class="image-pending">{}</p>', PENDING_DETAILS)
        return preview

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("used in"), ordering="use_count")
    def use_count(self, image):
        return image.use_count

    @admin.display(description=_("files"))
    def file_sizes(self, image):
        if image.pending:
            return PENDING
        original = format_html(
            '<a href="{}">{}</a> ({}), ',
            image.file.url,
            _("cleaned original"),
            filesizeformat(image.file.size),
        )
        return original + format_html_join(
            ", ",
            '<a href="{}">{} {}</a> ({})',
            (
                (image.file.storage.url(r["name"]), r["width"], r["format"].upper(),
                 filesizeformat(r["bytes"]))
                for r in image.renditions
            ),
        )  # fmt: skip

    @admin.display(description=_("used in"))
    def used_in(self, image):
        usages = image.usages.select_related("content_type").prefetch_related("owner")
        if not usages:
            return _("No post or page uses this image.")
        request = getattr(image, "request", None)
        return format_html_join(
            mark_safe("<br>"),
            "{} ({})",
            ((self.owner_link(request, use), use.get_role_display()) for use in usages),
        )

    def owner_link(self, request, use):
        """The owner, linked to its change page if it has one here that this user may view."""
        owner = use.owner
        if owner is None:  # a model that keeps no GenericRelation to usages left it behind
            return f"{use.content_type.name} {use.object_id}"
        model = type(owner)
        if not (request and self.admin_site.is_registered(model)):
            return str(owner)
        if not self.admin_site.get_model_admin(model).has_view_permission(request, owner):
            return str(owner)
        opts = owner._meta
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(owner.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, owner)

    def get_object(self, request, object_id, from_field=None):
        image = super().get_object(request, object_id, from_field)
        if image is not None:
            image.request = request  # for used_in: which owners this user may open
        return image

    def has_change_permission(self, request, obj=None):
        """An image's alt text and caption show in every post using it: its uploader and
        editors (images.edit_any_image) change them, other authors only see them."""
        if not super().has_change_permission(request, obj):
            return False
        user = request.user
        if obj is None or user.has_perm("images.edit_any_image"):
            return True
        return obj.uploaded_by_id == user.pk

    def add_view(self, request, form_url="", extra_context=None):
        return self.upload_view(request)

    def delete_model(self, request, obj):
        obj.delete_files()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image.delete_files()
        super().delete_queryset(request, queryset)

    def save_uploads(self, request, form):
        """Every file of the form in the library, or none of them; files already there are reused.

        Returns (image, created) pairs in the order of the files, each image once.
        """
        results = []
        try:
            with transaction.atomic():
                for upload in form.cleaned_data["files"]:
                    image, created = Image.get_or_create_from_upload(
                        upload,
                        alt_text=form.cleaned_data["alt_text"],
                        decorative=form.cleaned_data["decorative"],
                        uploaded_by=request.user,
                    )
                    results.append((upload.name, image, created))
        except (ValidationError, OSError) as error:
            for _name, image, created in results:
                if created:
                    renditions.delete_files(image.file.storage, image.file_names())
            form.add_error(
                "files", error if isinstance(error, ValidationError) else not_stored(error)
            )
            return []
        for _name, image, created in results:
            if created:
                self.log_addition(request, image, [{"added": {}}])
        if reused := [(name, image) for name, image, created in results if not created]:
            self.message_user(request, already_in_library_message(reused), messages.INFO)
        unique = {}
        for _name, image, created in results:
            unique.setdefault(image.pk, (image, created))
        return list(unique.values())

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
        if (
            request.method == "POST"
            and form.is_valid()
            and (saved := self.save_uploads(request, form))
        ):
            images = [image for image, _created in saved]
            if IS_POPUP_VAR in request.POST:
                return self.response_add(request, images[0])
            if count := sum(created for _image, created in saved):
                message = ngettext(
                    "%(count)d image uploaded.", "%(count)d images uploaded.", count
                ) % {"count": count}
                if any(image.needs_alt_text for image in images):
                    message += " " + str(
                        _("Give each its alt text before a post using it is published.")
                    )
                self.message_user(request, message, messages.SUCCESS)
            if len(images) == 1:
                return redirect("admin:images_image_change", images[0].pk)
            return redirect(reverse("admin:images_image_changelist") + "?alt=missing")
        return TemplateResponse(
            request,
            "admin/images/image/upload.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Upload images"),
                "form": form,
                "is_popup": IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST,
                "is_popup_var": IS_POPUP_VAR,
                "to_field": request.GET.get("_to_field", request.POST.get("_to_field", "")),
                "has_view_permission": self.has_view_permission(request),
                "max_bytes": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            },
        )

    def picker_view(self, request):
        """The editor's "Browse…" window: pick an image from the library, or upload new ones."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_add = self.has_add_permission(request)
        form = UploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
        uploaded = []
        if request.method == "POST":
            if not can_add:
                raise PermissionDenied
            if form.is_valid():
                uploaded = self.save_uploads(request, form)
                form = UploadForm() if uploaded else form
        search = PickerSearchForm(request.GET)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        images = Image.objects.all()
        if query:
            images = images.filter(
                Q(original_name__icontains=query)
                | Q(alt_text__icontains=query)
                | Q(caption__icontains=query)
            )
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/images/image/picker.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Choose an image"),
                "is_popup": True,
                "form": form if can_add else None,
                "query": query,
                "page": page,
                "uploaded": {image.pk for image, _created in uploaded},
                "max_bytes": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            },
        )

    @method_decorator(require_POST)
    def paste_view(self, request):
        """An image pasted or dropped into the editor: through the upload form's checks into the
        library, answered as JSON for the editor to insert (src, alt, size and the library id)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        saved = self.save_uploads(request, form) if form.is_valid() else []
        if not saved:
            reasons = [str(reason) for errors in form.errors.values() for reason in errors]
            return JsonResponse({"errors": reasons}, status=400)
        image = saved[0][0]
        return JsonResponse(
            {
                "id": image.pk,
                "src": image.url(),
                "alt": form.cleaned_data["alt_text"] or image.alt_text,
                "width": image.width,
                "height": image.height,
            }
        )


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin):
    """Sound and video: added here or by an import, checked by their bytes; played in posts."""

    list_display = ["__str__", "kind", "mime_type", "size_shown", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name", "caption"]
    readonly_fields = ["original_name", "kind", "mime_type", "size_shown", "player_markup"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = MediaFileForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "title", "caption"]
        return ["title", "caption", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def delete_model(self, request, obj):
        obj.delete_files()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for media in queryset:
            media.delete_files()
        super().delete_queryset(request, queryset)

    @admin.display(description=_("size"))
    def size_shown(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("markup for a post"))
    def player_markup(self, obj):
        return format_html("<code>{}</code>", obj.player(obj.caption))
