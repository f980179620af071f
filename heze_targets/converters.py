"""Path converters the apps' URLs share, registered once on import."""

from django.urls import register_converter


class ExtensionConverter:
    """A download's kind, as its file name ends."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExtensionConverter, "extension")
