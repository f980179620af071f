from django.urls import path

from heze_targets.organisation_urls import organisation_patterns
from public import views

# The pages of one organisation: the default one's at /…, any other's at /o/<code>/….
pages = [
    path("", views.index, name="index"),
]

app_name = "public"
urlpatterns = organisation_patterns(pages)
