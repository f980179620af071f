"""Imported text that may carry HTML fragments, cleaned to a small allowlist."""

import nh3

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "p", "br", "ul", "ol", "li", "sub", "sup", "span"}


def sanitise(text: str) -> str:
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, strip_comments=True) if text else ""
