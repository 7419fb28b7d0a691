"""The figures of ``bench_dashboard_store.py`` and their table: one :class:`Change` per
filter change, the :class:`Figures` of a whole run (seconds, KiB, marker counts), and
:func:`report`, which prints them judged against the targets of issue 5 (first render
< 5 s, filter change < 1 s, on a 100,000-article store).
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field
from pathlib import Path

FIRST_RENDER_TARGET_S = 5.0
FILTER_TARGET_S = 1.0


@dataclass
class Change:
    """One filter change: what was done, whether the resulting view was new, timings (s)."""

    what: str
    cold: bool
    shown_s: float  # action -> caption/table/excerpts show the new result
    settled_s: float  # action -> the script run ended (timeline, article list included)
    ws_kib: float  # WebSocket bytes received from the action until the run ended


@dataclass
class Figures:
    first_cold_s: float = 0.0
    first_cold_parts: dict[str, float] = field(default_factory=dict)
    first_warm_s: list[float] = field(default_factory=list)
    first_warm_parts: list[dict[str, float]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    markers: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    articles: int = 0
    blocked: list[str] = field(default_factory=list)


def _median(values: list[float]) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f} s (n=1)"
    return f"{statistics.median(values):.2f} s (n={len(values)}, max {max(values):.2f})"


def _parts(parts: dict[str, float]) -> str:
    names = ("summary", "excerpts", "map frame", "map")
    return " / ".join(f"{parts[n]:.2f}" for n in names) + " s"


def _verdict(values: list[float], target: float) -> str:
    if not values:
        return ""
    return "ok" if statistics.median(values) < target else "MISSED"


def report(figures: Figures, db: Path, load_before: tuple[float, ...], elapsed: float) -> None:
    rows: list[tuple[str, str, str, str]] = []
    cold = figures.first_cold_parts
    rows.append(
        (
            "first render, first visit after server start (cold)",
            f"{figures.first_cold_s:.2f} s",
            "< 5 s",
            _verdict([figures.first_cold_s], FIRST_RENDER_TARGET_S),
        )
    )
    rows.append(("  summary / excerpts / map iframe started / drawn", _parts(cold), "", ""))
    rows.append(
        (
            "first render, later visits (new contexts, warm)",
            _median(figures.first_warm_s),
            "< 5 s",
            _verdict(figures.first_warm_s, FIRST_RENDER_TARGET_S),
        )
    )
    warm = {k: statistics.median(p[k] for p in figures.first_warm_parts) for k in cold}
    rows.append(
        ("  summary / excerpts / map iframe started / drawn (medians)", _parts(warm), "", "")
    )
    rows.append(
        ("  WebSocket received per first render (median)", f"{warm['KiB']:.0f} KiB", "", "")
    )
    groups = (
        ("pick a language", lambda c: c.what.startswith("pick language")),
        ("remove the language", lambda c: c.what.startswith("remove")),
        ("keyword + Enter", lambda c: c.what.startswith("keyword")),
        ("clear the keyword", lambda c: c.what.startswith("clear")),
        ("pick a region (selectbox)", lambda c: c.what.startswith("region")),
    )
    for label, match in groups:
        for temp in (True, False):
            values = [c.shown_s for c in figures.changes if match(c) and c.cold is temp]
            if values:
                rows.append(
                    (
                        f"filter change: {label}, {'cold' if temp else 'warm'}",
                        _median(values),
                        "< 1 s",
                        _verdict(values, FILTER_TARGET_S),
                    )
                )
    for temp in (True, False):
        values = [c.settled_s for c in figures.changes if c.cold is temp]
        rows.append(
            (
                f"  whole rerun ended (all changes, {'cold' if temp else 'warm'})",
                _median(values),
                "",
                "",
            )
        )
    kib = statistics.median(c.ws_kib for c in figures.changes)
    rows.append(("  WebSocket received per filter change (median)", f"{kib:.0f} KiB", "", ""))
    m = figures.markers
    rows.append(
        (
            "map markers drawn (clusters + circle markers)",
            f"{m['clusters']} + {m['circles']} = {m['clusters'] + m['circles']}",
            f"<< {figures.mentions:,} mentions",
            # aggregated: at most one drawn marker per ten mentions (far fewer at scale)
            "ok" if m["clusters"] + m["circles"] <= figures.mentions / 10 else "MISSED",
        )
    )
    rows.append(("  places standing behind the cluster icons", f"{m['in_clusters']:,}", "", ""))

    width = max(len(r[0]) for r in rows)
    print()
    print(f"store: {db} ({figures.articles:,} articles, {figures.mentions:,} mentions)")
    print(
        f"machine: {os.cpu_count()} CPUs; load average before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)"
    )
    print(f"{'figure':<{width}}  {'measured':<28}  {'target':<22}  verdict")
    print("-" * (width + 64))
    for name, value, target, verdict in rows:
        print(f"{name:<{width}}  {value:<28}  {target:<22}  {verdict}")
    print(
        f"benchmark wall time: {elapsed:.0f} s; requests that left localhost: "
        f"{len(figures.blocked)}"
    )
