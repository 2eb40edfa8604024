from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import markup, renditions
from .forms import UploadForm
from .models import Image

PICKER_PAGE_SIZE = 48


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
        "file_sizes", "used_in", "created_at",
    ]  # fmt: skip
    readonly_fields = [
        "preview", "original_name", "dimensions", "file_sizes", "used_in", "created_at",
    ]  # fmt: skip

    class Media:
        css = {"all": ["images/admin.css"]}

    def get_queryset(self, request):
        uses = Count("usages__post", distinct=True) + Count("usages__page", distinct=True)
        return super().get_queryset(request).annotate(use_count=uses)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="images_image_upload"),
            path("picker/", view(self.picker_view), name="images_image_picker"),
            *super().get_urls(),
        ]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return format_html(
            '<img class="image-thumbnail" src="{}" width="{}" height="{}" alt="" loading="lazy">',
            image.url(160, "webp"),
            image.width,
            image.height,
        )

    @admin.display(description=_("preview"))
    def preview(self, image):
        return markup.picture(image, sizes="40rem", css_class="image-preview")

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("used in"), ordering="use_count")
    def use_count(self, image):
        return image.use_count

    @admin.display(description=_("files"))
    def file_sizes(self, image):
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
        usages = image.usages.select_related("post", "page")
        if not usages:
            return _("No post or page uses this image.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (reverse(f"admin:blog_{use.owner._meta.model_name}_change", args=[use.owner.pk]),
                 use.owner, use.get_role_display())
                for use in usages
            ),
        )  # fmt: skip

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
                    )
                    results.append((upload.name, image, created))
        except ValidationError as error:
            for _name, image, created in results:
                if created:
                    renditions.delete_files(image.file.storage, image.file_names())
            form.add_error("files", error)
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
        query = request.GET.get("q", "").strip()
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
