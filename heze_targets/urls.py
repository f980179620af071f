from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from public import views as public_views
from public.sitemaps import SITEMAPS

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dashboard/", include("uploads.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("robots.txt", public_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
# The public site in Chinese at its paths, in English under /en/: the address alone decides.
urlpatterns += i18n_patterns(path("", include("public.urls")), prefix_default_language=False)
