"""The plain-text table of bench_extract: the corpus, the index builds, steps (a), (b),
(c) in seconds, MB/s (10^6 bytes of UTF-8 text per second), articles/s and CPU s, one line
per interleaved pair, and the figures judged against the targets of issue 4.

Takes the figures dict of ``bench_extract.benchmark`` and returns text; prints nothing.
"""

from __future__ import annotations

import os
import statistics

from pairs import QUIET_SHARE, TARGET_SPEEDUP

TARGET_RATIO = 0.3  # issue 4: (b) >= 0.3 x (a)


def format_pairs(r: dict) -> list[str]:
    """One line per interleaved pair: the extractor's and the control's figures."""
    n, e, c = r["workers"], r["ext"], r["control"]
    lines = [
        f"pair  {'1 worker s':>10}  {f'{n} workers s':>11}  {'speed-up':>8}  "
        f"{'CPU ratio':>9}  {'busy':>4}  {'idle s':>6}  {'others s 1|' + str(n):>13}  | control: "
        f"{'speed-up':>8}  {'CPU ratio':>9}  {'busy':>4}"
    ]
    for i, p in enumerate(r["pairs"]):
        many = p[f"ext_{n}"]
        lines.append(
            f"{i + 1:>4}  {p['ext_1']['seconds']:10.2f}  {many['seconds']:11.2f}  "
            f"{e['ratios'][i]:7.3f}x  {e['cpu_ratios'][i]:9.2f}  {e['busy'][i]:4.2f}  "
            f"{many['idle_s']:6.2f}  {p['ext_1']['others_s']:6.2f}|{many['others_s']:<5.2f}"
            f"{'*' if i in e['quiet'] else ' '}  | {'':9}"
            f"{c['ratios'][i]:7.3f}x  {c['cpu_ratios'][i]:9.2f}  {c['busy'][i]:4.2f}"
        )
    return lines


def format_results(r: dict) -> str:
    """The benchmark table as plain text."""
    langs = ", ".join(f"{k} {v}" for k, v in r["langs"].items())
    name = "extractor" if r["extractor"] == "full" else "naive baseline"
    n, e, c = r["workers"], r["ext"], r["control"]
    rows = [
        ("(a) raw scan: pyahocorasick, all matches", r["floor"]),
        (f"(b) {name}, 1 core, in memory", r["single"]),
        (f"(c) {name}, {n} workers, file offsets", r["pool"]),
        (f"    {name}, 1 worker, file offsets", r["pool_1"]),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [
        f"corpus: {r['articles']:,} articles ({langs}), {r['mb']:.1f} MB UTF-8 text; "
        f"{r['forms']:,} surface forms; (a), (b): best of {r['repeat']} run(s); "
        f"(c): median of {len(r['pairs'])} interleaved pairs",
        f"index build: raw automaton {r['floor_build_s']:.2f} s; {name} load + first calls "
        f"{r['extractor_build_s']:.2f} s, +{r['extractor_rss_mb']:.0f} MB resident "
        f"({r['extractor_process_rss_mb']:.0f} MB for a fresh process)",
        "",
        f"{'step'.ljust(width)}  {'seconds':>8}  {'MB/s':>7}  {'articles/s':>10}  "
        f"{'CPU s':>7}  {'matches':>9}",
    ]
    for label, f in rows:
        lines.append(
            f"{label.ljust(width)}  {f['seconds']:8.2f}  {f['mb_s']:7.2f}  "
            f"{f['articles_s']:10,.0f}  {f['cpu_s']:7.2f}  {f['matches']:9,}"
        )
    ok = lambda good: "ok" if good else "BELOW TARGET"  # noqa: E731
    lines += [
        "",
        f"ratio (b)/(a): {r['ratio']:.3f}  (target >= {TARGET_RATIO}: "
        f"{ok(r['ratio'] >= TARGET_RATIO)}); by CPU time: {r['ratio_cpu']:.3f}",
        "",
        f"(c) interleaved pairs: 1 worker, {n} workers, then the control (a pure-Python "
        f"busy loop, {4 * n} tasks) on 1 and {n} processes; {r['tasks']} guided byte "
        "ranges per batch. speed-up = 1-process s / "
        f"{n}-process s; CPU ratio = CPU s summed over {n} workers / CPU s of 1 (1.00: "
        f"running {n} at once costs no extra CPU); busy = CPU s / wall s of the "
        f"{n}-process arm ({n}.00: every worker busy throughout); idle s: the "
        "machine's idle CPU s during that arm; others s: CPU s of other processes during "
        f"the 1-worker and the {n}-worker arm (* marks a quiet pair).",
        *format_pairs(r),
        "",
        f"speed-up of the batch, {n} workers over 1 (same pipeline), MEDIAN of "
        f"{len(r['pairs'])} pairs: {e['median']:.3f}x  (target >= {TARGET_SPEEDUP}: "
        f"{ok(e['median'] >= TARGET_SPEEDUP)}); best pair {e['best']:.3f}x, worst "
        f"{e['worst']:.3f}x; "
        + (
            f"median of the {len(e['quiet'])} quiet pair(s) (others < "
            f"{QUIET_SHARE:.0%} of the workers' CPU s): {e['quiet_median']:.3f}x"
            if e["quiet"]
            else "no quiet pair (other processes used the CPUs in every pair)"
        ),
        f"control in the same pairs: median {c['median']:.3f}x, best {c['best']:.3f}x, "
        f"worst {c['worst']:.3f}x (the machine's spare parallelism; about {n}.00 when "
        "idle); median CPU ratio: extractor "
        f"{statistics.median(e['cpu_ratios']):.2f}, control "
        f"{statistics.median(c['cpu_ratios']):.2f}",
        f"(c)/(b), against the in-memory single core that parses no JSON: "
        f"{r['speedup']:.2f}x. Worker start-up (fork), not timed: "
        f"{r['pool']['startup_s']:.2f} s with {n}; minor page faults in the timed batch: "
        f"{r['pool']['minflt']:,.0f} with {n} workers, {r['pool_1']['minflt']:,.0f} with 1",
        f"peak RSS: {r['peak_rss_mb']:.0f} MB (main process, holding the corpus in memory)",
        f"CPU s of (c) are summed over the workers; its seconds are the medians of the "
        f"pairs. Highest 1-minute load average seen: {r['loadavg_1min']:.2f} on "
        f"{os.cpu_count()} CPUs",
    ]
    if r["loadavg_1min"] > (os.cpu_count() or 1):
        lines.append(
            "WARNING: the machine was busy with other work; wall-clock figures (MB/s, "
            "speed-up) are unreliable. CPU times and the CPU ratio hold better."
        )
    return "\n".join(lines)
