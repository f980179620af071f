"""An organisation's page address (organisation_reverse): the default organisation's where it has
always been, another's under o/<code>/, each in the language and under the script prefix it is
asked in, however often it was worked out before."""

import pytest
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from heze_targets.organisation_urls import organisation_reverse

pytestmark = pytest.mark.django_db


def test_an_address_is_the_organisations_in_the_language_asked(city_and_counties):
    city, county = city_and_counties["heze"], city_and_counties["juye"]
    for _twice in range(2):
        with translation.override("zh-hans"):
            assert organisation_reverse("public:target-detail", city, 2023, 86) == "/targets/2023/86/"
            assert (
                organisation_reverse("public:unit-detail", county, "县发改局")
                == "/o/juye/units/%E5%8E%BF%E5%8F%91%E6%94%B9%E5%B1%80/"
            )
        with translation.override("en"):
            assert organisation_reverse("public:target-detail", city, 2023, 86) == "/en/targets/2023/86/"
            assert organisation_reverse("public:index", county, query="page=2") == "/en/o/juye/?page=2"


def test_an_address_is_under_the_script_prefix_it_is_asked_under(city_and_counties):
    city = city_and_counties["heze"]
    assert organisation_reverse("public:pace", city) == "/pace/"
    before = get_script_prefix()
    set_script_prefix("/heze/")
    try:
        assert organisation_reverse("public:pace", city) == "/heze/pace/"
    finally:
        set_script_prefix(before)
    assert organisation_reverse("public:pace", city) == "/pace/"
