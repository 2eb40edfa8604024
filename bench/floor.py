"""The floor for bench/pages.py: the same bytes as the blog's pages, from memory, by a plain
Django view (no middleware, no database), and as static files by WhiteNoise, under the same
server.

    BENCH_PAGES=DIR gunicorn bench.floor:application

DIR holds one file per page (written by bench/pages.py); /floor/NAME answers NAME's bytes from
memory, /static/NAME.html the same file through WhiteNoise.
"""

import os
from pathlib import Path

from django.conf import settings

PAGES = Path(os.environ["BENCH_PAGES"])

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-" + "x" * 50,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402  (after settings)
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from whitenoise import WhiteNoise  # noqa: E402

BODIES = {page.stem: page.read_bytes() for page in PAGES.glob("*.html")}


def floor(request, name):
    if name not in BODIES:
        raise Http404
    return HttpResponse(BODIES[name], content_type="text/html; charset=utf-8")


urlpatterns = [path("floor/<str:name>", floor)]
application = WhiteNoise(get_wsgi_application(), root=PAGES, prefix="static/")
