"""Links found by text similarity: each target to the work-report sentence it was cut from,
each notice task to the target of the same year it matches. Confirmed links are the
admins' word and are never changed here; below the threshold a link is left out rather
than guessed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Q

from analysis.matching import PairScoreBounds, SentenceMatcher, known_words, remember_words, text_digest, words
from analysis.pace import goals_of
from analysis.quantities import HEADING_NUMERALS
from importers.work_report_parser import REVIEW
from targets.bulk import delete_rows
from targets.cache import bump_data_version
from targets.models import (
    NoticeTask,
    Organisation,
    ReportSentence,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    TextWords,
    WorkReport,
)

# Chosen on the hand-checked pairs of tests/data/target_sentences.tsv (see the test there).
SENTENCE_THRESHOLD = 0.5
TASK_THRESHOLD = 0.6
YEAR_THRESHOLD = 0.7
SAME_OBJECT_BONUS = 0.15
# `五是加快新区建设。` heads a part of the report; no target is cut from a heading alone.
_HEADING = re.compile(rf"^[{HEADING_NUMERALS}]+是.{{0,16}}$")


@dataclass(frozen=True, slots=True)
class TargetText:
    """A target as linking sees it: where it stands and what it says (it may not be saved yet)."""

    year: int
    seq: int
    content: str

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.seq)


@dataclass(frozen=True, slots=True)
class FoundYearLink:
    earlier: tuple[int, int]
    later: tuple[int, int]
    score: float


@dataclass(frozen=True)
class YearLinksFound:
    links: list[FoundYearLink]
    unstored_texts: list[str]  # whose words were segmented to find the links, to store with them


class YearRelinking:
    """What a change to a year's targets changes in the links: each target's work-report
    sentence, each notice task's target, and the same targets in other years. Everything is
    found first, from the texts the targets will have (`texts`: seq → content, overriding what
    is stored), so that an import finds it before its write transaction; `store` then writes it
    in a moment. Only pairs of years that include this year are looked at again."""

    def __init__(
        self,
        organisation: Organisation,
        year: int,
        texts=None,
        *,
        notices=None,
        sources: bool = True,
        across_years: bool = True,
    ):
        self.organisation, self.year = organisation, year
        stored = dict(self.year_targets().values_list("seq", "content"))
        self.texts: dict[int, str] = stored | (texts or {})
        reports = WorkReport.objects.of(organisation).filter(year_of_goals=year).order_by("-delivered_on")
        self.report = reports.first() if sources else None
        self.sources = self._find_sources() if self.report else {}
        if notices is None:
            notices = list(TaskNotice.objects.of(organisation).filter(issued_on__year=year))
        self.notices = notices
        self.task_targets = self._find_task_targets()
        self.year_links = find_year_links(organisation, year, self.texts) if across_years else None

    def year_targets(self):
        return Target.objects.of(self.organisation).filter(year=self.year)

    def _find_sources(self) -> dict[str, dict | None]:
        sentences = candidate_sentences(self.report)
        matcher = SentenceMatcher([sentence.text for sentence in sentences])
        found = {}
        for content in set(self.texts.values()):
            match = matcher.best(content)
            if match is None or match.score < SENTENCE_THRESHOLD:
                found[content] = None
            else:
                sentence = sentences[match.index]
                found[content] = {
                    "sentence_id": sentence.pk,
                    "sentence_text": sentence.text,
                    "score": round(match.score, 4),
                }
        return found

    def _find_task_targets(self) -> dict[int, tuple[int, float] | None]:
        ordered = sorted(self.texts.items())
        if not ordered:
            return {}
        matcher = SentenceMatcher([content for _, content in ordered])
        found = {}
        for task in NoticeTask.objects.filter(notice__in=self.notices):
            match = _best_target(matcher, task.text)
            found[task.pk] = (
                None if match is None or match.score < TASK_THRESHOLD else (ordered[match.index][0], match.score)
            )
        return found

    @transaction.atomic
    def store(self) -> None:
        targets = self.year_targets()
        if self.report is not None:
            _reattach_confirmed(targets, self.report)
            links = {link.target_id: link for link in TargetSource.objects.filter(target__in=targets)}
            _relink(TargetSource, "target", targets, links, lambda target: self.sources[target.content])
        pks = dict(targets.values_list("seq", "pk"))
        for notice in self.notices:
            links = {link.task_id: link for link in TaskTarget.objects.filter(task__notice=notice)}
            _relink(TaskTarget, "task", NoticeTask.objects.filter(notice=notice), links, self._task_link(pks))
        if self.year_links is not None:
            store_year_links(self.organisation, self.year_links, year=self.year)
        bump_data_version(self.organisation)

    def keep_words(self) -> None:
        """Store the words segmented while finding the links (none is segmented here)."""
        if self.year_links is not None:
            keep_words(text for text in self.year_links.unstored_texts if known_words(text) is not None)

    def _task_link(self, pks: dict[int, int]):
        def decide(task: NoticeTask) -> dict | None:
            found = self.task_targets.get(task.pk)
            return None if found is None else {"target_id": pks[found[0]], "score": round(found[1], 4)}

        return decide


def year_link_score(earlier: str, later: str) -> float:
    """How surely two targets of different years are the same: their texts each inside the
    other, plus a little when their goals measure the same thing in the same unit."""
    text = (SentenceMatcher([earlier]).score(later, 0).score + SentenceMatcher([later]).score(earlier, 0).score) / 2
    same_object = any(
        a.unit == b.unit and _shared_words(a.measure, b.measure) >= 0.5
        for a in goals_of(earlier)
        for b in goals_of(later)
    )
    return min(1.0, text + (SAME_OBJECT_BONUS if same_object else 0.0))


def _shared_words(a: str, b: str) -> float:
    first, second = (set(words(text)) for text in (a, b))
    return len(first & second) / min(len(first), len(second)) if first and second else 0.0


def link_targets_across_years(organisation: Organisation) -> int:
    """For each of the organisation's targets, the best match among each earlier year's
    targets, if sure enough."""
    found = find_year_links(organisation)
    with transaction.atomic():
        store_year_links(organisation, found)
        bump_data_version(organisation)
    keep_words(found.unstored_texts)
    return TargetYearLink.objects.filter(later__organisation=organisation).count()


def find_year_links(
    organisation: Organisation, year: int | None = None, texts: dict[int, str] | None = None
) -> "YearLinksFound":
    """For each target of the organisation (of `year`'s pairs of years, or of all), its best
    match in each earlier year if sure enough; `texts` are the contents `year`'s targets will
    have. An organisation's targets are matched with its own only."""
    by_year: dict[int, list[TargetText]] = {}
    targets = Target.objects.of(organisation).order_by("year", "seq")
    for target_year, seq, content in targets.values_list("year", "seq", "content"):
        by_year.setdefault(target_year, []).append(TargetText(target_year, seq, content))
    if year is not None and texts:
        by_year[year] = [TargetText(year, seq, content) for seq, content in sorted(texts.items())]
    unstored = load_known_words(target.content for targets in by_year.values() for target in targets)
    confirmed = TargetYearLink.objects.filter(confirmed=True, later__organisation=organisation).values_list(
        "later__year", "later__seq", "earlier__year"
    )
    settled = {((later_year, seq), earlier_year) for later_year, seq, earlier_year in confirmed}
    found = []
    for later_year in sorted(by_year):
        earlier_years = [y for y in sorted(by_year) if y < later_year and year in (None, y, later_year)]
        if earlier_years:
            found += _best_in_years([by_year[y] for y in earlier_years], by_year[later_year], settled)
    return YearLinksFound(found, unstored)


def _best_in_years(years: list[list[TargetText]], laters: list[TargetText], settled: set) -> list[FoundYearLink]:
    """The links from `laters` to their best match in each of the earlier `years`. Where no
    candidate of a year could reach the threshold (PairScoreBounds), the year is passed over
    unscored: with real texts that is nearly every pair of targets."""
    bounds = PairScoreBounds([target.content for targets in years for target in targets])
    starts = np.cumsum([0] + [len(targets) for targets in years[:-1]])
    matchers: dict[int, SentenceMatcher] = {}
    found = []
    for target in laters:
        reachable = np.maximum.reduceat(bounds.two_way(target.content), starts) + SAME_OBJECT_BONUS
        for index, earlier in enumerate(years):
            if reachable[index] < YEAR_THRESHOLD - 1e-9 or (target.key, earlier[0].year) in settled:
                continue
            if index not in matchers:
                matchers[index] = SentenceMatcher([candidate.content for candidate in earlier])
            candidate = earlier[matchers[index].best(target.content).index]
            score = year_link_score(candidate.content, target.content)
            if score >= YEAR_THRESHOLD:
                found.append(FoundYearLink(candidate.key, target.key, round(score, 4)))
    return found


def load_known_words(texts: Iterable[str]) -> list[str]:
    """Hand matching the words stored for these texts, so it need not segment them again;
    returns the texts that have none stored yet (keep_words stores them)."""
    by_digest = {text_digest(text): text for text in texts if known_words(text) is None}
    digests = list(by_digest)
    for start in range(0, len(digests), 900):
        chunk = TextWords.objects.filter(digest__in=digests[start : start + 900]).values_list("digest", "words")
        for digest, stored in chunk:
            remember_words(by_digest.pop(digest), stored.split(" ") if stored else [])
    return list(by_digest.values())


def keep_words(texts: Iterable[str]) -> None:
    """Store the words of these texts (segmenting those not known yet) for later linking. Called
    after the import that needed them has committed; a cache, so written a chunk per transaction
    and never holding the write lock long."""
    rows = [TextWords(digest=text_digest(text), words=" ".join(words(text))) for text in texts]
    for start in range(0, len(rows), 2000):
        TextWords.objects.bulk_create(rows[start : start + 2000], ignore_conflicts=True)


def store_year_links(organisation: Organisation, found: YearLinksFound, year: int | None = None) -> None:
    """Replace the organisation's unconfirmed links (those touching `year`, or all) by those found."""
    stale = TargetYearLink.objects.filter(confirmed=False, later__organisation=organisation)
    if year is not None:
        stale = stale.filter(Q(earlier__year=year) | Q(later__year=year))
    delete_rows(stale)
    years = {key[0] for link in found.links for key in (link.earlier, link.later)}
    targets = Target.objects.of(organisation).filter(year__in=years)
    pks = {(y, seq): pk for y, seq, pk in targets.values_list("year", "seq", "pk")}
    fresh = [TargetYearLink(earlier_id=pks[f.earlier], later_id=pks[f.later], score=f.score) for f in found.links]
    TargetYearLink.objects.bulk_create(fresh, ignore_conflicts=True)


def candidate_sentences(report: WorkReport) -> list[ReportSentence]:
    """The sentences a target may come from: the plan for the year, not the review of the last."""
    sentences = report.sentences.exclude(kind=REVIEW).order_by("position")
    return [sentence for sentence in sentences if not _HEADING.match(sentence.text)]


def link_targets_to_report(organisation: Organisation, year: int) -> None:
    """After a work report's import: relink the organisation's targets of the year to their sentences."""
    YearRelinking(organisation, year, notices=[], across_years=False).store()


def link_tasks_to_targets(notice: TaskNotice, year: int) -> None:
    """After a notice's import: relink its tasks to its organisation's targets of `year`."""
    YearRelinking(notice.organisation, year, notices=[notice], sources=False, across_years=False).store()


def _relink(model, owner: str, owners, links: dict, decide) -> None:
    """Give each owner (a target, a task) the link `decide` finds (field values) or none (None).
    Confirmed links are the admins' word and stay as they are; the rest is written in bulk."""
    fresh, changed, dropped, fields = [], [], [], set()
    for item in owners:
        link = links.get(item.pk)
        if link is not None and link.confirmed:
            continue
        values = decide(item)
        if values is None:
            if link is not None:
                dropped.append(link.pk)
        elif link is None:
            fresh.append(model(**{owner: item}, **values))
        elif any(getattr(link, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(link, name, value)
            changed.append(link)
            fields |= values.keys()
    delete_rows(model.objects.filter(pk__in=dropped))
    model.objects.bulk_create(fresh)
    if changed:
        model.objects.bulk_update(changed, sorted(fields))


def _reattach_confirmed(targets, report: WorkReport) -> None:
    """A re-imported report has new sentences: confirmed links find theirs again by text."""
    orphans = TargetSource.objects.filter(target__in=targets, confirmed=True, sentence__isnull=True)
    by_text = {sentence.text: sentence for sentence in report.sentences.all()}
    for link in orphans.exclude(sentence_text=""):
        if link.sentence_text in by_text:
            link.sentence = by_text[link.sentence_text]
            link.save(update_fields=["sentence"])


def _best_target(matcher: SentenceMatcher, task_text: str):
    """A task is longer than a target: the target that best lies inside one of its sentences."""
    best = None
    for sentence in filter(None, re.split(r"(?<=[。；;])", task_text)):
        if len(sentence) < 6:
            continue
        match = matcher.best_inside(sentence)
        if match is not None and (best is None or match.score > best.score):
            best = match
    return best
