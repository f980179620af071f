"""Page speed on a synthetic data set of about 100,000 progress reports.

    python benchmarks/pages.py [--years 25] [--targets 1000] [--requests 50] [--database-url URL]

Builds 25 years × 4 periods × 1,000 targets in a fresh SQLite file (or in the empty database
DATABASE_URL names), then requests each officials' page through Django's test client and prints
the median and p95 time per page and the ratio of the median to a minimal page that renders the
same base template with no data, measured in the same run; the median time of a request just
after the data changed, when nothing is cached yet; and the number of queries that uncached
request ran (a page's queries may not grow with the data: compare with a smaller run). The
seed work report and key-task notice are imported too, so that their pages (and the targets
they link) are measured at this size.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEADERS = ["李春英", "聂元科", "王昌华", "曹临", "张鹏", "肖友华", "刘连栋", "姜凌刚"]
UNITS = [f"市第{n}测试局" for n in range(1, 41)]


def setup(database_url: str | None, workdir: Path) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(workdir / "pages.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def import_documents() -> None:
    """The seed work report (2023's goals) and notice (2023's tasks), linked to the synthetic targets."""
    from io import StringIO

    from django.core.management import call_command

    fixtures = ROOT / "fixtures"
    call_command("import_work_report", str(fixtures / "work-report-2022-12-27-abstract.txt"), stdout=StringIO())
    call_command(
        "import_task_notice", str(fixtures / "key-tasks-notice-2023-13-green-low-carbon.txt"), stdout=StringIO()
    )


def pages(years: range) -> dict[str, str]:
    from targets.models import Target, TaskNotice, WorkReport

    latest = f"{years[-1]}-FY"
    target = Target.objects.get(year=years[len(years) // 2], seq=1)
    report, notice = WorkReport.objects.get().pk, TaskNotice.objects.get().pk
    return {
        "overview": "/dashboard/",
        "period": f"/dashboard/periods/{latest}/",
        "period filtered+sorted": f"/dashboard/periods/{latest}/?signal=red&sort=-completion&page=2",
        "period csv": f"/dashboard/periods/{latest}/reports.csv?signal=yellow",
        "leader": f"/dashboard/leaders/{LEADERS[2]}/",
        "unit": f"/dashboard/units/{UNITS[0]}/",
        "target": f"/dashboard/targets/{target.year}/{target.seq}/",
        "compare": f"/dashboard/compare/?a={years[0]}-FY&b={latest}",
        "watch list": f"/dashboard/periods/{latest}/watch/",
        "work report": f"/dashboard/work-reports/{report}/",
        "work report review": f"/dashboard/work-reports/{report}/review/",
        "work report promises": f"/dashboard/work-reports/{report}/promises/",
        "notices": "/dashboard/notices/",
        "notice": f"/dashboard/notices/{notice}/",
    }


def cold(client, url: str, times: int = 5) -> tuple[float, int]:
    """The median time of a request right after the data changed (nothing cached), and the
    number of queries such a request runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets.cache import bump_data_version

    samples, queries = [], 0
    for _ in range(times):
        bump_data_version()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        samples.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(samples), queries


def timed(client, url: str, requests: int) -> list[float]:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", help="an empty PostgreSQL database; SQLite by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        setup(args.database_url, Path(tmp))
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings

        from targets.synthetic import generate

        years = range(2000, 2000 + args.years)
        start = time.perf_counter()
        reports = generate(years, args.targets, LEADERS, UNITS)
        import_documents()
        built = time.perf_counter() - start
        # As the reverse proxy forwards them: production settings redirect plain http.
        client = Client(headers={"X-Forwarded-Proto": "https"})
        client.force_login(User.objects.create_superuser("bench", password="bench-only-password"))
        with override_settings(ROOT_URLCONF="benchmarks.bench_urls"):
            baseline = statistics.median(timed(client, "/bench/empty/", args.requests))
            print(f"{connection.vendor}: {reports:,} reports built in {built:.0f} s; {args.requests} requests a page")
            print(f"baseline (base template, no data): median {baseline:.1f} ms")
            print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'ratio':>8}{'uncached ms':>13}{'queries':>9}")
            for name, url in pages(years).items():
                times = sorted(timed(client, url, args.requests))
                median, p95 = statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)]
                uncached, queries = cold(client, url)
                print(f"{name:<24}{median:>10.1f}{p95:>9.1f}{median / baseline:>8.1f}{uncached:>13.1f}{queries:>9}")


if __name__ == "__main__":
    main()
