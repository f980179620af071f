"""`manage.py add_organisation CODE NAME [--parent CODE] [--level LEVEL]`: one line and nothing written on bad input."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from targets.models import Organisation

pytestmark = pytest.mark.django_db


def add(*args: str) -> str:
    out = StringIO()
    call_command("add_organisation", *args, stdout=out)
    return out.getvalue()


def test_the_default_organisation_is_there_after_migrate():
    city = Organisation.objects.get(code=settings.DEFAULT_ORGANISATION_CODE)
    assert (city.name, city.level, city.parent) == ("菏泽市", "city", None)


def test_a_county_is_added_within_the_city():
    line = add("dingtao", "定陶区", "--parent", "heze", "--level", "district")
    assert line == "added organisation dingtao (定陶区, district, within heze)\n"
    county = Organisation.objects.get(code="dingtao")
    assert (county.name, county.parent.code, list(Organisation.objects.get(code="heze").children.all())) == (
        "定陶区",
        "heze",
        [county],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("heze", "菏泽"), "organisation 'heze' not added: code: Organisation with this Code already exists."),
        (("Dingtao", "定陶区"), "organisation 'Dingtao' not added: code: A code holds only lower-case letters"),
        (("ding tao", "定陶区"), "organisation 'ding tao' not added: code: A code holds only lower-case letters"),
        (("定陶", "定陶区"), "organisation '定陶' not added: code: A code holds only lower-case letters"),
        (("dingtao", "定陶区", "--parent", "nowhere"), "no organisation 'nowhere' to add it to"),
        (("dingtao", "  "), "organisation 'dingtao' not added: name: This field cannot be blank."),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(args, message):
    before = list(Organisation.objects.values_list("code", flat=True))
    with pytest.raises(CommandError) as refused:
        add(*args)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)
    assert list(Organisation.objects.values_list("code", flat=True)) == before


def test_an_unknown_level_is_refused_by_the_command_line():
    with pytest.raises(CommandError, match="invalid choice: 'village'"):
        add("dingtao", "定陶区", "--level", "village")
