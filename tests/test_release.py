"""heze_targets.release: cached pages are kept under a digest of the code and templates that
render them, so that new code or templates never serve pages the old ones rendered."""

from heze_targets import release as release_module


def test_a_changed_template_or_module_is_another_release_and_a_migration_is_not(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    (tmp_path / "targets" / "migrations").mkdir(parents=True)
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>{{ a }}</p>", encoding="utf-8")
    monkeypatch.setattr(release_module, "ROOT", tmp_path)

    def current() -> str:
        release_module.release.cache_clear()
        return release_module.release()

    first = current()
    assert current() == first  # the same files, the same release
    (tmp_path / "targets" / "migrations" / "0099_more.py").write_text("# data only", encoding="utf-8")
    assert current() == first
    page.write_text("<p>{{ b }}</p>", encoding="utf-8")
    assert current() != first
    release_module.release.cache_clear()
