from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dashboard/", include("uploads.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("", include("public.urls")),
]
