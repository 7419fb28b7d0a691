"""Tests for mentionmap.homonyms: gazetteer names that are also cities abroad or words."""

from __future__ import annotations

import pytest
from test_gazetteer import copy_package, module_closure

from mentionmap import gazetteer, homonyms
from mentionmap.homonyms import foreign_homonyms


def test_issue4_foreign_homonyms_know_odessa_texas():
    homonyms = foreign_homonyms()
    assert "odessa" in homonyms
    assert "texas" in homonyms["odessa"].cues
    assert "kherson" not in homonyms


def test_issue4_homonym_key_covers_every_module_that_builds_the_tables():
    """The key of the homonym and common-word caches hashes this module's code and what it
    imports besides the matcher's modules (which the matcher's key, part of it, covers)."""
    own = {p.name for p in homonyms.homonym_inputs()}
    matcher_code = {p.name for p in gazetteer.matcher_inputs() if p.suffix == ".py"}
    assert own | matcher_code == module_closure("homonyms")


@pytest.fixture
def fresh_keys():
    def clear():
        gazetteer.matcher_key.cache_clear()
        homonyms.homonyms_key.cache_clear()

    clear()
    yield clear
    clear()


def test_issue4_editing_a_homonym_or_matcher_module_changes_the_key(
    tmp_path, monkeypatch, fresh_keys
):
    copy = copy_package(tmp_path)
    monkeypatch.setattr(gazetteer, "_PACKAGE_DIR", copy)
    monkeypatch.setattr(homonyms, "_PACKAGE_DIR", copy)
    base = homonyms.homonyms_key()
    for name in ("homonyms.py", "lexicon.py", "gazetteer.py", "declension_ru.py"):
        path = copy / name
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        fresh_keys()
        assert homonyms.homonyms_key() != base, name
        path.write_text(original, encoding="utf-8")
        fresh_keys()
    assert homonyms.homonyms_key() == base
