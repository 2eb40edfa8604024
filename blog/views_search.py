from functools import partial
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .pagination import page_links
from .search import add_snippets, search_posts

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search posts"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "That search is too long: use at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )


@require_safe
def search(request):
    """Search results at /search/?q=…, paginated with &page=N."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": request.GET.get("q", "")}
    if not form.is_valid():
        return render(request, "blog/search.html", context, status=400)
    query = context["query"] = form.cleaned_data["q"]
    if query:
        paginator = Paginator(search_posts(query), settings.SEARCH_RESULTS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        page.object_list = add_snippets(list(page.object_list), query)
        context["page_obj"] = page
        context.update(page_links(page, partial(page_url, query)))
    return render(request, "blog/search.html", context)


def page_url(query, number):
    params = {"q": query, **({"page": number} if number > 1 else {})}
    return f"{reverse('blog:search')}?{urlencode(params)}"
