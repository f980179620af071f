"""A synthetic data set shaped like the real one, for query-count tests and page benchmarks:
years × periods × targets, with leaders, units, statuses, pace and year links."""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from analysis.signals import CANCELLED, GREEN, GREY, MEASURED, RED, YELLOW
from analysis.statuses import BEHIND, DROPPED, ON_TRACK
from importers.periods import QUARTER_KINDS, Period
from importers.units import role_at
from targets.cache import bump_data_version
from targets.linking import keep_words
from targets.models import (
    ImportBatch,
    Leader,
    Organisation,
    ProgressReport,
    ReportingPeriod,
    ReportPace,
    ReportUnit,
    Target,
    TargetYearLink,
    Unit,
)
from targets.tallies import refresh_tallies

SIGNALS = [GREEN] * 5 + [YELLOW] * 2 + [RED] * 2 + [GREY] * 8 + [CANCELLED]
STATUSES = {GREEN: ON_TRACK, YELLOW: ON_TRACK, RED: BEHIND, GREY: ON_TRACK, CANCELLED: DROPPED}


@transaction.atomic
def generate(
    years: range,
    targets_per_year: int,
    leaders: list[str],
    units: list[str],
    seed: int = 2023,
    organisation: Organisation | None = None,
) -> int:
    """Add the data set to `organisation` (the default one when None); returns the number of
    reports. Leaders and units are reused by name, so that existing pages (a leader's, a
    unit's) grow with it."""
    rng = random.Random(seed)
    organisation = organisation or Organisation.objects.default()
    leader_rows = [Leader.objects.get_or_create(organisation=organisation, name=name)[0] for name in leaders]
    unit_rows = [Unit.objects.get_or_create(organisation=organisation, name=name)[0] for name in units]
    reports = 0
    previous: list[Target] = []
    for year in years:
        Target.objects.bulk_create(
            Target(
                organisation=organisation,
                year=year,
                seq=seq,
                content=f"新建并开通 5G 基站 {rng.randint(100, 3000)} 个以上，第{seq}项重点工作",
                deadline="年底",
                due_date=date(year, 12, 31),
            )
            for seq in range(1, targets_per_year + 1)
        )
        targets = list(Target.objects.of(organisation).filter(year=year).order_by("seq"))
        keep_words(target.content for target in targets)  # as an import's linking keeps them
        TargetYearLink.objects.bulk_create(
            TargetYearLink(earlier=earlier, later=later, score=0.9)
            for earlier, later in zip(previous, targets, strict=False)
        )
        previous = targets
        for kind in QUARTER_KINDS:
            reports += _period(organisation, Period(year, kind), targets, (leader_rows, unit_rows), rng)
    refresh_tallies(ReportingPeriod.objects.of(organisation).filter(year__in=years).values_list("pk", flat=True))
    bump_data_version(organisation)
    return reports


def _period(organisation, spec: Period, targets: list[Target], people, rng: random.Random) -> int:
    leaders, units = people
    period = ReportingPeriod.objects.create(
        organisation=organisation,
        year=spec.year,
        kind=spec.kind,
        code=spec.code,
        label=spec.label,
        as_of=spec.as_of,
        published=True,
    )
    batch = ImportBatch.objects.create(
        organisation=organisation, file_name=f"synthetic-{spec.code}.txt", sha256="0" * 64, period=period
    )
    signals = [rng.choice(SIGNALS) for _ in targets]
    created = ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                target=target,
                period=period,
                leader=rng.choice(leaders),
                progress=f"上半年完成 {rng.randint(1, 3000)} 个",
                status=STATUSES[signal],
                status_as_written="是",
                source_file=batch.file_name,
                source_line=f"line {index + 1}",
                batch=batch,
            )
            for index, (target, signal) in enumerate(zip(targets, signals, strict=True))
        ),
        batch_size=2000,
    )
    if created[0].pk is None:
        created = list(ProgressReport.objects.filter(period=period).order_by("target__seq"))
    ReportUnit.objects.bulk_create(
        (
            # One unit column, as in the seeds: the first listed leads.
            ReportUnit(report=report, unit=unit, position=position, as_written=unit.name, role=role_at(position))
            for report in created
            for position, unit in enumerate(rng.sample(units, rng.randint(1, 2)))
        ),
        batch_size=5000,
    )
    expected = spec.as_of.month / 12
    ReportPace.objects.bulk_create(
        (
            ReportPace(
                report=report,
                kind="amount" if signal in MEASURED else "",
                goal_value=Decimal(1000),
                goal_unit="个",
                completion=synthetic_completion(signal, expected, rng),
                expected=expected if signal in MEASURED else None,
                measured_signal=signal if signal in MEASURED else GREY,
                signal=signal,
                contradiction=signal == RED and rng.random() < 0.3,
            )
            for report, signal in zip(created, signals, strict=True)
        ),
        batch_size=5000,
    )
    return len(created)


def synthetic_completion(signal: str, expected: float, rng: random.Random) -> float | None:
    """A completion that fits the signal, around the expected progress (the scale benchmark's too)."""
    if signal == GREEN:
        return expected + rng.random() * 0.3
    if signal == YELLOW:
        return max(0.0, expected - rng.random() * 0.1)
    if signal == RED:
        return max(0.0, expected - 0.1 - rng.random() * 0.3)
    return None
