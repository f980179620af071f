"""Marking the figures a computation used inside the text they came from."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    """`text`, escaped, with its line breaks shown and each (start, end, css class) span in a <mark>.
    Spans index the stored text, so it is cut before it is escaped."""
    parts, at = [], 0
    for start, end, css in sorted(spans):
        if start < at or end > len(text):
            continue
        parts.append(linebreaksbr(text[at:start]))
        parts.append(format_html('<mark class="{}">{}</mark>', css, linebreaksbr(text[start:end])))
        at = end
    parts.append(linebreaksbr(text[at:]))
    return mark_safe("".join(parts))
