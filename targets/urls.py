from django.urls import path

from targets import views

urlpatterns = [
    path("", views.public_index, name="public-index"),
    path("dashboard/", views.dashboard_index, name="dashboard-index"),
]
