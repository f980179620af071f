from django.urls import path

from dashboard import notices, views, work_reports
from heze_targets import converters  # noqa: F401  (registers <extension:…>)
from heze_targets.organisation_urls import organisation_patterns

# The pages of one organisation: the default one's at /dashboard/…, any other's at /dashboard/o/<code>/….
pages = [
    path("", views.index, name="index"),
    path("periods/<str:code>/", views.period_detail, name="period-detail"),
    path("periods/<str:code>/reports.<extension:extension>", views.period_download, name="period-download"),
    path("periods/<str:code>/watch/", views.watch_list, name="watch-list"),
    path("periods/<str:code>/watch.csv", views.watch_list_csv, name="watch-list-csv"),
    path("periods/<str:code>/children/", views.children_comparison, name="children-comparison"),
    path("periods/<str:code>/children.<extension:extension>", views.children_download, name="children-download"),
    path("leaders/<path:name>/", views.leader_detail, name="leader-detail"),
    path("units/<path:name>/", views.unit_detail, name="unit-detail"),  # names may hold "/"
    path("targets/<int:year>/<int:seq>/", views.target_detail, name="target-detail"),
    path("compare/", views.compare_periods, name="compare-periods"),
    path("work-reports/", work_reports.work_report_list, name="work-report-list"),
    path("work-reports/<int:pk>/", work_reports.work_report_detail, name="work-report-detail"),
    path("work-reports/<int:pk>/review/", work_reports.work_report_review, name="work-report-review"),
    path("work-reports/<int:pk>/promises/", work_reports.work_report_promises, name="work-report-promises"),
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
]

app_name = "dashboard"
urlpatterns = organisation_patterns(pages)
