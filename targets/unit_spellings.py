"""Unit names as documents spell them, resolved through an organisation's alias table
(targets.models.UnitAlias): two counties may each have a 县财政局, and they are two units."""

from targets.models import Organisation, Unit, UnitAlias


def known_unit_spellings(organisation: Organisation) -> set[str]:
    aliases = UnitAlias.objects.of(organisation).values_list("spelling", flat=True)
    return set(aliases) | set(Unit.objects.of(organisation).values_list("name", flat=True))


def resolve_unit_spellings(organisation: Organisation, where_of: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Unit ids of spellings (each with where it was first read), through the alias table.

    A spelling not known yet becomes a unit marked for review, with a warning: never an
    error, never dropped.
    """
    spellings = set(where_of)
    units = Unit.objects.of(organisation)
    ids = dict(UnitAlias.objects.of(organisation).filter(spelling__in=spellings).values_list("spelling", "unit_id"))
    ids.update(units.filter(name__in=spellings - ids.keys()).values_list("name", "pk"))
    unknown = sorted(spellings - ids.keys())
    if not unknown:
        return ids, []
    Unit.objects.bulk_create([Unit(organisation=organisation, name=name, needs_review=True) for name in unknown])
    ids.update(units.filter(name__in=unknown).values_list("name", "pk"))
    return ids, [f"{where_of[name]}: new unit {name!r} created and marked for review" for name in unknown]
