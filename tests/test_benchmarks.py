"""Smoke tests of the benchmark scripts: the synthetic corpus generator (shape, determinism,
mention rate), bench_extract's chunking (extract_pool) and paired speed-up arithmetic (pairs)
on made-up numbers, its forked pools on a tiny corpus with a stand-in extractor, and one tiny
run of bench_extract (output shape only, never speed)."""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))
import corpus  # noqa: E402
import extract_pool  # noqa: E402
import pairs  # noqa: E402

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
    ranges = extract_pool.guided_ranges(offsets, workers=2, max_bytes=10_000, min_bytes=1_000)
    assert len(ranges) > 3
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(e == s2 for (_, e), (s2, _) in pairwise(ranges))
    assert all(s in offsets and e in offsets for s, e in ranges)


def test_guided_ranges_shrink_toward_the_end_and_cover_the_file():
    offsets = list(range(0, 1_000_001, 1_000))  # 1,000 lines of 1,000 bytes
    ranges = extract_pool.guided_ranges(offsets, workers=2, max_bytes=100_000, min_bytes=5_000)
    assert ranges[0][0] == 0 and ranges[-1][1] == 1_000_000
    assert all(e == s2 for (_, e), (s2, _) in pairwise(ranges))
    assert all(s in offsets and e in offsets for s, e in ranges)
    sizes = [e - s for s, e in ranges]
    assert sizes[0] == 100_000  # capped while much is left
    assert all(b <= a for a, b in pairwise(sizes))  # never grows
    assert all(x >= 5_000 for x in sizes[:-1]) and sizes[-1] <= 5_000
    # each range is about (bytes left) / (2 x workers) once that is under the cap
    for s, e in ranges[:-1]:
        left = 1_000_000 - s
        if 5_000 < left / 4 < 100_000:
            assert left / 4 <= e - s < left / 4 + 1_000
    assert len(ranges) > 10  # more than 1 MB / max_bytes: the small ones at the end


def test_guided_ranges_single_line_and_uneven_lines():
    assert extract_pool.guided_ranges([0, 7], workers=2) == [(0, 7)]
    offsets = [0, 10, 500, 510, 2_000, 2_001]
    ranges = extract_pool.guided_ranges(offsets, workers=2, max_bytes=400, min_bytes=100)
    assert ranges == [(0, 500), (500, 2_000), (2_000, 2_001)]


def test_paired_speedups_and_their_median():
    ratios = pairs.paired_speedups([4.0, 3.0, 6.0, 3.3], [2.0, 2.0, 2.5, 3.0])
    assert ratios == pytest.approx([2.0, 1.5, 2.4, 1.1])
    summary = pairs.summarize(ratios)
    assert summary["median"] == pytest.approx(1.75)  # mean of the two middle pairs
    assert summary["best"] == pytest.approx(2.4) and summary["worst"] == pytest.approx(1.1)
    assert pairs.summarize([1.2, 3.0, 1.8])["median"] == pytest.approx(1.8)
    with pytest.raises(ValueError):
        pairs.paired_speedups([1.0, 2.0], [1.0])
    with pytest.raises(ValueError):
        pairs.paired_speedups([], [])


def test_quiet_pairs_need_little_other_cpu_in_both_arms():
    others = [(0.01, 0.02), (0.5, 0.0), (0.0, 0.3), (0.09, 0.09)]
    cpu = [(2.0, 2.2), (2.0, 2.2), (2.0, 2.2), (2.0, 2.2)]
    assert pairs.quiet_pairs(others, cpu) == [0, 3]


def _arm(seconds: float, cpu_s: float, others_s: float = 0.0) -> dict:
    return {"seconds": seconds, "cpu_s": cpu_s, "others_s": others_s, "idle_s": 0.0,
            "minflt": 100, "startup_s": 0.1, "matches": 7, "articles": 3}  # fmt: skip


def test_pair_figures_on_made_up_pairs():
    made_up = [
        {"ext_1": _arm(4.0, 4.0), "ext_2": _arm(2.0, 4.0), "control_1": _arm(1.0, 1.0),
         "control_2": _arm(0.5, 1.0)},
        {"ext_1": _arm(4.0, 4.0), "ext_2": _arm(4.0, 4.4, others_s=2.0),
         "control_1": _arm(1.0, 1.0), "control_2": _arm(1.0, 1.0)},
        {"ext_1": _arm(3.0, 3.0), "ext_2": _arm(2.0, 3.3), "control_1": _arm(1.2, 1.2),
         "control_2": _arm(0.8, 1.2)},
    ]  # fmt: skip
    r = pairs.pair_figures(made_up, workers=2)
    assert r["ext"]["ratios"] == pytest.approx([2.0, 1.0, 1.5])
    assert r["ext"]["median"] == pytest.approx(1.5)
    assert r["ext"]["best"] == pytest.approx(2.0) and r["ext"]["worst"] == pytest.approx(1.0)
    assert r["ext"]["cpu_ratios"] == pytest.approx([1.0, 1.1, 1.1])
    assert r["ext"]["busy"] == pytest.approx([2.0, 1.1, 1.65])
    assert r["ext"]["quiet"] == [0, 2] and r["ext"]["quiet_median"] == pytest.approx(1.75)
    assert r["control"]["ratios"] == pytest.approx([2.0, 1.0, 1.5])
    assert r["pool"]["seconds"] == pytest.approx(2.0) and r["pool_1"]["seconds"] == 4.0
    assert r["pool"]["cpu_s"] == pytest.approx(4.0)


def _count_places(text: str, lang: str | None = None) -> list[str]:
    """Stand-in extractor: every occurrence of two test forms."""
    return re.findall("Kramatorsk|Izium", text)


def test_pools_inherit_the_installed_extractor_and_cover_every_article(tmp_path, monkeypatch):
    path = tmp_path / "c.jsonl"
    offsets = corpus.write_corpus(path, seed=4, mb=0.05, forms=FORMS)
    articles = [(a["text"], a["lang"]) for a in corpus.iter_corpus(path)]
    expected = sum(len(_count_places(text)) for text, _ in articles)
    assert expected > 0
    ranges = extract_pool.guided_ranges(offsets, workers=2, max_bytes=8_000, min_bytes=1_000)
    monkeypatch.setattr(extract_pool, "SPIN_N", 1_000)  # a short control
    extract_pool.install(_count_places, articles)
    try:
        _, _, found = extract_pool.single_pass()
        runs = extract_pool.run_pairs(str(path), ranges, workers=2, pairs=1)
    finally:
        extract_pool.install(None, [])
        gc.unfreeze()  # run_pool froze this process's objects before forking
    assert found == expected
    assert len(runs) == 1 and set(runs[0]) == {"ext_1", "ext_2", "control_1", "control_2"}
    for key in ("ext_1", "ext_2"):
        assert runs[0][key]["articles"] == len(articles)
        assert runs[0][key]["matches"] == expected
    for arm in runs[0].values():
        assert arm["seconds"] > 0 and arm["cpu_s"] > 0 and arm["startup_s"] >= 0
    busy, idle = pairs.cpu_ticks()
    assert busy > 0 and idle > 0  # /proc/stat read (Linux)


@pytest.mark.slow
def test_bench_extract_runs_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, str(BENCH_DIR / "bench_extract.py"), "--mb", "0.1", "--pairs", "2"]
    proc = subprocess.run(
        [*cmd, "--json", str(out)], capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr
    for label in ("(a) raw scan", "(b) extractor, 1 core", "(c) extractor, 2 workers"):
        assert label in proc.stdout
    assert "ratio (b)/(a)" in proc.stdout and "MEDIAN of 2 pairs" in proc.stdout
    assert "control in the same pairs" in proc.stdout
    r = json.loads(out.read_text())
    assert r["mb"] >= 0.1 and r["articles"] > 10 and r["forms"] > 1000
    for step in ("floor", "single", "pool", "pool_1"):
        assert r[step]["seconds"] > 0 and r[step]["mb_s"] > 0 and r[step]["articles_s"] > 0
    assert len(r["pairs"]) == 2 and len(r["ext"]["ratios"]) == len(r["control"]["ratios"]) == 2
    # the same extractor over the same articles finds the same number of mentions
    arms = [p[k] for p in r["pairs"] for k in ("ext_1", "ext_2")]
    assert {a["matches"] for a in arms} == {r["single"]["matches"]} and r["pool"]["matches"] > 0
    assert {a["articles"] for a in arms} == {r["articles"]}
    assert r["speedup_vs_pool_1"] == r["ext"]["median"] > 0 and r["control_speedup"] > 0
    assert r["ratio"] > 0 and r["speedup"] > 0 and r["peak_rss_mb"] > 0
