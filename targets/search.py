"""Chinese full-text search over progress reports: the index (targets.models.ReportSearchText,
the jieba words of each report) kept in step with the reports, the query behind
ProgressReportQuerySet.matching, and the words offered when a search finds nothing.

The index is kept where every write that changes reports already passes: targets.tallies'
refresh_tallies (imports, recomputation, unit merges, the admin's edits of reports, their units
and pace, import_data, the synthetic data set) refreshes the index of the same periods in the
same transaction; the receivers below do it for an admin's edit of a target, a leader or a unit,
whose texts every report of theirs holds; targets.snapshots rebuilds an organisation's index
after a rollback. A refresh cuts only texts whose digest changed, so re-running it is cheap.

On SQLite the words are indexed by FTS5 (tokenizer unicode61, which takes the space-joined words
as they are; ranked by bm25), on PostgreSQL by a GIN index of their tsvector under the `simple`
configuration (no stemming nor stop words; ranked by ts_rank). See migration 0023. A word looked
for inside words is found through the words' pieces, indexed the same way (migration 0026)."""

from collections import Counter
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connections
from django.db.models import FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Replace
from django.db.models.signals import post_save
from django.dispatch import receiver

from analysis.matching import text_digest
from analysis.search_words import (
    gram_text,
    index_text,
    inside_pieces,
    nearby_words,
    needs_substring_match,
    query_words,
    report_texts,
    texts_digest,
)
from targets.bulk import delete_rows, insert_rows
from targets.cache import data_version
from targets.models import (
    DataVersion,
    Leader,
    ProgressReport,
    ReportingPeriod,
    ReportSearchText,
    ReportUnit,
    Target,
    Unit,
)

# The FTS5 tables over ReportSearchText.words (migration 0023) and .grams (0026) on SQLite.
FTS_TABLE = "targets_report_search"
GRAMS_TABLE = "targets_report_grams"
# Periods refreshed at a time: their reports' texts are held in memory together.
PERIODS_PER_BATCH = 100
# Ids per statement: below SQLite's oldest limit of 999 parameters.
IDS_PER_QUERY = 900
_INDEX_FIELDS = ["report", "organisation", "period", "digest", "words", "grams"]


def refresh_search_index(period_ids: Iterable[int]) -> None:
    """Bring the index of these periods' reports up to date, as part of the current transaction:
    and of the reports of the same targets in other periods, which show a target's content
    that a re-import of this period may have changed."""
    ids = sorted(set(period_ids))
    for start in range(0, len(ids), PERIODS_PER_BATCH):
        _refresh(ids[start : start + PERIODS_PER_BATCH])


def _refresh(period_ids: list[int]) -> None:
    in_periods = ProgressReport.objects.filter(period_id__in=period_ids)
    reports = ProgressReport.objects.filter(
        Q(period_id__in=period_ids) | Q(target_id__in=in_periods.values("target_id"))
    )
    stored = {
        report_id: (period_id, digest)
        for report_id, period_id, digest in ReportSearchText.objects.filter(
            Q(period_id__in=period_ids) | Q(report_id__in=reports.values("pk"))
        ).values_list("report_id", "period_id", "digest")
    }
    fresh = []
    for report_id, period_id, organisation_id, texts in _sources(reports):
        digest = texts_digest(texts)
        if stored.pop(report_id, None) == (period_id, digest):
            continue
        stored[report_id] = None  # its old words, if any, go
        words = index_text(texts)
        fresh.append([report_id, organisation_id, period_id, digest, words, gram_text(words)])
    # Left in `stored`: the rows of reports changed (marked None) or gone.
    _delete(list(stored))
    insert_rows(ReportSearchText, _INDEX_FIELDS, fresh)


def _sources(reports: QuerySet) -> Iterable[tuple[int, int, int, list[str]]]:
    """(report id, period id, organisation id, its texts) of each report."""
    units: dict[int, list[str]] = {}
    for report_id, as_written, name in (
        ReportUnit.objects.filter(report__in=reports.values("pk"))
        .order_by("report_id", "position")
        .values_list("report_id", "as_written", "unit__name")
    ):
        units.setdefault(report_id, []).extend((as_written, name))
    rows = reports.order_by().values_list(
        "pk", "period_id", "period__organisation_id", "target__content", "progress", "leader__name", "extras"
    )
    for report_id, period_id, organisation_id, content, progress, leader, extras in rows.iterator(2000):
        texts = report_texts(content, progress, leader or "", units.get(report_id, ()), extras or {})
        yield report_id, period_id, organisation_id, texts


def _delete(report_ids: list[int]) -> None:
    for start in range(0, len(report_ids), IDS_PER_QUERY):
        delete_rows(ReportSearchText.objects.filter(report_id__in=report_ids[start : start + IDS_PER_QUERY]))


def refresh_organisation_index(organisation) -> None:
    """After an organisation's rows were put back as they were (targets.snapshots): the words of
    reports no longer there go, those of the others are refreshed."""
    reports = ProgressReport.objects.of(organisation).values("pk")
    delete_rows(ReportSearchText.objects.filter(organisation=organisation).exclude(report_id__in=reports))
    refresh_search_index(ReportingPeriod.objects.of(organisation).values_list("pk", flat=True))


def _refresh_reports_of(reports: QuerySet) -> None:
    refresh_search_index(reports.order_by().values_list("period_id", flat=True).distinct())


@receiver(post_save, sender=Target)
def refresh_after_target_edit(sender, instance, created, raw=False, **kwargs) -> None:
    """A target's content is in each of its reports' words (an admin's edit)."""
    if not created and not raw:
        _refresh_reports_of(ProgressReport.objects.filter(target=instance))


@receiver(post_save, sender=Leader)
def refresh_after_leader_edit(sender, instance, created, raw=False, **kwargs) -> None:
    if not created and not raw:
        _refresh_reports_of(ProgressReport.objects.filter(leader=instance))


@receiver(post_save, sender=Unit)
def refresh_after_unit_edit(sender, instance, created, raw=False, **kwargs) -> None:
    """A unit's name is in the words of the reports naming it (renamed in the admin)."""
    if not created and not raw:
        _refresh_reports_of(ProgressReport.objects.filter(report_units__unit=instance))


def matching(reports: QuerySet, query: str) -> QuerySet:
    """`reports` whose words hold every word of `query` (analysis.search_words.query_words: a
    long query is cut to its first words), annotated with `search_rank`, higher is better. A
    query of single characters (托) matches them inside words, ranked by how often they occur;
    a query without words (empty, punctuation, emoji) matches nothing. Words are passed to the
    database as quoted terms (FTS5), through plainto_tsquery or as quoted lexemes (PostgreSQL),
    never as syntax."""
    words = query_words(query or "")
    if not words:
        return reports.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    inside = [word for word in words if needs_substring_match(word)]
    indexed = [word for word in words if word not in inside]
    vendor = connections[reports.db].vendor
    if not indexed:
        return _containing(reports, inside, vendor)
    reports = reports.filter(_inside_words(inside, vendor))
    if vendor == "postgresql":
        return _matching_postgresql(reports, indexed)
    return _matching_sqlite(reports, indexed)


def fts5_query(words: list[str]) -> str:
    """An FTS5 query holding every one of `words`: each a quoted string, so that no word is read
    as syntax (NEAR, OR, NOT, *, ^, column filters)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _matching_sqlite(reports: QuerySet, words: list[str]) -> QuerySet:
    # The ORM cannot join a virtual table: extra() joins it on the report's id (the rowid), and
    # bm25 (lower is better) is read from the joined row, once per match.
    table = reports.model._meta.db_table
    if FTS_TABLE in reports.query.extra_tables:
        # Matched already (matching(a).matching(b)): narrowed by b, ranked by a.
        matched = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (fts5_query(words),))
        return reports.filter(pk__in=matched)
    joined = reports.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_query(words)],
    )
    return joined.annotate(search_rank=RawSQL(f"-bm25({FTS_TABLE})", (), output_field=FloatField()))


def _matching_postgresql(reports: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    # The very expression of the GIN index of migration 0023, so that the index serves it.
    vector = SearchVector("search_text__words", config="simple")
    wanted = SearchQuery(" ".join(words), config="simple", search_type="plain")
    # An inner join (a left one, which the reverse relation would make, keeps the index out).
    found = reports.filter(search_text__isnull=False).alias(search_vector=vector).filter(search_vector=wanted)
    # Normalisation 1 divides by 1 + log(the number of words): a short text holding the words
    # ranks above a long one holding them as often, as bm25 ranks them on SQLite.
    return found.annotate(search_rank=SearchRank(vector, wanted, normalization=Value(1)))


def _inside_words(words: list[str], vendor: str) -> Q:
    """The reports each of `words` is inside a word of, found through the index of the words'
    pieces (analysis.search_words.word_grams): a row of pieces, or a piece a single character
    starts."""
    if not words:
        return Q()
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        pieces = " & ".join(_tsquery_row(word) for word in words)
        wanted = SearchQuery(pieces, config="simple", search_type="raw")
        # The very expression of migration 0026's GIN index.
        found = ReportSearchText.objects.alias(pieces=SearchVector("grams", config="simple")).filter(pieces=wanted)
        return Q(pk__in=found.values("report_id"))
    query = " ".join(_fts5_row(word) for word in words)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {GRAMS_TABLE} WHERE {GRAMS_TABLE} MATCH %s", (query,)))


def _fts5_row(word: str) -> str:
    # A quoted string of several pieces is a phrase (in a row); a single one is a prefix.
    quoted = fts5_query([" ".join(inside_pieces(word))])
    return quoted if len(word) > 1 else quoted + " *"


def _tsquery_row(word: str) -> str:
    quoted = ["'" + piece.replace("\\", "\\\\").replace("'", "''") + "'" for piece in inside_pieces(word)]
    return f"({' <-> '.join(quoted)})" if len(word) > 1 else quoted[0] + ":*"


def _containing(reports: QuerySet, words: list[str], vendor: str) -> QuerySet:
    """Reports holding each of `words` inside their words, ranked by how often they do."""
    rank = Value(0, output_field=FloatField())
    for word in words:
        held = Length("search_text__words") - Length(Replace("search_text__words", Value(word)))
        rank = rank + Cast(held, FloatField()) / len(word)
    return reports.filter(_inside_words(words, vendor)).annotate(search_rank=rank)


# How long a vocabulary is kept: its key changes with the data anyway; this bounds the rows of
# versions no request reads again.
VOCABULARY_SECONDS = 24 * 3600
# The latest reports a vocabulary is read from: a bound on the time and memory of reading it.
MOST_REPORTS_READ = 50_000


def suggest_words(query: str, organisation=None, limit: int = 5, *, published_only: bool = True) -> list[str]:
    """Up to `limit` words of the index near the words of `query` (rapidfuzz), never the query
    itself: from the reports of `organisation` (of all when None), of published periods only
    unless told otherwise (an unpublished report's words must not reach the public)."""
    if not query_words(query or ""):
        return []
    return nearby_words(query, _vocabulary(organisation, published_only), limit)


def _vocabulary(organisation, published_only: bool) -> Counter:
    """How many reports hold each word of two characters or more."""
    rows = ReportSearchText.objects.all()
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
        versions = (data_version(organisation),)
    else:
        versions = tuple(DataVersion.objects.order_by("organisation_id").values_list("organisation_id", "value"))
    if published_only:
        rows = rows.filter(period__published=True)
    # In the database cache, as every page is (web processes keep nothing of their own), under
    # the data versions read before the words: a change of data is a new key.
    key = "search-vocabulary|" + text_digest(
        repr((getattr(organisation, "pk", organisation), published_only, versions))
    )
    counts = cache.get(key)
    if counts is None:
        counts = Counter()
        for words in rows.order_by("-report_id").values_list("words", flat=True)[:MOST_REPORTS_READ].iterator(2000):
            counts.update({word for word in words.split() if len(word) > 1})
        cache.set(key, counts, VOCABULARY_SECONDS)
    return counts
