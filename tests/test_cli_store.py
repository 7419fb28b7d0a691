"""Tests for the store subcommands of the command line: ``mentionmap ingest`` and
``mentionmap export`` (mentionmap.cli_store). No network: the sources are the read-only
fixtures under tests/data/ingest/ and every store is a file under tmp_path.

Most tests swap in test_ingest's stand-in extractor (``stem_mentions``, known answers);
the subprocess test runs the real one.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_feeds import LocalSite
from test_ingest import stem_mentions

from mentionmap import cli
from mentionmap import ingest as ingest_mod
from mentionmap.articles import iter_paths, load_path
from mentionmap.fetchpolicy import ENV_ALLOW_PRIVATE
from mentionmap.schema import SCHEMA_VERSION
from mentionmap.store import open_store

FOLDER = Path(__file__).parent / "data" / "ingest" / "folder"
GRAIN = str(FOLDER / "grain.txt")
CRIMEA = str(FOLDER / "crimea.md")
RECORDS = FOLDER / "records.jsonl"
BROKEN_LINE = f"{RECORDS}, line 3: malformed JSON"

# What the stand-in extractor finds in FOLDER: doc -> (published, lang, region, mentions)
EXPECTED = {
    GRAIN: (None, "en", "UA-51", 2),  # "Odesa" in the title line and the text
    CRIMEA: (None, "uk", "UA-43", 2),  # "Кримський", "Криму"
    "r1": ("2022-10-03", "en", "UA-14", 1),
    "r2": ("2022-10-10", "en", "UA-65", 1),  # language detected: the record has none
    "r4": ("2022-10-12", "uk", "UA-65", 1),
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


REAL_INGEST = ingest_mod.ingest


def use_extractor(monkeypatch, extract) -> None:
    """Make `ingest` (as the CLI calls it) run ``extract``."""

    def ingest(sources, store, **kw):
        return REAL_INGEST(sources, store, extract=extract, **kw)

    monkeypatch.setattr(ingest_mod, "ingest", ingest)


@pytest.fixture
def stand_in(monkeypatch):
    """The stand-in extractor for `ingest`, and for `extract` (comparisons)."""
    use_extractor(monkeypatch, stem_mentions)
    monkeypatch.setattr(cli, "extract_mentions", stem_mentions)


@pytest.fixture
def db(tmp_path: Path, capsys, stand_in) -> str:
    """A store filled from FOLDER through the CLI."""
    path = str(tmp_path / "store.sqlite")
    code, _, err = run(capsys, "ingest", str(FOLDER), "--db", path, "--workers", "0")
    assert code == 0, err
    return path


def export_rows(capsys, db: str, *argv: str) -> list[dict[str, str]]:
    code, out, err = run(capsys, "export", "--db", db, *argv)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def fixture_texts() -> dict[str, str]:
    """doc id -> text as the loaders read it (the reference for offsets)."""
    return {a.id: a.text for p in iter_paths([FOLDER]) for a in load_path(p).articles}


# --- ingest ---------------------------------------------------------------------------------


def test_ingest_folder_reports_counts_and_failures(capsys, tmp_path, stand_in):
    path = tmp_path / "new" / "store.sqlite"  # missing folders are created
    code, out, err = run(capsys, "ingest", str(FOLDER), "--db", str(path), "--workers", "0")
    assert code == 0
    assert out == ""
    lines = err.splitlines()
    assert lines == [
        lines[0],
        f"mentionmap: 5 added, 0 duplicates skipped, 1 failed; store: {path}",
    ]
    assert lines[0].startswith(f"mentionmap: {BROKEN_LINE}")
    assert "\r" not in err  # stderr is not a terminal: no progress line
    with open_store(path, read_only=True) as store:
        assert store.count() == (5, sum(n for *_, n in EXPECTED.values()))
        assert set(store.articles()["doc"]) == set(EXPECTED)


def test_rerun_finds_only_duplicates(capsys, db):
    code, _, err = run(capsys, "ingest", str(FOLDER), "--db", db, "--workers", "0")
    assert code == 0
    assert (
        err.splitlines()[-1] == f"mentionmap: 0 added, 5 duplicates skipped, 1 failed; store: {db}"
    )
    with open_store(db, read_only=True) as store:
        assert store.count()[0] == 5


def test_missing_file_is_reported_and_the_rest_ingested(capsys, tmp_path, stand_in):
    missing = tmp_path / "missing.txt"
    path = str(tmp_path / "s.sqlite")
    code, _, err = run(capsys, "ingest", str(missing), GRAIN, "--db", path, "--workers", "0")
    assert code == 0
    assert f"mentionmap: {missing}: cannot read" in err
    assert "1 added, 0 duplicates skipped, 1 failed" in err.splitlines()[-1]
    assert "Traceback" not in err


def test_only_failures_exit_1(capsys, tmp_path, stand_in):
    path = str(tmp_path / "s.sqlite")
    code, _, err = run(capsys, "ingest", str(tmp_path / "gone.txt"), "--db", path)
    assert code == 1
    assert "gone.txt: cannot read" in err
    assert "0 added, 0 duplicates skipped, 1 failed" in err


def test_nothing_to_read_exits_1(capsys, tmp_path, stand_in):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "ingest", str(empty), "--db", str(tmp_path / "s.sqlite"))
    assert code == 1
    assert f"nothing to ingest: no readable files, feeds or URLs in {empty}" in err


class Terminal(io.StringIO):
    """A stand-in for stderr on an interactive terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch, tmp_path, stand_in):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = cli.main(["ingest", str(FOLDER), "--db", str(tmp_path / "s.sqlite"), "--workers", "0"])
    err = terminal.getvalue()
    assert code == 0
    assert err.startswith("\r1/3 tasks, 1 added, 0 duplicates, 0 failed |")  # crimea.md first
    # the bar ends on the full count; the messages start on a fresh line after it
    bar, _, messages = err.partition("\n")
    assert bar.rsplit("\r", 1)[1].startswith("3/3 tasks, 5 added, 0 duplicates, 1 failed |")
    assert messages == (f"mentionmap: {BROKEN_LINE} (Expecting ',' delimiter at column 38); "
                        "skipped\nmentionmap: 5 added, 0 duplicates skipped, 1 failed; store: "
                        f"{tmp_path / 's.sqlite'}\n")  # fmt: skip


def test_progress_bar_when_the_terminal_reports_no_width(monkeypatch, tmp_path, stand_in):
    # e.g. `docker run -t` before the window size is known: tqdm would draw nothing
    from mentionmap import cli_store

    monkeypatch.setattr(cli_store, "_columns", lambda stream: 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = cli.main(["ingest", GRAIN, "--db", str(tmp_path / "s.sqlite"), "--workers", "0"])
    assert code == 0
    bar = terminal.getvalue().partition("\n")[0].rsplit("\r", 1)[1]
    assert bar.startswith("1/1 tasks, 1 added, 0 duplicates, 0 failed |") and len(bar) == 100


@pytest.mark.parametrize(
    ("failed", "limit", "expected"),
    [
        ([("a", "x"), ("b", "y")], None, ["a: x", "b: y"]),
        ([("a", "x"), ("b", "y")], 2, ["a: x", "b: y"]),
        ([("a", "x"), ("b", "y")], 1, ["a: x", "... and 1 more failed source"]),
        ([("a", "x"), ("b", "y"), ("c", "z")], 1, ["a: x", "... and 2 more failed sources"]),
        ([], 1, []),
    ],
)
def test_failure_lines(failed, limit, expected):
    from mentionmap import cli_store

    lines = cli_store.failure_lines(failed, limit)
    assert [line.split(" (redirect")[0] for line in lines] == expected


def test_issue5_many_failures_are_capped_on_a_terminal_only(capsys, monkeypatch, tmp_path,
                                                            stand_in):  # fmt: skip
    from mentionmap import cli_store

    missing = [str(tmp_path / f"gone{i:02}.txt") for i in range(cli_store.FAILURES_SHOWN + 5)]
    argv = ["ingest", *missing, GRAIN, "--db", str(tmp_path / "s.sqlite"), "--workers", "0"]
    code, _, err = run(capsys, *argv)  # a pipe or a log file: every failure, one line each
    assert code == 0
    assert [line.split(": cannot read")[0] for line in err.splitlines()[:-1]] == [
        f"mentionmap: {path}" for path in missing
    ]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(argv) == 0
    lines = terminal.getvalue().partition("\n")[2].splitlines()
    assert len(lines) == cli_store.FAILURES_SHOWN + 2
    assert lines[0].startswith(f"mentionmap: {missing[0]}: cannot read")
    assert lines[-2] == ("mentionmap: ... and 5 more failed sources "
                         "(redirect stderr to a file to list all)")  # fmt: skip
    assert lines[-1].startswith(f"mentionmap: 0 added, 1 duplicate skipped, {len(missing)} failed")


def test_interrupt_keeps_committed_articles_and_rerun_finishes(capsys, monkeypatch, tmp_path):
    def interrupted(text: str, lang: str | None = None):
        if "Grain" in text:  # crimea.md (read first) is committed by then
            raise KeyboardInterrupt
        return stem_mentions(text, lang)

    use_extractor(monkeypatch, interrupted)
    path = str(tmp_path / "s.sqlite")
    code, _, err = run(capsys, "ingest", str(FOLDER), "--db", path, "--workers", "0")
    assert code == 130
    assert err == (
        f"mentionmap: interrupted: the 1 article added by this run is kept in {path}; run the "
        "same command again to finish the batch (stored articles are skipped)\n"
    )
    with open_store(path) as store:
        assert list(store.articles()["doc"]) == [CRIMEA] and store.check() == []
    use_extractor(monkeypatch, stem_mentions)
    code, _, err = run(capsys, "ingest", str(FOLDER), "--db", path, "--workers", "0")
    assert code == 0
    assert "4 added, 1 duplicate skipped, 1 failed" in err


def test_db_from_environment(capsys, monkeypatch, tmp_path, stand_in):
    path = tmp_path / "env" / "store.sqlite"
    monkeypatch.setenv("MENTIONMAP_DB", str(path))
    code, _, err = run(capsys, "ingest", GRAIN, "--workers", "0")
    assert code == 0 and err.endswith(f"store: {path}\n")
    rows = export_rows(capsys, str(path), "--format", "articles")
    code, out, _ = run(capsys, "export", "--format", "articles")  # no --db: the same store
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == rows
    assert [r["doc"] for r in rows] == [GRAIN]


def test_issue5_ingest_help_says_urls_reach_private_addresses_unless_refused(capsys):
    code, out, _ = run(capsys, "ingest", "--help")
    text = " ".join(out.split())
    assert code == 0
    assert "may reach any address this machine can, including localhost" in text
    assert f"set {ENV_ALLOW_PRIVATE}=0 to refuse those" in text


def test_issue5_ingest_fetches_local_urls_unless_the_environment_refuses(
    capsys, monkeypatch, tmp_path, stand_in
):
    """What the help says: a local URL is fetched by default and refused, without a
    request, under MENTIONMAP_ALLOW_PRIVATE_URLS=0."""
    site = LocalSite()
    try:
        url = site.url("/news/kherson.html")
        path = str(tmp_path / "s.sqlite")
        monkeypatch.setenv(ENV_ALLOW_PRIVATE, "0")
        code, _, err = run(capsys, "ingest", url, "--db", path, "--workers", "0")
        assert code == 1 and f"{url}: refused: 127.0.0.1 is a loopback address" in err
        assert not site.hits
        monkeypatch.delenv(ENV_ALLOW_PRIVATE)
        code, _, err = run(capsys, "ingest", url, "--db", path, "--workers", "0")
        assert code == 0 and "1 added" in err
        assert site.hits["/news/kherson.html"] == 1
    finally:
        site.close()


# --- export ---------------------------------------------------------------------------------


def test_export_csv_matches_the_fixtures(capsys, db):
    rows = export_rows(capsys, db, "--format", "csv")
    assert list(rows[0]) == [*cli.COLUMNS, *cli.OPTIONAL_COLUMNS, "excerpt_start", "article_id",
                             "title", "source", "url", "published", "lang"]  # fmt: skip
    texts = fixture_texts()
    counts: dict[str, int] = {}
    for row in rows:
        published, lang, region, _ = EXPECTED[row["doc"]]
        assert (row["published"] or None, row["lang"], row["region"]) == (published, lang, region)
        text = texts[row["doc"]]
        assert text[int(row["start"]) : int(row["end"])] == row["surface"]
        start = int(row["excerpt_start"])
        assert text[start : start + len(row["excerpt"])] == row["excerpt"]
        counts[row["doc"]] = counts.get(row["doc"], 0) + 1
    assert counts == {doc: n for doc, (*_, n) in EXPECTED.items()}
    names = {r["region"]: r["region_name"] for r in rows}
    assert names["UA-65"].startswith("Kherson") and names["UA-43"].endswith("Crimea")
    assert [r["doc"] for r in rows][:3] == ["r1", "r2", "r4"]  # dated first, by day


@pytest.mark.parametrize(
    ("filters", "docs"),
    [
        (["--from", "2022-10-04", "--to", "2022-10-11"], {"r2"}),
        (["--from", "2022-10-10"], {"r2", "r4"}),  # undated articles are left out
        (["--to", "2022-10-03"], {"r1"}),
        (["--lang", "uk"], {CRIMEA, "r4"}),
        (["--lang", "UK,ru"], {CRIMEA, "r4"}),
        (["--region", "UA-65"], {"r2", "r4"}),
        (["--region", "ua-65", "--region", "UA-14"], {"r1", "r2", "r4"}),
        (["--keyword", "bridge"], {"r2"}),
        (["--keyword", "ВОДИ"], {"r4"}),  # any case, Cyrillic
        (["--lang", "en", "--region", "UA-65"], {"r2"}),
        (["--from", "2023-01-01"], set()),
    ],
)
def test_export_csv_filters(capsys, db, filters, docs):
    rows = export_rows(capsys, db, "--format", "csv", *filters)
    assert {r["doc"] for r in rows} == docs


def test_export_geojson_has_the_shape_of_extract_geojson(capsys, db):
    code, out, _ = run(capsys, "export", "--db", db, "--format", "geojson")
    assert code == 0
    exported = json.loads(out)
    code, out, _ = run(capsys, "extract", str(FOLDER), "--format", "geojson")
    assert code == 0
    assert exported == json.loads(out)  # same extractor, same articles: the same features
    props = {f["properties"]["region"]: f["properties"] for f in exported["features"]}
    assert {r: (p["mentions"], p["documents"]) for r, p in props.items()} == {
        "UA-14": (1, 1),
        "UA-43": (2, 1),
        "UA-51": (2, 1),
        "UA-65": (2, 2),
    }


def test_export_geojson_filtered(capsys, db):
    code, out, err = run(capsys, "export", "--db", db, "--format", "geojson", "--lang", "en")
    assert code == 0, err
    features = json.loads(out)["features"]
    props = {f["properties"]["region"]: f["properties"] for f in features}
    assert {r: (p["mentions"], p["documents"]) for r, p in props.items()} == {
        "UA-14": (1, 1),
        "UA-51": (2, 1),
        "UA-65": (1, 1),
    }
    assert props["UA-51"]["region_name"] == "Odesa Oblast"
    assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}


def test_export_articles(capsys, db):
    rows = export_rows(capsys, db, "--format", "articles")
    by_doc = {r["doc"]: r for r in rows}
    assert set(by_doc) == set(EXPECTED)
    assert (by_doc["r1"]["title"], by_doc["r1"]["published"]) == ("Donetsk shelling", "2022-10-03")
    assert by_doc[GRAIN]["title"] == "Grain exports resume from Odesa"
    assert {d: r["lang"] for d, r in by_doc.items()} == {d: e[1] for d, e in EXPECTED.items()}
    kherson = export_rows(capsys, db, "--format", "articles", "--region", "UA-65")
    assert [(r["doc"], r["mentions"]) for r in kherson] == [("r2", "1"), ("r4", "1")]
    crimea = export_rows(capsys, db, "--format", "articles", "--keyword", "МІСТ")
    assert [(r["doc"], r["mentions"], r["n_mentions"]) for r in crimea] == [(CRIMEA, "1", "2")]


def test_export_to_a_file(capsys, db, tmp_path):
    target = tmp_path / "mentions.csv"
    code, out, _ = run(capsys, "export", "--db", db, "--format", "csv", "-o", str(target))
    assert (code, out) == (0, "")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == sum(n for *_, n in EXPECTED.values())


@pytest.mark.parametrize(
    ("fmt", "build", "query"),
    [
        ("csv", "mentions_csv", "mentions"),
        ("articles", "articles_csv", "articles"),
        ("geojson", "counts_geojson", "region_counts"),
    ],
)
def test_export_writes_the_bytes_of_the_exports_module(capsys, db, tmp_path, fmt, build, query):
    # the dashboard's download buttons call mentionmap.exports: the files must be the same
    from mentionmap import exports
    from mentionmap.filters import Filters

    target = tmp_path / f"out.{fmt}"
    argv = ["export", "--db", db, "--format", fmt, "--lang", "en", "-o", str(target)]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    with open_store(db, read_only=True) as store:
        expected = getattr(exports, build)(getattr(store, query)(Filters(langs=("en",))))
    assert target.read_bytes() == expected
    assert b"r1" in expected or b"UA-14" in expected
    code, out, _ = run(capsys, *argv[:-2])  # stdout: the same text
    assert code == 0 and out.encode("utf-8") == expected


def test_export_nothing_matching_says_so(capsys, db):
    code, out, err = run(capsys, "export", "--db", db, "--format", "geojson", "--lang", "ru")
    assert code == 0
    assert json.loads(out)["features"] == []
    assert f"nothing in {db} matches these filters" in err


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--from", "2022-13-01"], "--from"),
        (["--from", "03.10.2022"], "--from"),
        (["--to", "yesterday"], "--to"),
        (["--region", "UA-99"], "--region"),
        (["--region", "Kherson"], "--region"),
        (["--region", ","], "--region"),
        (["--lang", "english!"], "--lang"),
        (["--from", "2022-10-12", "--to", "2022-10-01"], "--from"),
    ],
)
def test_bad_filter_values_are_usage_errors(capsys, db, argv, flag):
    code, out, err = run(capsys, "export", "--db", db, "--format", "csv", *argv)
    assert code == 2
    assert out == ""
    assert flag in err and "usage:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--db", "x.sqlite"],  # no --format
        ["export", "--format", "xml"],
        ["ingest"],
        ["ingest", "a.txt", "--workers", "-1"],
        ["ingest", "a.txt", "--timeout", "0"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and "usage:" in err


# --- store files that cannot be used ----------------------------------------------------------


def test_db_under_a_file_is_a_clear_message(capsys, tmp_path, stand_in):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    path = blocker / "sub" / "store.sqlite"
    code, out, err = run(capsys, "ingest", GRAIN, "--db", str(path))
    assert (code, out) == (2, "")
    assert err == f"mentionmap: {path}: cannot create the store: Not a directory\n"


def test_db_that_is_a_folder_is_a_clear_message(capsys, tmp_path, stand_in):
    code, _, err = run(capsys, "ingest", GRAIN, "--db", str(tmp_path))
    assert code == 2
    assert err.startswith(f"mentionmap: {tmp_path}: cannot open or create the store file")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "cannot create the store: Permission denied"),
        (sqlite3.OperationalError("unable to open database file"), "cannot open or create"),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            "the store file is read-only",
        ),
    ],
)
def test_unwritable_store_is_a_clear_message(capsys, monkeypatch, tmp_path, error, message):
    # what a non-root user meets in a read-only folder or with a read-only file
    from mentionmap import cli_store

    def refuse(path, *, read_only=False):
        raise error

    monkeypatch.setattr(cli_store, "open_store", refuse)
    path = tmp_path / "ro" / "store.sqlite"
    code, _, err = run(capsys, "ingest", GRAIN, "--db", str(path))
    assert code == 2
    assert err.startswith(f"mentionmap: {path}: {message}")
    assert len(err.splitlines()) == 1


def test_newer_store_is_refused(capsys, tmp_path, stand_in):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for argv in (["ingest", GRAIN], ["export", "--format", "csv"]):
        code, _, err = run(capsys, *argv, "--db", str(path))
        assert code == 2
        assert err.startswith(f"mentionmap: {path}: store schema version {SCHEMA_VERSION + 1}")


def test_export_needs_an_existing_store(capsys, tmp_path):
    path = tmp_path / "none.sqlite"
    code, out, err = run(capsys, "export", "--db", str(path), "--format", "csv")
    assert (code, out) == (2, "")
    assert err.startswith(f"mentionmap: {path}: no store here")
    assert not path.exists()  # export never creates a store
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not SQLite" * 100)
    code, _, err = run(capsys, "export", "--db", str(garbage), "--format", "csv")
    assert code == 2 and err.startswith(f"mentionmap: {garbage}: not a usable store")


def test_export_to_an_unwritable_place(capsys, db, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "out.csv"
    code, _, err = run(capsys, "export", "--db", db, "--format", "csv", "-o", str(target))
    assert code == 2
    assert err == f"mentionmap: {target}: cannot write: No such file or directory\n"


# --- the real thing, in a subprocess ----------------------------------------------------------


def test_python_m_mentionmap_ingest_then_export(capsys, tmp_path):
    path = tmp_path / "real.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "mentionmap", "ingest", str(FOLDER), "--db", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"mentionmap: 5 added, 0 duplicates skipped, 1 failed; store: {path}"
    )
    assert "Traceback" not in done.stderr
    rows = export_rows(capsys, str(path), "--format", "csv")
    assert {"UA-51", "UA-43", "UA-65", "UA-14"} <= {r["region"] for r in rows}
    texts = fixture_texts()
    for row in rows:
        assert texts[row["doc"]][int(row["start"]) : int(row["end"])] == row["surface"]
