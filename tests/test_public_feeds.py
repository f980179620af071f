"""`/feeds/periods.atom` and `/feeds/targets.atom` (per organisation, like every public page):
Atom feeds of the newly published periods and of the targets whose published reports changed,
linked from the head of every public page; drafts never appear in them."""

from xml.etree import ElementTree

import pytest

from targets.cache import bump_data_version
from targets.models import Organisation, ProgressReport, ReportingPeriod, ReportUnit, Target, Unit
from tests.conftest import (
    PROGRESS_2020_H1,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    admin_form_data,
    assert_queries_do_not_grow,
    import_report,
    parsed_page,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feeds/periods.atom", "/feeds/targets.atom"]


def read_feed(client, url: str) -> tuple[ElementTree.Element, list[dict[str, str]]]:
    """The feed at `url` as a reader gets it: its root element and its entries (title, link, id,
    updated, summary), in the feed's order."""
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]
    return root, entries


def links_of(entries: list[dict[str, str]]) -> list[str]:
    return [entry["link"] for entry in entries]


@pytest.fixture
def q3_last(db):
    """The three fixtures published, 2022 Q3 last: its targets are the latest changed."""
    import_report("--publish", PROGRESS_2023_H1, PROGRESS_2020_H1, PROGRESS_2022_Q3)


def test_the_periods_feed_lists_the_published_periods_with_links_to_their_pages(client, q3_last):
    root, entries = read_feed(client, "/feeds/periods.atom")
    city = Organisation.objects.default().name
    assert root.findtext(f"{ATOM}id") == "http://testserver/feeds/periods.atom"
    assert city in root.findtext(f"{ATOM}title")
    labels = ["2022年第三季度", "2020年上半年", "2023年上半年"]  # the latest published first
    assert [entry["title"] for entry in entries] == [f"{label} · {city}" for label in labels]
    assert links_of(entries)[-1] == "http://testserver/periods/2023-H1/"
    assert all(entry["id"] == entry["link"] and entry["updated"] for entry in entries)
    latest_h1 = entries[-1]["summary"]
    assert "200 项责任目标，213 条推进情况" in latest_h1 and "按计划推进 212，不再实施 1" in latest_h1


def test_the_targets_feed_lists_the_latest_changed_targets_with_their_state_and_links(client, q3_last):
    root, entries = read_feed(client, "/feeds/targets.atom")
    assert root.findtext(f"{ATOM}id") == "http://testserver/feeds/targets.atom"
    assert len(entries) == 50
    q3 = sorted({report.target.seq for report in ProgressReport.objects.filter(period__code="2022-Q3")})
    first = links_of(entries)[: len(q3)]  # the latest published period's targets, then earlier ones
    assert sorted(first) == sorted(f"http://testserver/targets/2022/{seq}/" for seq in q3)
    report = ProgressReport.objects.get(period__code="2022-Q3", target__seq=86, position=0)
    entry = next(entry for entry in entries if entry["link"] == "http://testserver/targets/2022/86/")
    assert entry["title"].startswith("2022-86 ") and len(entry["title"]) <= len("2022-86 ") + 40
    assert entry["summary"].startswith(f"2022年第三季度：{report.get_status_display()}；进度信号：")
    assert report.progress in entry["summary"]


def test_a_target_whose_report_a_re_import_changes_comes_first(client, q3_last, tmp_path):
    read_feed(client, "/feeds/targets.atom")  # kept
    corrected = tmp_path / PROGRESS_2023_H1.name
    text = PROGRESS_2023_H1.read_text(encoding="utf-8")
    corrected.write_text(text.replace("新建并开通 5G 基站 807 个", "新建并开通 5G 基站 901 个"), encoding="utf-8")
    import_report(corrected)
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2023/86/"
    assert "基站 901 个" in entries[0]["summary"]


def edit_in_the_admin(admin_client, url: str, **changes) -> None:
    data = admin_form_data(admin_client.get(url)) | changes
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_target_whose_report_an_admin_edits_comes_first(client, admin_client, q3_last):
    read_feed(client, "/feeds/targets.atom")  # kept
    report = ProgressReport.objects.get(period__code="2023-H1", target__seq=86, position=0)
    progress = report.progress.replace("807", "902")
    edit_in_the_admin(admin_client, f"/admin/targets/progressreport/{report.pk}/change/", progress=progress)
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2023/86/"
    assert "基站 902 个" in entries[0]["summary"]


def test_a_target_an_admin_edits_comes_first(client, admin_client, q3_last):
    target = Target.objects.get(year=2020, seq=3)
    content = target.content + "（更正）"
    edit_in_the_admin(admin_client, f"/admin/targets/target/{target.pk}/change/", content=content)
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2020/3/"
    assert entries[0]["title"].startswith("2020-3 ")


def test_a_target_whose_report_an_admin_gives_another_unit_comes_first(client, admin_client, q3_last):
    row = ReportUnit.objects.filter(report__period__code="2020-H1", report__target__seq=5).first()
    other = Unit.objects.exclude(pk=row.unit_id).filter(needs_review=False).first()
    edit_in_the_admin(admin_client, f"/admin/targets/reportunit/{row.pk}/change/", unit=other.pk)
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2020/5/"


def test_save_pressed_on_an_unchanged_form_leaves_the_feed_as_it_was(client, admin_client, q3_last):
    _root, before = read_feed(client, "/feeds/targets.atom")
    report = ProgressReport.objects.get(period__code="2023-H1", target__seq=86, position=0)
    edit_in_the_admin(admin_client, f"/admin/targets/progressreport/{report.pk}/change/")
    target = Target.objects.get(year=2020, seq=3)
    edit_in_the_admin(admin_client, f"/admin/targets/target/{target.pk}/change/")
    _root, after = read_feed(client, "/feeds/targets.atom")
    assert links_of(after) == links_of(before) and "http://testserver/targets/2023/86/" not in links_of(after)[:1]
    assert not ProgressReport.objects.filter(edited_at__isnull=False).exists()


def test_a_target_whose_report_loses_a_unit_in_its_own_form_comes_first(client, admin_client, q3_last):
    report = ProgressReport.objects.filter(period__code="2020-H1", target__seq=5).first()
    url = f"/admin/targets/progressreport/{report.pk}/change/"
    data = admin_form_data(admin_client.get(url)) | {"report_units-0-DELETE": "on"}
    assert admin_client.post(url, data).status_code == 302
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2020/5/"


def test_a_target_whose_report_unit_an_admin_deletes_comes_first(client, admin_client, q3_last):
    row = ReportUnit.objects.filter(report__period__code="2020-H1", report__target__seq=7).first()
    response = admin_client.post(f"/admin/targets/reportunit/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ReportUnit.objects.filter(pk=row.pk).exists()
    _root, entries = read_feed(client, "/feeds/targets.atom")
    assert entries[0]["link"] == "http://testserver/targets/2020/7/"


def test_the_targets_whose_unit_is_merged_into_another_come_first(client, admin_client, q3_last):
    merged = ReportUnit.objects.filter(report__period__code="2020-H1", report__target__seq=9).first().unit
    merged_targets = set(
        ReportUnit.objects.filter(unit=merged, report__period__published=True).values_list(
            "report__target__year", "report__target__seq"
        )
    )
    Unit.objects.filter(pk=merged.pk).update(needs_review=True)
    kept = Unit.objects.exclude(pk=merged.pk).filter(needs_review=False).first()
    data = {"action": "merge_into_the_confirmed_unit", "_selected_action": [merged.pk, kept.pk]}
    assert admin_client.post("/admin/targets/unit/", data).status_code == 302
    _root, entries = read_feed(client, "/feeds/targets.atom")
    first = {tuple(map(int, link.rstrip("/").split("/")[-2:])) for link in links_of(entries)[: len(merged_targets)]}
    assert first == merged_targets


def test_neither_feed_shows_an_unpublished_period_its_targets_or_its_texts(client, q3_last):
    draft = ProgressReport.objects.filter(period__code="2022-Q3")
    texts = [report.progress[:20] for report in draft if len(report.progress) > 20][:20]
    assert "/targets/2022/" in client.get("/feeds/targets.atom").content.decode()  # kept, then made stale
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    bump_data_version(Organisation.objects.default())
    for url in FEEDS:
        body = client.get(url).content.decode()
        assert "2022-Q3" not in body and "2022年第三季度" not in body and "/targets/2022/" not in body, url
        assert not any(text in body for text in texts), url
        assert "progress-report" not in body and ".txt" not in body, url


def test_a_newly_published_period_comes_first_at_once(client, db):
    import_report("--publish", PROGRESS_2023_H1)
    import_report(PROGRESS_2022_Q3)
    assert "2022-Q3" not in client.get("/feeds/periods.atom").content.decode()
    period = ReportingPeriod.objects.get(code="2022-Q3")
    period.published = True
    period.save()  # as the admin or the publish button do
    _root, periods = read_feed(client, "/feeds/periods.atom")
    assert links_of(periods) == ["http://testserver/periods/2022-Q3/", "http://testserver/periods/2023-H1/"]
    _root, targets = read_feed(client, "/feeds/targets.atom")
    assert targets[0]["link"].startswith("http://testserver/targets/2022/")


def test_every_public_page_links_both_feeds_from_its_head(client, q3_last):
    for url, prefix in [("/", ""), ("/periods/2023-H1/", ""), ("/search/?q=基站", ""), ("/en/pace/", "/en")]:
        head_links = [attributes for tag, attributes in parsed_page(client.get(url)).elements if tag == "link"]
        feeds = [link["href"] for link in head_links if link.get("type") == "application/atom+xml"]
        assert feeds == [prefix + feed for feed in FEEDS], url
        assert all(link["rel"] == "alternate" and link["title"] for link in head_links if link["href"] in feeds)
        for feed in feeds:
            read_feed(client, feed)


def test_a_feed_in_english_links_the_english_pages(client, q3_last):
    root, entries = read_feed(client, "/en/feeds/periods.atom")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert links_of(entries)[0] == "http://testserver/en/periods/2022-Q3/"


def test_nothing_can_be_posted_to_a_feed(client, q3_last):
    for url in FEEDS:
        assert client.post(url).status_code == 405, url
        assert client.head(url).status_code == 200, url


def test_a_countys_feeds_show_its_own_periods_and_targets_only(client, city_and_counties):
    root, periods = read_feed(client, "/o/dingtao/feeds/periods.atom")
    assert root.findtext(f"{ATOM}id") == "http://testserver/o/dingtao/feeds/periods.atom"
    assert [(entry["title"], entry["link"]) for entry in periods] == [
        ("2023年上半年 · 定陶区", "http://testserver/o/dingtao/periods/2023-H1/")
    ]
    _root, targets = read_feed(client, "/o/dingtao/feeds/targets.atom")
    assert links_of(targets) == [f"http://testserver/o/dingtao/targets/2023/{seq}/" for seq in (3, 2, 1)]
    assert "新建农村公路 100 公里" in targets[-1]["title"] and "巨野" not in str(targets)
    assert client.get("/o/heze/feeds/periods.atom")["Location"] == "/feeds/periods.atom"


@pytest.mark.parametrize("url", FEEDS)
def test_its_queries_do_not_grow_with_the_data(client, q3_last, django_assert_max_num_queries, url):
    assert_queries_do_not_grow(client, url, django_assert_max_num_queries)
