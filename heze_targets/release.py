"""The release a process runs: a digest of the code and templates that render pages. Cached
pages are kept under it, so that a deployment of new code or templates never serves pages the
old one rendered (the data version alone would not change)."""

import functools
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What renders a page: the apps' code, the templates and the compiled translations.
RENDERING = [
    "heze_targets",
    "targets",
    "dashboard",
    "public",
    "uploads",
    "importers",
    "analysis",
    "templates",
    "locale",
]


@functools.cache
def release() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for folder in RENDERING:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".mo"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
