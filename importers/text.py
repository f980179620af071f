"""Imported text stored as text: a cell that carries HTML markup keeps its words and line breaks,
never its tags, so every field holds plain text and pages escape it like any other text."""

import re
from html.parser import HTMLParser

# The elements a source cell has been seen to carry (and a few like them). Only these count as
# markup: `税收占比>50%` or `x<y` is text and is kept exactly as written.
_ELEMENTS = (
    "a|b|big|blockquote|br|center|code|div|em|font|h[1-6]|hr|i|img|li|ol|p|pre|s|script|small|span|strike"
    "|strong|style|sub|sup|table|tbody|td|th|thead|tr|u|ul"
)
_TAG = re.compile(rf"</?(?:{_ELEMENTS})(?=[\s/>])[^<>]*>|<!--", re.IGNORECASE)
# Elements that start a new line where they open and where they close.
_LINE_BREAKING = {"br", "p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "hr"}
_LINE_BREAKING |= {f"h{level}" for level in range(1, 7)}
# Their content is code, not text: it is dropped, never shown.
_CODE = {"script", "style"}
_BLANKS_AROUND_BREAK = re.compile(r"[ \t\u3000\xa0]*\n\s*")


def plain_text(cell: str) -> str:
    """A source cell as the text it shows: HTML markup turned to text, anything else as written."""
    return html_to_text(cell) if _TAG.search(cell) else cell


def html_to_text(html: str) -> str:
    """The text of an HTML fragment: entities unescaped, line-breaking elements as newlines, other
    tags and script or style content dropped."""
    parser = _TextCollector()
    parser.feed(html)
    parser.close()
    return _BLANKS_AROUND_BREAK.sub("\n", "".join(parser.parts)).strip()


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _CODE:
            self.in_code += 1
        elif tag in _LINE_BREAKING:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _LINE_BREAKING:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE:
            self.in_code = max(0, self.in_code - 1)
        elif tag in _LINE_BREAKING:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.in_code:
            self.parts.append(data)
