from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from targets.models import Organisation, OrganisationLevel


class Command(BaseCommand):
    help = "Add an organisation (a province, city, county, district or zone) whose targets are followed."

    def add_arguments(self, parser):
        parser.add_argument("code", help="lower-case letters, digits and hyphens, as in URLs: o/<code>/")
        parser.add_argument("name", help="the government's name, e.g. 定陶区")
        parser.add_argument("--parent", metavar="CODE", help="the organisation it belongs to")
        parser.add_argument("--level", choices=OrganisationLevel.values, default=OrganisationLevel.COUNTY)

    def handle(self, *args, code: str, name: str, parent: str | None, level: str, **options):
        organisation = Organisation(code=code, name=name.strip(), level=level, parent=self.parent_of(parent))
        try:
            organisation.full_clean()
        except ValidationError as error:
            # In English, like the rest of the commands' output.
            with translation.override("en"):
                raise CommandError(f"organisation {code!r} not added: {_one_line(error)}") from None
        organisation.save()
        within = f", within {organisation.parent.code}" if organisation.parent else ""
        self.stdout.write(f"added organisation {code} ({organisation.name}, {level}{within})")

    @staticmethod
    def parent_of(code: str | None) -> Organisation | None:
        if code is None:
            return None
        parent = Organisation.objects.filter(code=code).first()
        if parent is None:
            raise CommandError(f"no organisation {code!r} to add it to (see the admin for the codes)")
        return parent


def _one_line(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
