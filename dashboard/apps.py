from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The officials' pages: every period, published or not, with charts, tables and downloads."""

    name = "dashboard"
