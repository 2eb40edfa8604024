from django.contrib import admin
from django.urls import include, path

from blog.views_machine import favicon, healthz, robots_txt, sitemap_index, sitemap_section

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("", include("blog.urls")),
]
