from django.urls import path

from heze_targets import converters  # noqa: F401  (registers <extension:…>)
from heze_targets.organisation_urls import organisation_patterns
from public import docs, documents, downloads, feeds, open_data, search, views

# The pages of one organisation: the default one's at /…, any other's at /o/<code>/….
pages = [
    path("", views.index, name="index"),
    path("periods/<str:code>/", views.period_detail, name="period-detail"),
    path("periods/<str:code>/reports.<extension:extension>", downloads.period_download, name="period-download"),
    path("targets/<int:year>/<int:seq>/", views.target_detail, name="target-detail"),
    path("leaders/<path:name>/", views.leader_detail, name="leader-detail"),
    path("units/<path:name>/", views.unit_detail, name="unit-detail"),  # names may hold "/"
    path("notices/", documents.notice_list, name="notice-list"),
    path("notices/<int:pk>/", documents.notice_detail, name="notice-detail"),
    path("work-reports/", documents.work_report_list, name="work-report-list"),
    path("work-reports/<int:pk>/", documents.work_report_detail, name="work-report-detail"),
    path("work-reports/<int:pk>/review/", documents.work_report_review, name="work-report-review"),
    path("work-reports/<int:pk>/promises/", documents.work_report_promises, name="work-report-promises"),
    path("feeds/periods.atom", feeds.periods, name="feed-periods"),
    path("feeds/targets.atom", feeds.targets, name="feed-targets"),
    path("data/", open_data.data_page, name="data"),
    path("data/<str:name>", open_data.data_file, name="data-file"),
]

app_name = "public"
urlpatterns = [
    # Pages about every organisation at once.
    path("search/", search.search, name="search"),
    path("search/results.<extension:extension>", downloads.search_download, name="search-download"),
    path("pace/", views.pace, name="pace"),
    path("organisations/", views.organisations, name="organisations"),
    path("data/docs/", docs.data_docs, name="data-docs"),
    *organisation_patterns(pages),
]
