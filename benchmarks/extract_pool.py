"""The forked processes of bench_extract: byte ranges of the corpus file, the worker and
control tasks, and timed pools of freshly forked workers.

The extractor and the in-memory articles are installed here (``install``) before any
pool forks, so the workers inherit them, warmed up, instead of receiving them through a
pipe; only file offsets and counts cross the pipes. Needs the "fork" start method (Linux).
Times are wall seconds (``time.perf_counter``) or CPU seconds (``time.process_time``).
"""

from __future__ import annotations

import gc
import json
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable, Sequence

from pairs import cpu_ticks

# largest corpus byte range of one worker task: in a same-run A/B on 50 MB (6 rounds), 4 MB
# ranges (28 tasks) kept the 2 workers busy 1.974 of 2 CPUs (median), 1 MB (61 tasks) 1.955;
# the parent spent 0.02 s of CPU on the batch instead of 0.06 s
CHUNK_BYTES = 4_000_000
# smallest one, at the end of the file (guided chunks): the time one worker ran alone at
# the end of a 50 MB batch was 0.004 s (median of 5) against 0.022 s with fixed 1 MB ranges
MIN_CHUNK_BYTES = 50_000
SPIN_N = 2_000_000  # busy-loop iterations of one control task (about 0.15 s)

_EXTRACT: Callable | None = None  # set before the pool forks; workers inherit it
_ARTICLES: list[tuple[str, str]] = []  # (text, lang), set before forking for step (b)
_BARRIER = None  # set before a pool forks: every worker waits there once, ready


def install(extract: Callable, articles: list[tuple[str, str]]) -> None:
    """Set the extractor and the in-memory (text, lang) articles that every process
    forked from now on inherits; call it before ``single_pass`` or ``run_pairs``."""
    global _EXTRACT, _ARTICLES
    _EXTRACT, _ARTICLES = extract, articles


def guided_ranges(
    offsets: Sequence[int],
    workers: int,
    max_bytes: int = CHUNK_BYTES,
    min_bytes: int = MIN_CHUNK_BYTES,
) -> list[tuple[int, int]]:
    """Split a file at line starts (``offsets``, ending with the file size) into byte
    ranges that shrink toward the end ("guided" scheduling): each is about the bytes
    still left / (2 x ``workers``), within [``min_bytes``, ``max_bytes``], so the
    workers finish within about one small range of each other."""
    end = offsets[-1]

    def target(start: int) -> float:
        return min(max_bytes, max(min_bytes, (end - start) / (2 * workers)))

    ranges, start = [], offsets[0]
    size = target(start)
    for off in offsets[1:]:
        if off - start >= size:
            ranges.append((start, off))
            start = off
            size = target(start)
    if start < end:
        ranges.append((start, end))
    return ranges


def _ready(_: object) -> int:
    """One per worker: wait until every worker has started."""
    _BARRIER.wait(timeout=120)  # BrokenBarrierError rather than a hang if one dies
    return os.getpid()


def _work(task: tuple[str, int, int]) -> tuple[int, int, int, float, int]:
    """Worker: extract from the articles in one byte range of the corpus file; return
    (articles, text bytes, mentions, CPU seconds, minor page faults)."""
    cpu0 = time.process_time()
    flt0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    path, start, end = task
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    # decode the whole range first, then extract: interleaving json.loads with the
    # extractor cost about 10% more CPU (the decoder's allocations between the scans)
    batch = [json.loads(line) for line in data.splitlines()]
    size = found = 0
    for article in batch:
        text = article["text"]
        found += len(_EXTRACT(text, lang=article.get("lang")))
        size += len(text.encode())
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - flt0
    return len(batch), size, found, time.process_time() - cpu0, faults


def _single_pass(_: object = None) -> tuple[float, float, int]:
    """Step (b) inside a forked child: every article of ``_ARTICLES`` in turn; return
    (wall s, CPU s, mentions)."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    found = sum(len(_EXTRACT(text, lang=lang)) for text, lang in _ARTICLES)
    return time.perf_counter() - t0, time.process_time() - cpu0, found


def single_pass() -> tuple[float, float, int]:
    """Step (b): the installed extractor over the installed articles, in a fresh fork each
    time so that every step starts from the same warmed-up extractor and no step inherits
    caches filled by another; return (wall s, CPU s, mentions)."""
    with mp.get_context("fork").Pool(1) as pool:
        return pool.apply(_single_pass)


def _spin(n: int) -> tuple[int, int, int, float, int]:
    """Control task: a pure-Python busy loop; returns the shape of ``_work``'s result."""
    cpu0 = time.process_time()
    x = 0
    for i in range(n):
        x += i * i
    return 0, 0, x & 1, time.process_time() - cpu0, 0


def run_pool(fn: Callable, tasks: Sequence, workers: int) -> dict:
    """Run ``tasks`` through ``fn`` in a freshly forked pool of ``workers`` processes and
    time the batch alone (wall s), once every worker has started.

    The parent's objects (the corpus in memory, the warmed-up extractor) are frozen out of
    the garbage collector first, so that a worker's collections neither walk nor
    copy-on-write the pages it shares with the parent and the other worker. Returns
    seconds, start-up seconds, summed worker CPU s and page faults, the machine's CPU s
    spent by others (the parent included, 0.01 s ticks) and idle during the batch, and the
    results."""
    global _BARRIER
    gc.collect()
    gc.freeze()
    ctx = mp.get_context("fork")
    _BARRIER = ctx.Barrier(workers)
    t_start = time.perf_counter()
    with ctx.Pool(workers) as pool:
        if len(set(pool.map(_ready, range(workers), chunksize=1))) != workers:
            raise RuntimeError("a worker took two start-up tasks")
        busy0, idle0 = cpu_ticks()
        t0 = time.perf_counter()
        results = list(pool.imap_unordered(fn, tasks))
        elapsed = time.perf_counter() - t0
        busy1, idle1 = cpu_ticks()
    return {
        "others_s": busy1 - busy0 - sum(r[3] for r in results),
        "idle_s": idle1 - idle0,
        "seconds": elapsed,
        "startup_s": t0 - t_start,
        "cpu_s": sum(r[3] for r in results),
        "minflt": sum(r[4] for r in results),
        "results": results,
    }


def run_pairs(path: str, ranges: list[tuple[int, int]], workers: int, pairs: int) -> list:
    """Interleaved pairs: 1 worker, ``workers`` workers, then the busy-loop control on
    1 and on ``workers`` processes; one dict of figures per pair."""
    tasks = [(path, s, e) for s, e in ranges]
    spins = [SPIN_N] * (4 * workers)
    out = []
    for _ in range(pairs):
        pair = {}
        for key, fn, jobs in (("ext", _work, tasks), ("control", _spin, spins)):
            for n in (1, workers):
                arm = run_pool(fn, jobs, n)
                pair[f"{key}_{n}"] = {k: v for k, v in arm.items() if k != "results"}
                if key == "ext":
                    pair[f"{key}_{n}"]["articles"] = sum(r[0] for r in arm["results"])
                    pair[f"{key}_{n}"]["matches"] = sum(r[2] for r in arm["results"])
        out.append(pair)
    return out
