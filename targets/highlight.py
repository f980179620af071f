"""Marking the figures a computation used inside the text they came from."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, spans: list[tuple[int, int, str]], *, html: bool) -> SafeString:
    """`text` with each (start, end, css class) span in a <mark>. Texts imported as HTML were
    sanitised at import and stay markup; plain texts are escaped. Figures sit inside text, never
    inside a tag, so a span never cuts one."""
    keep = mark_safe if html else escape
    parts, at = [], 0
    for start, end, css in sorted(spans):
        if start < at or end > len(text):
            continue
        parts.append(keep(text[at:start]))
        parts.append(format_html('<mark class="{}">', css) + keep(text[start:end]) + mark_safe("</mark>"))
        at = end
    parts.append(keep(text[at:]))
    return mark_safe("".join(parts))
