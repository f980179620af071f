"""`--org CODE` of the commands that read or write one organisation's data."""

from django.core.management.base import CommandError

from targets.models import Organisation


def add_organisation_option(parser) -> None:
    parser.add_argument(
        "--org", metavar="CODE", help="the organisation (see manage.py add_organisation); the default one when omitted"
    )


def organisation_named(code: str | None) -> Organisation:
    """The organisation of `--org`, or the default; an unknown code stops the command before
    anything is read or written."""
    if code is None:
        return Organisation.objects.default()
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        known = ", ".join(Organisation.objects.values_list("code", flat=True))
        raise CommandError(f"unknown organisation {code!r} (known: {known})")
    return found
