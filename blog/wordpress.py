"""WordPress's query-string addresses, so links and feeds from an imported blog keep working."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .models import Post


def legacy_redirect(request):
    """The redirect for `/?s=words` or `/?p=<id>`, or None for an ordinary home page request."""
    if "s" in request.GET:
        query = urlencode({"q": request.GET["s"]})
        return redirect(f"{reverse('blog:search')}?{query}", permanent=True)
    if "p" in request.GET:
        if not request.GET["p"].isdigit():
            raise Http404("No post has that id.")
        return redirect(
            get_object_or_404(Post.objects.published(), pk=request.GET["p"]), permanent=True
        )
    return None
