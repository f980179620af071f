"""Marking the figures a computation used inside the text they came from, and the words a
search found."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from analysis.search_words import search_word_pattern


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


def highlight_words(text: str, query: str) -> SafeString:
    """`text`, escaped, with each word of a search `query` (as targets.search matches it) in a
    <mark class="search-word">, wherever it stands in the text and in whatever case."""
    pattern = search_word_pattern(query)
    if pattern is None:
        return highlight(text, [])
    return highlight(text, [(found.start(), found.end(), "search-word") for found in pattern.finditer(text)])
