"""Unit names as documents spell them, resolved through the alias table (targets.models.UnitAlias)."""

from targets.models import Unit, UnitAlias


def known_unit_spellings() -> set[str]:
    return set(UnitAlias.objects.values_list("spelling", flat=True)) | set(Unit.objects.values_list("name", flat=True))


def resolve_unit_spellings(where_of: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Unit ids of spellings (each with where it was first read), through the alias table.

    A spelling not known yet becomes a unit marked for review, with a warning: never an
    error, never dropped.
    """
    spellings = set(where_of)
    ids = dict(UnitAlias.objects.filter(spelling__in=spellings).values_list("spelling", "unit_id"))
    ids.update(Unit.objects.filter(name__in=spellings - ids.keys()).values_list("name", "pk"))
    unknown = sorted(spellings - ids.keys())
    if not unknown:
        return ids, []
    Unit.objects.bulk_create([Unit(name=name, needs_review=True) for name in unknown])
    ids.update(Unit.objects.filter(name__in=unknown).values_list("name", "pk"))
    return ids, [f"{where_of[name]}: new unit {name!r} created and marked for review" for name in unknown]
