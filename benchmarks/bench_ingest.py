"""Ingest throughput into the SQLite store on a synthetic corpus (issue 5, scale targets).

Writes the first N articles of ``benchmarks/corpus.py``'s seeded generator (about 4 KB
of en/uk/ru text each, dated over 2022-2025) to one JSON Lines file, then ingests that
file into a fresh store in a child process running ``mentionmap.ingest.ingest`` (the code behind
``mentionmap ingest``) with worker processes, and reports:

- wall time of the ingest alone (corpus generation is timed apart), articles/s, MB/s;
- CPU time of the ingest's processes / wall time (about 2.0 means both cores busy);
- peak memory: the largest sum of resident set sizes of the child and all its
  descendants, sampled from /proc every 0.5 s (Linux), and the largest single process;
- the store's size and row counts, and its consistency check.

Targets (issue 5): 100,000 articles (~400 MB) in under 10 minutes on 2 cores, peak
memory under 2 GB. MB is 10^6 bytes of UTF-8 article text.

usage: python benchmarks/bench_ingest.py [--n 100000] [--seed 1] [--workers 2]
           [--workdir DIR] [--keep] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

TARGET_S = 600.0  # 100,000 articles in under 10 minutes
TARGET_PEAK_MB = 2048.0
FIRST_DAY, SPAN_DAYS = date(2022, 1, 1), 1400  # publication days of the synthetic articles
SAMPLE_S = 0.5  # seconds between memory samples
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

_CHILD = """
import json, sys, time
from mentionmap.ingest import ingest
from mentionmap.store import open_store
corpus, db, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
with open_store(db) as store:
    summary = ingest([corpus], store, workers=workers)
    seconds = time.perf_counter() - t0
    articles, mentions = store.count()
    problems = store.check()
print(json.dumps({"seconds": seconds, "added": summary.added, "duplicates": summary.duplicates,
                  "failed": len(summary.failed), "articles": articles, "mentions": mentions,
                  "problems": problems[:5]}))
"""


def _children(pid: int) -> list[int]:
    """Child pids of ``pid`` from /proc/PID/task/*/children (Linux)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        return 0


def _cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """user+system CPU seconds of each live process."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return out


def run(n: int, seed: int, workers: int, workdir: Path) -> dict:
    corpus_path = workdir / f"corpus-{seed}-{n}.jsonl"
    db_path = workdir / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    n_articles, text_bytes = 0, 0
    with corpus_path.open("w", encoding="utf-8") as out:
        # exactly n articles: the generator's size bound is set far above what n needs
        for i, record in enumerate(itertools.islice(corpus.generate_articles(seed, mb=1e9), n)):
            # a deterministic spread of publication days, for the date filters and timeline
            record["published"] = (FIRST_DAY + timedelta(days=(i * 7919) % SPAN_DAYS)).isoformat()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n_articles += 1
            text_bytes += len(record["text"].encode())
    gen_s = time.perf_counter() - t0
    text_mb = text_bytes / 1e6

    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(corpus_path), str(db_path), str(workers)],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak_sum = peak_one = 0
    cpu: dict[int, float] = {}
    start = time.perf_counter()
    while proc.poll() is None:
        pids = _tree(proc.pid)
        sizes = [_rss_bytes(p) for p in pids]
        peak_sum, peak_one = max(peak_sum, sum(sizes)), max([peak_one, *sizes])
        cpu.update(_cpu_seconds(pids))  # last reading before each process exits
        time.sleep(SAMPLE_S)
    wall = time.perf_counter() - start
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest child failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    seconds = result["seconds"]
    return {
        "articles_generated": n_articles,
        "corpus_file_mb": round(corpus_path.stat().st_size / 1e6, 1),
        "text_mb": round(text_mb, 1),
        "generate_s": round(gen_s, 1),
        "workers": workers,
        "ingest_s": round(seconds, 1),
        "child_wall_s": round(wall, 1),
        "articles_per_s": round(result["added"] / seconds, 1),
        "mb_per_s": round(text_mb / seconds, 2),
        "cpu_s_sampled": round(sum(cpu.values()), 1),
        "cores_busy": round(sum(cpu.values()) / wall, 2),
        "peak_rss_all_mb": round(peak_sum / 2**20, 1),
        "peak_rss_one_mb": round(peak_one / 2**20, 1),
        "db_mb": round(sum(p.stat().st_size for p in workdir.glob("bench.sqlite*")) / 1e6, 1),
        **{k: result[k] for k in ("added", "duplicates", "failed", "articles", "mentions")},
        "problems": result["problems"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles to generate (~4 KB each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", type=Path, help="where corpus and store go (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and store")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="mm-bench-ingest-")
        args.workdir = Path(tmp.name)
    args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        figures = run(args.n, args.seed, args.workers, args.workdir)
    finally:
        if tmp is not None and not args.keep:
            tmp.cleanup()
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    scale = 100_000 / figures["added"] if figures["added"] else float("nan")
    projected = figures["ingest_s"] * scale
    label = "measured" if figures["added"] >= 100_000 else "EXTRAPOLATED linearly"
    print(f"100,000 articles: {projected:.0f} s ({label}); target < {TARGET_S:.0f} s")
    print(f"peak memory (all processes): {figures['peak_rss_all_mb']:.0f} MB; "
          f"target < {TARGET_PEAK_MB:.0f} MB")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
