from django.urls import path

from targets import views

urlpatterns = [
    path("", views.public_index, name="public-index"),
    path("dashboard/", views.dashboard_index, name="dashboard-index"),
    path("dashboard/periods/<str:code>/watch/", views.watch_list, name="watch-list"),
    path("dashboard/periods/<str:code>/watch.csv", views.watch_list_csv, name="watch-list-csv"),
    path("dashboard/work-reports/", views.work_report_list, name="work-report-list"),
    path("dashboard/work-reports/<int:pk>/", views.work_report_detail, name="work-report-detail"),
]
