from django.urls import path

from targets import views

urlpatterns = [
    path("", views.public_index, name="public-index"),
    path("dashboard/", views.dashboard_index, name="dashboard-index"),
    path("dashboard/work-reports/", views.work_report_list, name="work-report-list"),
    path("dashboard/work-reports/<int:pk>/", views.work_report_detail, name="work-report-detail"),
]
