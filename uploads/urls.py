from django.urls import path

from heze_targets.organisation_urls import organisation_patterns
from uploads import views

app_name = "uploads"

pages = [
    path("imports/", views.index, name="index"),
    path("imports/template.xlsx", views.template, name="template"),
    path("imports/<int:pk>/", views.detail, name="detail"),
    path("imports/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("imports/<int:pk>/rollback/", views.rollback, name="rollback"),
    path("imports/<int:pk>/file", views.download, name="download"),
    path("imports/<int:pk>/units/", views.accept_unit, name="accept-unit"),
    path("imports/<int:pk>/units/new/", views.new_unit, name="new-unit"),
    path("imports/<int:pk>/columns/", views.columns, name="columns"),
    path("imports/<int:pk>/period/", views.period, name="period"),
    path("imports/periods/<str:code>/publish/", views.publish, name="publish"),
]

urlpatterns = organisation_patterns(pages)
