"""Tests for the ``mentionmap`` command line (mentionmap.cli).

Format and error-handling tests swap in a tiny stand-in extractor (``fake_extractor``) so
they check the CLI contract alone; the regression and subprocess tests run the real one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentionmap import cli
from mentionmap.articles import load_path
from mentionmap.datafiles import SAMPLE_ARTICLE
from mentionmap.mentions import Mention

DATA = Path(__file__).parent / "data" / "cli"
CORPUS = DATA / "corpus"
SEED_REGIONS = {"UA-09", "UA-14", "UA-23", "UA-43", "UA-65"}

# name -> (region, kind, place, lat, lon)
FAKE_GAZETTEER = {
    "Kherson": ("UA-65", "region", None, None, None),
    "Donetsk": ("UA-14", "region", None, None, None),
    "Київ": ("UA-30", "city", "Kyiv", 50.45, 30.52),
    "Odesa": ("UA-51", "city", "Odesa", 46.48, 30.73),
}


def fake_extract(text: str, *, lang: str | None = None) -> list[Mention]:
    """Stand-in extractor: whole-word lookups of FAKE_GAZETTEER; the excerpt is the line."""
    found = []
    for name, (region, kind, place, lat, lon) in FAKE_GAZETTEER.items():
        for match in re.finditer(rf"\b{name}\b", text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            excerpt = text[line_start : len(text) if line_end < 0 else line_end]
            found.append(
                Mention(region, name, match.start(), match.end(), kind, excerpt, line_start)
                if place is None
                else Mention(
                    region, name, match.start(), match.end(), kind, excerpt, line_start,
                    place, lat, lon,
                )
            )  # fmt: skip
    return sorted(found, key=lambda m: m.start)


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(cli, "extract_mentions", fake_extract)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def texts_by_doc(*paths: Path) -> dict[str, str]:
    """doc id -> text, as the loaders see it (the reference for offsets)."""
    return {a.id: a.text for p in paths for a in load_path(p).articles}


def set_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --- formats --------------------------------------------------------------------------------


def test_extract_jsonl_over_folder(capsys, fake_extractor):
    code, out, err = run(capsys, "extract", str(CORPUS))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    texts = texts_by_doc(CORPUS)
    a_txt = str(CORPUS / "a.txt")
    assert [r["doc"] for r in rows] == [a_txt, a_txt, a_txt, "b1", "b1", "c1", "c1"]
    for row in rows:
        assert set(cli.COLUMNS) <= set(row)
        assert texts[row["doc"]][row["start"] : row["end"]] == row["surface"]
        assert row["region_name"]
    kyiv = next(r for r in rows if r["region"] == "UA-30")
    assert (kyiv["place"], kyiv["lat"], kyiv["lon"]) == ("Kyiv", 50.45, 30.52)
    assert "place" not in rows[0]  # optional keys only when set
    assert "Київ" in out  # ensure_ascii=False
    # the malformed line is reported with file and line; the pdf is not read
    assert f"{CORPUS / 'sub' / 'b.jsonl'}, line 2: malformed JSON" in err
    assert "skip.pdf" not in err + out
    assert "Traceback" not in err


def test_extract_csv(capsys, fake_extractor):
    code, out, _ = run(capsys, "extract", str(CORPUS / "a.txt"), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [*cli.COLUMNS, *cli.OPTIONAL_COLUMNS]
    assert [(r["surface"], r["region"]) for r in rows] == [
        ("Kherson", "UA-65"),
        ("Kherson", "UA-65"),
        ("Odesa", "UA-51"),
    ]
    text = (CORPUS / "a.txt").read_text(encoding="utf-8")
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["surface"]
    assert rows[0]["place"] == "" and rows[2]["place"] == "Odesa"
    assert rows[1]["excerpt"] == "Sirens sounded in Kherson and Odesa overnight."


def test_extract_geojson_counts_mentions_and_documents(capsys, fake_extractor):
    code, out, _ = run(capsys, "extract", str(CORPUS), "--format", "geojson")
    assert code == 0
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    props = {f["properties"]["region"]: f["properties"] for f in collection["features"]}
    assert set(props) == {"UA-14", "UA-30", "UA-51", "UA-65"}  # only regions with mentions
    assert (props["UA-65"]["mentions"], props["UA-65"]["documents"]) == (3, 2)
    assert (props["UA-51"]["mentions"], props["UA-51"]["documents"]) == (2, 2)
    assert (props["UA-14"]["mentions"], props["UA-14"]["documents"]) == (1, 1)
    assert props["UA-65"]["region_name"].startswith("Kherson")
    for feature in collection["features"]:
        assert set(feature["properties"]) == {"region", "region_name", "mentions", "documents"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


# --- stdin, folders, exit codes ---------------------------------------------------------------


def test_stdin_jsonl_uses_record_ids(capsys, monkeypatch, fake_extractor):
    lines = [{"id": "s1", "text": "Kherson at dawn."}, {"id": "s2", "text": "Donetsk, Odesa"}]
    set_stdin(monkeypatch, "\n".join(json.dumps(x) for x in lines).encode())
    code, out, _ = run(capsys, "extract", "-")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["doc"], r["surface"], r["start"]) for r in rows] == [
        ("s1", "Kherson", 0),
        ("s2", "Donetsk", 0),
        ("s2", "Odesa", 9),
    ]


def test_stdin_plain_text_doc_is_dash(capsys, monkeypatch, fake_extractor):
    set_stdin(monkeypatch, "Вибухи: Київ та Odesa.".encode())
    code, out, _ = run(capsys, "extract", "-")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["doc"], r["surface"], r["start"]) for r in rows] == [
        ("-", "Київ", 8),
        ("-", "Odesa", 16),
    ]


def test_bad_inputs_reported_and_good_ones_processed(capsys, fake_extractor):
    code, out, err = run(
        capsys,
        "extract",
        str(DATA / "binary.txt"),
        str(DATA / "missing.txt"),
        str(DATA / "empty.jsonl"),
        str(CORPUS / "sub" / "c.csv"),
    )
    assert code == 0
    assert [json.loads(line)["doc"] for line in out.splitlines()] == ["c1", "c1"]
    messages = err.strip().splitlines()
    assert len(messages) == 3
    assert f"{DATA / 'binary.txt'}: binary file" in messages[0]
    assert f"{DATA / 'missing.txt'}: cannot read" in messages[1]
    assert f"{DATA / 'empty.jsonl'}: empty file" in messages[2]
    assert "Traceback" not in err


def test_nothing_processed_exits_1(capsys, fake_extractor):
    code, out, err = run(capsys, "extract", str(DATA / "allbad.jsonl"), str(DATA / "binary.txt"))
    assert code == 1
    assert out == ""
    name = str(DATA / "allbad.jsonl")
    for line in (1, 2, 3):
        assert f"{name}, line {line}: " in err
    assert "nothing could be processed" in err
    assert "Traceback" not in err


def test_extractor_failure_is_a_message_not_a_traceback(capsys, monkeypatch):
    def broken(text, *, lang=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "extract_mentions", broken)
    code, _, err = run(capsys, "extract", str(CORPUS / "a.txt"))
    assert code == 1
    assert f"{CORPUS / 'a.txt'}: extraction failed (RuntimeError: boom)" in err


@pytest.mark.parametrize(
    "argv",
    [[], ["extract"], ["extract", "x.txt", "--format", "xml"], ["frobnicate"]],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage:" in err


def test_version_and_help_exit_0(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("mentionmap ")
    code, out, _ = run(capsys, "extract", "--help")
    assert code == 0 and "--format" in out


def test_broken_pipe_is_quiet(monkeypatch, fake_extractor):
    class ClosedPipe(io.StringIO):
        def write(self, s):
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.main(["extract", str(CORPUS / "a.txt")]) == 0


# --- real extractor -------------------------------------------------------------------------


def seed_jsonl(tmp_path: Path) -> tuple[Path, str]:
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "seed.jsonl"
    record = {"id": "seed", "title": "annexation referendums", "text": text}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path, text


def test_issue2_seed_jsonl(capsys, tmp_path):
    path, text = seed_jsonl(tmp_path)
    code, out, err = run(capsys, "extract", str(path))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["region"] for r in rows} == SEED_REGIONS
    assert {r["doc"] for r in rows} == {"seed"}
    for row in rows:
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["surface"] in row["excerpt"]


def test_python_m_mentionmap_subprocess(tmp_path):
    path, _ = seed_jsonl(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "mentionmap", "extract", str(path), "--format", "geojson"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    features = json.loads(done.stdout)["features"]
    assert {f["properties"]["region"] for f in features} == SEED_REGIONS
    assert all(f["properties"]["documents"] == 1 for f in features)


def test_subprocess_bad_input_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mentionmap", "extract", str(DATA / "binary.txt")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "binary file" in done.stderr
    assert "Traceback" not in done.stderr


# --- evaluate -------------------------------------------------------------------------------


@pytest.fixture
def fake_default_extractor(monkeypatch):
    import mentionmap.mentions

    monkeypatch.setattr(mentionmap.mentions, "extract_mentions", fake_extract)


def test_evaluate_scores_and_lists_errors(capsys, fake_default_extractor):
    code, out, err = run(capsys, "evaluate", str(DATA / "gold.jsonl"), "--details")
    assert code == 0
    overall = next(line for line in out.splitlines() if line.startswith("all"))
    assert "3/0/2" in overall  # region tp/fp/fn: Донецьк (UA-14) missed, UA-46 never named
    assert "3/0/1" in overall  # mention tp/fp/fn
    assert "region false negatives (2):" in out
    assert "'Донецьк' UA-14" in out
    assert "Вибухи у Київ і Донецьк." in out  # --details adds the sentence
    gold = str(DATA / "gold.jsonl")
    assert f"{gold}:3: " in err  # the malformed gold line, with file and line
    assert "Traceback" not in err


def test_evaluate_baseline_runs_the_naive_lookup(capsys, monkeypatch):
    from mentionmap import evaluate

    names = [("Kherson", "UA-65"), ("Odesa", "UA-51"), ("Київ", "UA-30")]
    real = evaluate.baseline_extractor
    monkeypatch.setattr(evaluate, "baseline_extractor", lambda: real(names))
    code, out, _ = run(capsys, "evaluate", str(DATA / "gold.jsonl"), "--baseline")
    assert code == 0
    overall = next(line for line in out.splitlines() if line.startswith("all"))
    assert "3/0/2" in overall


def test_evaluate_without_readable_gold_exits_1(capsys):
    code, out, err = run(capsys, "evaluate", str(DATA / "missing.jsonl"))
    assert code == 1
    assert out == ""
    assert "missing.jsonl" in err and "no gold records" in err


# --- explain --------------------------------------------------------------------------------


def test_explain_lists_kept_and_dropped_candidates(capsys, tmp_path):
    path, text = seed_jsonl(tmp_path)
    code, out, _ = run(capsys, "extract", str(path), "--explain")
    assert code == 0
    decisions = [json.loads(line) for line in out.splitlines()]
    for d in decisions:
        assert {"doc", "surface", "start", "end", "regions", "kind", "kept", "reason"} <= set(d)
        assert text[d["start"] : d["end"]] == d["surface"]
        assert d["reason"]
    kept = [d for d in decisions if d["kept"]]
    assert {iso for d in kept for iso in d["regions"]} == SEED_REGIONS
    # the kept candidates are exactly the spans that plain extraction reports
    code, out, _ = run(capsys, "extract", str(path))
    spans = {(r["start"], r["end"]) for r in map(json.loads, out.splitlines())}
    assert {(d["start"], d["end"]) for d in kept} == spans


def test_explain_csv_and_geojson_refused(capsys, tmp_path):
    path, _ = seed_jsonl(tmp_path)
    code, out, _ = run(capsys, "extract", str(path), "--explain", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert list(rows[0]) == list(cli.EXPLAIN_COLUMNS)
    assert {r["kept"] for r in rows} <= {"true", "false"}
    code, _, err = run(capsys, "extract", str(path), "--explain", "--format", "geojson")
    assert code == 2 and "not geojson" in err


@pytest.mark.slow
def test_subprocess_closed_pipe_exits_quietly(tmp_path):
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "many.jsonl"
    lines = (json.dumps({"id": f"r{i}", "text": text}) for i in range(2000))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentionmap", "extract", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0
    assert json.loads(first)["doc"] == "r0"
    assert err == ""
