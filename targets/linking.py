"""Links found by text similarity: each target to the work-report sentence it was cut from,
each notice task to the target of the same year it matches. Confirmed links are the
admins' word and are never changed here; below the threshold a link is left out rather
than guessed.
"""

import re

from django.db import transaction

from importers.matching import SentenceMatcher, words
from importers.pace import goals_of
from targets.cache import bump_data_version
from targets.models import (
    NoticeTask,
    ReportSentence,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    WorkReport,
)

# Chosen on the hand-checked pairs of tests/data/target_sentences.tsv (see the test there).
SENTENCE_THRESHOLD = 0.5
TASK_THRESHOLD = 0.6
YEAR_THRESHOLD = 0.7
SAME_OBJECT_BONUS = 0.15
# `五是加快新区建设。` heads a part of the report; no target is cut from a heading alone.
_HEADING = re.compile(r"^[一二三四五六七八九十]+是.{0,16}$")


def link_year(year: int) -> None:
    """Relink everything of a year after its targets changed: report sentences, notice tasks,
    and the same targets in other years."""
    link_targets_to_report(year)
    for notice in TaskNotice.objects.filter(issued_on__year=year):
        link_tasks_to_targets(notice, year)
    link_targets_across_years()


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


@transaction.atomic
def link_targets_across_years() -> int:
    """For each target, the best match among each earlier year's targets, if sure enough."""
    by_year: dict[int, list[Target]] = {}
    for target in Target.objects.order_by("year", "seq"):
        by_year.setdefault(target.year, []).append(target)
    confirmed = TargetYearLink.objects.filter(confirmed=True)
    settled = {(link.later_id, link.earlier.year) for link in confirmed.select_related("earlier")}
    TargetYearLink.objects.filter(confirmed=False).delete()
    fresh = []
    years = sorted(by_year)
    for index, later_year in enumerate(years):
        for earlier_year in years[:index]:
            earlier = by_year[earlier_year]
            matcher = SentenceMatcher([target.content for target in earlier])
            for target in by_year[later_year]:
                if (target.pk, earlier_year) in settled:
                    continue
                best = matcher.best(target.content)
                candidate = earlier[best.index]
                score = year_link_score(candidate.content, target.content)
                if score >= YEAR_THRESHOLD:
                    fresh.append(TargetYearLink(earlier=candidate, later=target, score=round(score, 4)))
    TargetYearLink.objects.bulk_create(fresh, ignore_conflicts=True)
    bump_data_version()
    return TargetYearLink.objects.count()


def candidate_sentences(report: WorkReport) -> list[ReportSentence]:
    """The sentences a target may come from: the plan for the year, not the review of the last."""
    sentences = report.sentences.exclude(kind="review").order_by("position")
    return [sentence for sentence in sentences if not _HEADING.match(sentence.text)]


@transaction.atomic
def link_targets_to_report(year: int) -> int:
    """(Re)link the unconfirmed targets of `year` to the latest work report setting its goals."""
    report = WorkReport.objects.filter(year_of_goals=year).order_by("-delivered_on").first()
    if report is None:
        return 0
    sentences = candidate_sentences(report)
    matcher = SentenceMatcher([sentence.text for sentence in sentences])
    _reattach_confirmed(year, report)
    links = {link.target_id: link for link in TargetSource.objects.filter(target__year=year)}

    def source(target: Target) -> dict | None:
        match = matcher.best(target.content)
        if match is None or match.score < SENTENCE_THRESHOLD:
            return None
        sentence = sentences[match.index]
        return {"sentence_id": sentence.pk, "sentence_text": sentence.text, "score": round(match.score, 4)}

    _relink(TargetSource, "target", Target.objects.filter(year=year), links, source)
    return TargetSource.objects.filter(target__year=year, sentence__isnull=False).count()


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
    model.objects.filter(pk__in=dropped).delete()
    model.objects.bulk_create(fresh)
    if changed:
        model.objects.bulk_update(changed, sorted(fields))
    bump_data_version()


def _reattach_confirmed(year: int, report: WorkReport) -> None:
    """A re-imported report has new sentences: confirmed links find theirs again by text."""
    orphans = TargetSource.objects.filter(target__year=year, confirmed=True, sentence__isnull=True)
    by_text = {sentence.text: sentence for sentence in report.sentences.all()}
    for link in orphans.exclude(sentence_text=""):
        if link.sentence_text in by_text:
            link.sentence = by_text[link.sentence_text]
            link.save(update_fields=["sentence"])


@transaction.atomic
def link_tasks_to_targets(notice: TaskNotice, year: int) -> int:
    """(Re)link the unconfirmed tasks of a notice to the best-matching target of `year`."""
    targets = list(Target.objects.filter(year=year).order_by("seq"))
    if not targets:
        return 0
    matcher = SentenceMatcher([target.content for target in targets])
    links = {link.task_id: link for link in TaskTarget.objects.filter(task__notice=notice)}

    def target_of(task: NoticeTask) -> dict | None:
        match = _best_target(matcher, task.text)
        if match is None or match.score < TASK_THRESHOLD:
            return None
        return {"target_id": targets[match.index].pk, "score": round(match.score, 4)}

    _relink(TaskTarget, "task", NoticeTask.objects.filter(notice=notice), links, target_of)
    return TaskTarget.objects.filter(task__notice=notice, target__isnull=False).count()


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
