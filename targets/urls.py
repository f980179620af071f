from django.urls import path, register_converter

from targets import views


class ExtensionConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExtensionConverter, "extension")

urlpatterns = [
    path("", views.public_index, name="public-index"),
    path("dashboard/", views.dashboard_index, name="dashboard-index"),
    path("dashboard/periods/<str:code>/", views.period_detail, name="period-detail"),
    path("dashboard/periods/<str:code>/reports.<extension:extension>", views.period_download, name="period-download"),
    path("dashboard/periods/<str:code>/watch/", views.watch_list, name="watch-list"),
    path("dashboard/periods/<str:code>/watch.csv", views.watch_list_csv, name="watch-list-csv"),
    path("dashboard/leaders/<path:name>/", views.leader_detail, name="leader-detail"),
    path("dashboard/units/<path:name>/", views.unit_detail, name="unit-detail"),  # names may hold "/"
    path("dashboard/targets/<int:year>/<int:seq>/", views.target_detail, name="target-detail"),
    path("dashboard/compare/", views.compare_periods, name="compare-periods"),
    path("dashboard/work-reports/", views.work_report_list, name="work-report-list"),
    path("dashboard/work-reports/<int:pk>/", views.work_report_detail, name="work-report-detail"),
]
