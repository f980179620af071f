from django.core.management.base import BaseCommand

from targets import open_data
from targets.management.organisation_option import organisation_named
from targets.models import Organisation


class Command(BaseCommand):
    help = (
        "Build the open-data files (JSON, a CSV per table, SQLite, datapackage.json) of every organisation's "
        "published data, or of one; files already built from the current data and code are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="CODE", help="only this organisation (every one when omitted)")

    def handle(self, *args, org: str | None, **options):
        organisations = [organisation_named(org)] if org else Organisation.objects.order_by("code")
        for organisation in organisations:
            built = open_data.build(organisation)
            if built is None:
                self.stdout.write(f"{organisation.code}: up to date")
                continue
            covered = f"{built.first_period} to {built.last_period}" if built.first_period else "no published period"
            self.stdout.write(
                f"{organisation.code}: built {built.files.count()} files from data version {built.data_version} ({covered})"
            )
