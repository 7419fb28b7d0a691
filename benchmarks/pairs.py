"""Paired speed-up measurements: per-pair ratios, their summaries, quiet pairs, and the
machine-wide CPU accounting (/proc/stat) that tells a quiet pair from a busy one.

A "pair" is one timed run on 1 process and one on several, back to back (see
``extract_pool.run_pairs``); the figures here are pure arithmetic on those timings, in
seconds, except ``cpu_ticks``, which reads /proc/stat (Linux).
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence

TARGET_SPEEDUP = 1.7  # issue 4: two cores >= 1.7 x one core, on the median of the pairs
QUIET_SHARE = 0.05  # a pair is quiet when others used < 5% of the workers' CPU s in both arms


def paired_speedups(one: Sequence[float], many: Sequence[float]) -> list[float]:
    """Per-pair speed-ups: seconds on one process / seconds on several, pair by pair."""
    if len(one) != len(many) or not one:
        raise ValueError("need the same positive number of timings in both arms")
    return [a / b for a, b in zip(one, many, strict=True)]


def quiet_pairs(
    others: Sequence[tuple[float, float]], cpu: Sequence[tuple[float, float]]
) -> list[int]:
    """Indexes of the pairs in which other processes used less than ``QUIET_SHARE`` of
    the workers' CPU seconds in both arms (``others`` and ``cpu``: (1 worker, n) each)."""
    return [
        i
        for i, (oth, own) in enumerate(zip(others, cpu, strict=True))
        if all(o < QUIET_SHARE * c for o, c in zip(oth, own, strict=True))
    ]


def summarize(ratios: Sequence[float]) -> dict:
    """Median (the judged figure), best and worst of the paired ratios."""
    return {"median": statistics.median(ratios), "best": max(ratios), "worst": min(ratios)}


def cpu_ticks() -> tuple[float, float]:
    """Machine-wide (busy, idle) CPU seconds since boot, from /proc/stat (Linux); busy
    counts every process, the kernel and steal, idle counts idle and I/O wait."""
    try:
        with open("/proc/stat") as f:
            user, nice, system, idle, iowait, irq, softirq, steal = map(
                int, f.readline().split()[1:9]
            )
    except (OSError, ValueError):
        return 0.0, 0.0
    hz = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq + steal) / hz, (idle + iowait) / hz


def pair_figures(pairs: Sequence[dict], workers: int) -> dict:
    """The speed-up figures of ``run_pairs``: per-pair ratios and their summaries for the
    extractor and the control; the pair-median arm times for the table."""
    out: dict = {}
    for key in ("ext", "control"):
        one = [p[f"{key}_1"] for p in pairs]
        many = [p[f"{key}_{workers}"] for p in pairs]
        ratios = paired_speedups([a["seconds"] for a in one], [b["seconds"] for b in many])
        out[key] = {"ratios": ratios, **summarize(ratios)}
        # CPU s of n workers / CPU s of 1: 1.00 when running n at once costs nothing extra
        out[key]["cpu_ratios"] = [b["cpu_s"] / a["cpu_s"] for a, b in zip(one, many, strict=True)]
        # CPU s / wall s of the n-worker arm: n when every worker was busy throughout
        out[key]["busy"] = [b["cpu_s"] / b["seconds"] for b in many]
    arms = [(p["ext_1"], p[f"ext_{workers}"]) for p in pairs]
    quiet = quiet_pairs(
        [(a["others_s"], b["others_s"]) for a, b in arms],
        [(a["cpu_s"], b["cpu_s"]) for a, b in arms],
    )
    out["ext"]["quiet"] = quiet
    out["ext"]["quiet_median"] = (
        statistics.median(out["ext"]["ratios"][i] for i in quiet) if quiet else None
    )
    for key, n in (("pool", workers), ("pool_1", 1)):
        arms = [p[f"ext_{n}"] for p in pairs]
        out[key] = {
            "seconds": statistics.median(a["seconds"] for a in arms),
            "cpu_s": statistics.median(a["cpu_s"] for a in arms),
            "matches": arms[0]["matches"],
            "minflt": statistics.median(a["minflt"] for a in arms),
            "startup_s": statistics.median(a["startup_s"] for a in arms),
        }
    return out
