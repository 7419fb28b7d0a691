"""The on-disk cache of slow-to-build structures (mentionmap.diskcache)."""

from __future__ import annotations

import dataclasses

import pytest

from mentionmap import diskcache, gazetteer


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTIONMAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_builds_once_then_reads_from_disk(cache):
    build, calls = _counting_builder({"a": (1, 2)})
    assert diskcache.load_or_build("thing", "k1", build) == {"a": (1, 2)}
    assert diskcache.load_or_build("thing", "k1", build) == {"a": (1, 2)}
    assert len(calls) == 1
    assert [p.name for p in cache.iterdir()] == ["thing-k1.pickle"]


def test_new_key_rebuilds(cache):
    build, calls = _counting_builder([1])
    diskcache.load_or_build("thing", "k1", build)
    diskcache.load_or_build("thing", "k2", build)
    assert len(calls) == 2


def test_corrupt_entry_is_rebuilt_and_replaced(cache):
    cache.mkdir()
    (cache / "thing-k1.pickle").write_bytes(b"not a pickle")
    build, calls = _counting_builder("fresh")
    assert diskcache.load_or_build("thing", "k1", build) == "fresh"
    assert diskcache.load_or_build("thing", "k1", build) == "fresh"
    assert len(calls) == 1


def test_off_disables_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTIONMAP_CACHE_DIR", "off")
    build, calls = _counting_builder(3)
    diskcache.load_or_build("thing", "k1", build)
    diskcache.load_or_build("thing", "k1", build)
    assert len(calls) == 2
    assert diskcache.cache_dir() is None


def test_unwritable_cache_folder_still_returns_the_value(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the folder should be: mkdir fails
    monkeypatch.setenv("MENTIONMAP_CACHE_DIR", str(blocker / "cache"))
    build, _calls = _counting_builder(7)
    assert diskcache.load_or_build("thing", "k1", build) == 7


def test_fingerprint_follows_file_contents(tmp_path):
    f = tmp_path / "data.csv"
    f.write_text("a")
    first = diskcache.fingerprint([f], ["pytest"])
    assert diskcache.fingerprint([f], ["pytest"]) == first
    f.write_text("b")
    assert diskcache.fingerprint([f], ["pytest"]) != first
    assert diskcache.fingerprint([tmp_path / "missing"]) != diskcache.fingerprint([f])


def _fields(entry):
    return tuple(getattr(entry, f.name) for f in dataclasses.fields(entry))


def test_cached_matcher_equals_a_fresh_build(cache):
    """The matcher read back from the cache is the one built from the data (same entries,
    same automaton keys and values)."""
    gazetteer.matcher.cache_clear()
    try:
        first = gazetteer.matcher()  # builds and writes the cache
        assert any(p.name.startswith("matcher-") for p in cache.iterdir())
        gazetteer.matcher.cache_clear()
        second = gazetteer.matcher()  # reads it back
        # entries compare by identity (cheap cache keys), so compare their fields
        assert [_fields(e) for e in second.entries] == [_fields(e) for e in first.entries]
        assert second.forms == first.forms
        assert sorted(second.automaton.items()) == sorted(first.automaton.items())
    finally:
        gazetteer.matcher.cache_clear()
