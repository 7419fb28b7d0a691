"""Tests for mentionmap.gazetteer: the matcher's names and surface forms, and the cache key
that covers every module building the matcher."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

import mentionmap
from mentionmap import gazetteer
from mentionmap.entries import region_entries, site_entries
from mentionmap.gazetteer import gazetteer_names, surface_forms

PACKAGE_DIR = Path(mentionmap.__file__).resolve().parent


@pytest.mark.parametrize(
    ("alias", "iso"),
    [
        ("Zaporizhzhia", "UA-23"),
        ("Zaporozhye", "UA-23"),
        ("Zaporiz'ka", "UA-23"),
        ("Luhansk", "UA-09"),
        ("Lugansk", "UA-09"),
        ("Kyiv", "UA-30"),
        ("Kiev", "UA-30"),
        ("Odesa", "UA-51"),
        ("Odessa", "UA-51"),
        ("Kharkov", "UA-63"),
        ("Nikolaev", "UA-48"),
        ("Krym", "UA-43"),
        ("Крим", "UA-43"),
        ("Крым", "UA-43"),
        ("Transcarpathia", "UA-21"),
        ("Volhynia", "UA-07"),
        ("Chernovtsy", "UA-77"),
        ("Херсонщина", "UA-65"),
        ("Донеччина", "UA-14"),
        ("Київщина", "UA-32"),
        ("Donbas", "UA-14"),
        ("Donbas", "UA-09"),
        ("Донбасс", "UA-09"),
    ],
)
def test_issue2_gazetteer_names_include_usual_aliases(alias, iso):
    assert (alias, iso) in set(gazetteer_names())


def test_issue4_surface_forms_include_generated_inflections():
    forms = {(form.lower(), iso) for form, iso in surface_forms()}
    for pair in [
        ("херсонщині", "UA-65"),
        ("донецької", "UA-14"),
        ("запорізькій", "UA-23"),
        ("криму", "UA-43"),
        ("мариуполе", "UA-14"),
        ("києві", "UA-30"),
    ]:
        assert pair in forms
    names = set(gazetteer_names())
    assert ("Херсонщині", "UA-65") not in names  # names are lemmas only
    assert len(forms) > len(names)


def test_issue4_places_and_sites_are_in_the_gazetteer():
    names = set(gazetteer_names())
    assert ("Mariupol", "UA-14") in names
    assert ("Simferopol", "UA-43") in names
    assert ("ZNPP", "UA-23") in names
    sites = site_entries()
    assert sites and all(e.isos for e in sites)
    for e in sites:
        if e.lat is not None:
            assert 44.0 < e.lat < 52.5 and 22.0 < e.lon < 40.5, e
    assert {e.source for e in region_entries()} == {"region"}


# --- the on-disk cache key covers every module that builds the matcher --------------------


def _imported_modules(path: Path) -> set[str]:
    """The mentionmap modules the source at ``path`` imports, at any depth (lazy imports
    inside functions included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "mentionmap":
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mentionmap."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("mentionmap.")}
    return {name for name in out if (PACKAGE_DIR / f"{name}.py").exists()}


def module_closure(module: str) -> set[str]:
    """File names of ``module`` and of every mentionmap module it imports, transitively."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_imported_modules(PACKAGE_DIR / f"{name}.py"))
    return {f"{name}.py" for name in seen}


def copy_package(folder: Path) -> Path:
    """A copy of the package's module sources in ``folder`` (to edit without touching ours)."""
    for path in PACKAGE_DIR.glob("*.py"):
        shutil.copy(path, folder / path.name)
    return folder


def _code_files(paths: list[Path]) -> set[str]:
    return {p.name for p in paths if p.suffix == ".py"}


def test_issue4_module_closure_follows_imports():
    closure = module_closure("gazetteer")
    # the inflection tables are two imports away (gazetteer -> morphology -> declension_uk)
    assert {"gazetteer.py", "morphology.py", "declension_uk.py", "caseforms.py"} <= closure
    assert "mentions.py" not in closure  # mentions imports gazetteer, not the other way


def test_issue4_matcher_key_covers_every_module_that_builds_the_matcher():
    """The cache key hashes the source of exactly the modules the matcher is built with:
    gazetteer.py and everything it imports, directly or not."""
    inputs = gazetteer.matcher_inputs()
    assert _code_files(inputs) == module_closure("gazetteer")
    assert all(p.parent == PACKAGE_DIR for p in inputs if p.suffix == ".py")


@pytest.fixture
def fresh_matcher_key():
    gazetteer.matcher_key.cache_clear()
    yield gazetteer.matcher_key
    gazetteer.matcher_key.cache_clear()  # drop keys computed over the edited copies


def test_issue4_editing_any_matcher_module_changes_the_key(
    tmp_path, monkeypatch, fresh_matcher_key
):
    """A change to the code of any module that builds the matcher gives a new cache key (so
    a stale matcher is never read), and a change elsewhere does not."""
    monkeypatch.setattr(gazetteer, "_PACKAGE_DIR", copy_package(tmp_path))
    base = fresh_matcher_key()
    for name in [*sorted(module_closure("gazetteer")), "mentions.py"]:
        path = tmp_path / name
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        fresh_matcher_key.cache_clear()
        changed = fresh_matcher_key() != base
        path.write_text(original, encoding="utf-8")
        assert changed == (name != "mentions.py"), name
    fresh_matcher_key.cache_clear()
    assert fresh_matcher_key() == base


@pytest.mark.parametrize(
    "scan",
    [
        " kyiv oblast and kharkiv region ",
        " zaporizhzhia s  kyiv  café in odesa ",  # not ASCII, no Cyrillic: the DFA
        " \U0001f600 lviv \U0001f600\U0001f600 mykolaiv 𝐤𝐲𝐢𝐯 kherson ",  # astral characters
        " lone \udc80 surrogate before kyiv and after lviv\ud800 kharkiv ",
        " kyiv and one cyrillic letter far away ж ",  # one Cyrillic letter: every key
        " у києві та харкові  kyiv ",
        "",
    ],
)
def test_issue4_automaton_matches_equal_a_scan_of_every_key(scan):
    """KeyAutomaton.matches scans a text without Cyrillic letters with the smaller DFA of
    the keys without Cyrillic letters (speed, issue 4); it must find exactly what the
    automaton of every key finds, at the same str offsets."""
    automaton = gazetteer.matcher().automaton
    found, values = automaton.matches(scan)
    got = sorted((s, e, values[i]) for i, s, e in found)
    clean = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in scan)
    expected = sorted((s, e, automaton.values[i]) for i, s, e in automaton.find(clean, True))
    assert got == expected
    keys = dict(automaton.items())
    for s, e, value in got:  # each match is its key, at str offsets
        assert keys[clean[s:e]] == value
    if "kyiv" in scan:
        assert got


def test_issue4_surface_form_index_is_loaded_on_first_use():
    """The extractor never reads Matcher.forms (about 19 MB), so a matcher loads it from
    its own cache entry only when asked (speed and memory of worker processes, issue 4)."""
    gazetteer.matcher.cache_clear()
    try:
        m = gazetteer.matcher()
        assert m._forms == []
        forms = m.forms
        assert m._forms == [forms] and m.forms is forms
        kherson = {m.entries[i].name for i in forms["Херсоні"]}
        assert "Херсон" in kherson
    finally:
        gazetteer.matcher.cache_clear()
