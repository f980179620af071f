"""benchmarks/bench_upload.py runs end to end (a real gunicorn and db_worker) and prints its figures
(goals in the README). The preview goes to the worker at any size here, as a large file's does."""

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_upload.py"


def test_the_benchmark_prints_preview_time_import_rate_ratio_and_peak_memory():
    output = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "300"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"DJANGO_UPLOAD_PREVIEW_IN_REQUEST_BYTES": "0"},
    ).stdout
    assert re.search(
        r"^rows: 300 report rows in a [\d.]+ MiB \.xlsx \([\d,]+ bytes; upload limit 20 MiB\), SQLite$", output, re.M
    )
    assert re.search(r"^upload: [\d.]+ s \(the request that stores the file\)$", output, re.M)
    assert re.search(
        r"^preview: [\d.]+ s for 300 rows \(in the worker, from the upload's start; its page then [\d.]+ s\)$",
        output,
        re.M,
    )
    assert re.search(r"^import: [\d.]+ s = [\d,]+ rows/s \(from the confirmation\)$", output, re.M)
    assert re.search(
        r"^command: manage\.py import_report in a fresh process: [\d.]+ s = [\d,]+ rows/s, peak memory \d+ MiB$",
        output,
        re.M,
    )
    assert re.search(r"^ratio import/command: [\d.]+$", output, re.M)
    assert re.search(
        r"^upload page every 2 s meanwhile: \d+ requests, 0 failed: median [\d.]+ s, slowest [\d.]+ s$", output, re.M
    )
    for process in ("web", "worker"):
        assert re.search(
            rf"^peak memory {process}: \d+ MiB = \d+ MB \(goal < 500 MB: (met|NOT met)[^)]*\); \d+ MiB by the preview's end$",
            output,
            re.M,
        )
    assert re.search(
        r"^errors: 0 gunicorn worker timeouts, 0 tracebacks from the web, 0 from the worker$", output, re.M
    )
