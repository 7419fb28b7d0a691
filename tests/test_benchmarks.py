"""Smoke tests of the benchmark scripts: the synthetic corpus generator (shape, determinism,
mention rate) and one tiny run of bench_extract (output shape only, never speed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))
import bench_extract  # noqa: E402
import corpus  # noqa: E402

FORMS = ["Kramatorsk", "Izium", "Вугледар", "Вугледара", "Угледаре"]


def test_corpus_is_deterministic_per_seed():
    a = list(corpus.generate_articles(seed=7, mb=0.05, forms=FORMS))
    b = list(corpus.generate_articles(seed=7, mb=0.05, forms=FORMS))
    c = list(corpus.generate_articles(seed=8, mb=0.05, forms=FORMS))
    assert a == b
    assert a != c


def test_corpus_shape_size_languages_and_mention_rate():
    articles = list(corpus.generate_articles(seed=1, mb=0.4, forms=FORMS))
    sizes = [len(a["text"].encode()) for a in articles]
    assert sum(sizes) >= 0.4e6
    assert sum(sizes) - sizes[-1] < 0.4e6  # stops as soon as the size is reached
    assert all(3_500 <= s <= 5_500 for s in sizes)  # about 4 KB each
    assert {a["lang"] for a in articles} == {"en", "uk", "ru"}
    assert len({a["id"] for a in articles}) == len(articles)
    rates = [1000 * a["places"] / len(a["text"]) for a in articles]
    assert 1.0 <= sum(rates) / len(rates) <= 3.0  # place mentions per 1,000 characters
    cyrillic = [a["text"] for a in articles if a["lang"] != "en"]
    assert all(re.search("[а-яіїєґ]", t) for t in cyrillic)
    joined = "\n".join(a["text"] for a in articles)
    # inflected forms, a look-alike, and the gazetteer forms all occur
    assert re.search(r"Харкові|Херсонщині|Мариуполе|Донецке|Криму|Києві", joined)
    assert re.search(r"Shakhtar|Odessa, Texas|chicken Kiev|Киевском вокзале|Луганський", joined)
    assert any(f in joined for f in FORMS)


def test_corpus_filler_is_varied():
    articles = list(corpus.generate_articles(seed=2, mb=0.3, forms=[]))
    sentences = [s for a in articles for s in re.split(r"(?<=\.)\s+", a["text"]) if s]
    assert len(set(sentences)) / len(sentences) > 0.7


def test_write_corpus_offsets_are_line_starts(tmp_path):
    path = tmp_path / "c.jsonl"
    offsets = corpus.write_corpus(path, seed=3, mb=0.02, forms=FORMS)
    data = path.read_bytes()
    assert offsets[-1] == len(data)
    assert offsets == corpus.line_offsets(path)
    lines = [data[s:e] for s, e in pairwise(offsets)]
    assert [json.loads(x)["id"] for x in lines] == [a["id"] for a in corpus.iter_corpus(path)]
    ranges = bench_extract.chunk_ranges(offsets, chunk_bytes=10_000)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(e == s2 for (_, e), (s2, _) in pairwise(ranges))
    assert all(s in offsets and e in offsets for s, e in ranges)


@pytest.mark.slow
def test_bench_extract_runs_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH_DIR / "bench_extract.py"), "--mb", "0.1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for label in ("(a) raw scan", "(b) extractor, 1 core", "(c) extractor, 2 workers"):
        assert label in proc.stdout
    assert "ratio (b)/(a)" in proc.stdout and "workers over 1 (same pipeline)" in proc.stdout
    r = json.loads(out.read_text())
    assert r["mb"] >= 0.1 and r["articles"] > 10 and r["forms"] > 1000
    for step in ("floor", "single", "pool", "pool_1"):
        assert r[step]["seconds"] > 0 and r[step]["mb_s"] > 0 and r[step]["articles_s"] > 0
    # the same extractor over the same articles finds the same number of mentions
    assert r["single"]["matches"] == r["pool"]["matches"] == r["pool_1"]["matches"] > 0
    assert r["ratio"] > 0 and r["speedup"] > 0 and r["speedup_vs_pool_1"] > 0
    assert r["peak_rss_mb"] > 0
