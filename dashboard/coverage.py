"""Which commitments of a work report a target covers, and the sentence marked up to show it."""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from analysis.quantities import CHINESE_NUMERAL
from dashboard.highlight import highlight
from targets.models import FigureKind, ReportFigure, ReportSentence, Status, TargetSource

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(rf"\d+(?:\.\d+)?|[{CHINESE_NUMERAL}]+")


@dataclass
class Commitment:
    figure: ReportFigure
    links: list[TargetSource] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.links)


@dataclass
class SentenceRow:
    sentence: ReportSentence
    html: SafeString
    commitments: list[Commitment]


def covering_links(figure: ReportFigure, links: list[TargetSource], alone: bool) -> list[TargetSource]:
    """Targets linked to the figure's sentence that name its number; when the sentence holds
    one commitment only, any target linked to the sentence covers it."""
    number = _NUMBER.search(figure.text)
    named = [link for link in links if number and number.group() in _SPACE.sub("", link.target.content)]
    return named or (links if alone else [])


def sentence_rows(sentences: list[ReportSentence]) -> list[SentenceRow]:
    rows = []
    for sentence in sentences:
        for link in sentence.links:
            link.latest_status_label = Status(link.latest_status).label if link.latest_status else ""
        figures = [figure for figure in sentence.figures.all() if figure.kind == FigureKind.COMMITMENT]
        commitments = [Commitment(f, covering_links(f, sentence.links, len(figures) == 1)) for f in figures]
        rows.append(SentenceRow(sentence, _marked(sentence.text, commitments), commitments))
    return rows


def _marked(text: str, commitments: list[Commitment]) -> SafeString:
    spans = [(c.figure.start, c.figure.end, "covered" if c.covered else "uncovered") for c in commitments]
    return highlight(text, spans)
