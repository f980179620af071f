"""The column headers an organisation has told the fields of (an upload's column mapping),
remembered for its next tables: the import service reads every table with them."""

from django.db import transaction

from importers.column_choices import header_fields_of
from importers.columns import field_of_header
from targets.cache import bump_data_version
from targets.models import Organisation, TableHeader


def table_header_fields(organisation: Organisation) -> dict[str, str]:
    """{header key: field} as importers.progress_table takes them."""
    return dict(TableHeader.objects.of(organisation).values_list("header", "field"))


@transaction.atomic
def remember_headers(organisation: Organisation, choices: dict[str, str]) -> None:
    """Keep the field chosen for each header (as written) that our own headers do not name so."""
    for header, key in header_fields_of(choices).items():
        if field_of_header(header) != key:
            TableHeader.objects.update_or_create(organisation=organisation, header=header, defaults={"field": key})
    bump_data_version(organisation)
