from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The officials' pages: every period, published or not, with charts, tables and downloads."""

    name = "dashboard"

    def ready(self) -> None:
        from dashboard.table_cells import read_signatures_once

        read_signatures_once()
