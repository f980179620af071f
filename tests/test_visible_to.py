"""`visible_to(user)` on periods, targets and reports: officials (the officials group, or staff)
see everything of the organisations they follow; anonymous visitors and other users only
published periods and what belongs to them."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from targets.models import Organisation, ProgressReport, ReportingPeriod, Target
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report, make_official

pytestmark = pytest.mark.django_db

PUBLISHED = {"2023-H1", "2022-Q3"}
EVERY_PERIOD = PUBLISHED | {"2020-H1"}


@pytest.fixture
def one_period_unpublished(db):
    import_report("--publish", PROGRESS_2023_H1, PROGRESS_2022_Q3)
    import_report(PROGRESS_2020_H1)


def official() -> User:
    return make_official("official", Organisation.objects.default())


def period_codes(user) -> set[str]:
    return set(ReportingPeriod.objects.visible_to(user).values_list("code", flat=True))


def report_periods(user) -> set[str]:
    return set(ProgressReport.objects.visible_to(user).values_list("period__code", flat=True))


def target_years(user) -> set[int]:
    return set(Target.objects.visible_to(user).values_list("year", flat=True))


def test_an_anonymous_visitor_sees_only_published_periods_their_reports_and_their_targets(one_period_unpublished):
    visitor = AnonymousUser()
    assert period_codes(visitor) == PUBLISHED
    assert report_periods(visitor) == PUBLISHED
    assert target_years(visitor) == {2023, 2022}


def test_a_user_outside_the_officials_group_sees_what_anonymous_visitors_see(one_period_unpublished):
    user = User.objects.create_user("someone", password="a-long-password-123")
    assert (period_codes(user), report_periods(user), target_years(user)) == (PUBLISHED, PUBLISHED, {2023, 2022})


def test_an_official_sees_every_period_report_and_target(one_period_unpublished):
    user = official()
    assert period_codes(user) == EVERY_PERIOD
    assert ProgressReport.objects.visible_to(user).count() == ProgressReport.objects.count()
    assert Target.objects.visible_to(user).count() == Target.objects.count()
    assert target_years(user) == {2023, 2022, 2020}


def test_staff_see_everything_without_the_group(one_period_unpublished):
    staff = User.objects.create_user("admin", password="a-long-password-123", is_staff=True)
    assert period_codes(staff) == EVERY_PERIOD and report_periods(staff) == EVERY_PERIOD


def test_an_inactive_official_sees_what_the_public_sees(one_period_unpublished):
    user = official()
    user.is_active = False
    assert period_codes(user) == PUBLISHED


def test_a_target_reported_in_a_published_period_shows_once(one_period_unpublished):
    visible = Target.objects.visible_to(AnonymousUser())
    assert visible.count() == visible.values("pk").distinct().count()


def test_whether_a_user_is_an_official_is_asked_of_the_database_once(one_period_unpublished, django_assert_num_queries):
    user = official()
    with django_assert_num_queries(2 + 3):  # the group and the organisations followed, then the three lists
        period_codes(user), report_periods(user), target_years(user)


def test_the_public_site_shows_only_published_periods_even_to_an_official(official_client, one_period_unpublished):
    page = official_client.get("/").content.decode()
    assert "2023年上半年" in page and "2022年第三季度" in page
    assert "2020年上半年" not in page


def test_the_officials_overview_lists_the_unpublished_period_too(official_client, one_period_unpublished):
    page = official_client.get("/dashboard/").content.decode()
    assert "2020年上半年" in page and "2023年上半年" in page
