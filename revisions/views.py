from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .models import DraftLink


def draft_preview(request, token):
    """A draft shown to whoever has its link: never cached, never indexed, marked a preview.
    Not behind the page cache: each request is checked against the link."""
    link = DraftLink.objects.valid().filter(token=token).first()
    obj = link and link.content_object
    if obj is None:
        raise Http404("This preview link has expired or been revoked.")
    if getattr(obj, "is_public", getattr(obj, "status", None) == "published"):
        return redirect(obj.get_absolute_url())
    opts = obj._meta
    response = TemplateResponse(
        request,
        f"{opts.app_label}/{opts.model_name}_detail.html",
        {"object": obj, opts.model_name: obj, "preview": True, "draft_link": link},
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
