"""The production settings with the benchmarks' URLs (the site's plus the baseline pages)."""

from heze_targets.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
