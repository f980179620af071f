"""Imported text that may carry HTML fragments, cleaned to a small allowlist."""

import re

import nh3

_MARKUP = re.compile(r"[<>&]")
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "p", "br", "ul", "ol", "li", "sub", "sup", "span"}


def sanitise(text: str) -> str:
    # Text without <, > or & has no markup and nothing to escape: it comes out as it went in.
    if not text or not _MARKUP.search(text):
        return text
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, strip_comments=True)
