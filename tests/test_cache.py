"""Work kept between commands: found only under the key it was stored with, never in the way."""

import os

import pytest

from pipeline.kit import cache


def test_a_value_comes_back_under_its_key_only():
    name = cache.key("inventaris", "PP.xlsx abc")
    assert name == cache.key("inventaris", "PP.xlsx abc")
    assert name != cache.key("inventaris", "PP.xlsx abd")
    cache.store(name, {"butir": [1, 2]})
    assert cache.load(name) == {"butir": [1, 2]}
    assert cache.load(cache.key("lain")) is None


def test_a_damaged_entry_is_computed_afresh_and_removed(own_cache):
    (own_cache / "rusak.pickle").write_bytes(b"bukan pickle")
    assert cache.load("rusak") is None
    assert not (own_cache / "rusak.pickle").exists()


def test_only_the_newest_entries_are_kept(own_cache):
    for number in range(cache.KEEP + 2):
        cache.store(f"entri{number}", number)
        os.utime(own_cache / f"entri{number}.pickle", (number, number))
    cache.store("terbaru", "x")
    kept = sorted(p.stem for p in own_cache.glob("*.pickle"))
    assert len(kept) == cache.KEEP and "terbaru" in kept and "entri0" not in kept


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")
    monkeypatch.setenv("DIK_CACHE", str(blocked / "cache"))
    cache.store("x", 1)
    assert cache.load("x") is None


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({"DIK_CACHE": "/c"}, "/c"), ({"XDG_CACHE_HOME": "/x"}, "/x/dik-ppid")],
)
def test_the_folder_is_the_users_own(monkeypatch, environment, expected):
    monkeypatch.delenv("DIK_CACHE")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert str(cache.folder()) == expected


def test_no_home_folder_means_nothing_is_kept(monkeypatch):
    from pathlib import Path

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory")

    for name in ("DIK_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", homeless)
    cache.store("x", 1)
    assert cache.load("x") is None


def test_a_tool_whose_version_cannot_be_told_keeps_nothing(monkeypatch, own_cache):
    from importlib import metadata

    def unknown(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    cache._tool.cache_clear()
    monkeypatch.setattr(cache.metadata, "version", unknown)
    try:
        assert cache.key("inventaris") is None
        cache.store(cache.key("inventaris"), 1)
        assert not list(own_cache.iterdir()) and cache.load(None) is None
    finally:
        cache._tool.cache_clear()
