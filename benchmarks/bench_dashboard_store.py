"""Dashboard on a large store (issue 5, scale targets), measured in Debian's Chromium.

Starts ``streamlit run dashboard.py`` read-only on a store (``MENTIONMAP_DB``,
``MENTIONMAP_READ_ONLY=1``: nothing is written) and measures, with the browser's clock:

- first render: navigation until the map shows its 27 region shapes AND the excerpts are
  listed AND the summary caption ("N articles · M mentions · K of 27 regions") is shown;
  the first visit after the server started (cold caches) and later visits, each in a new
  browser context (warm server caches);
- filter change: from the user's action until the page shows the new result, for three
  filters: pick a language in the "Languages" multiselect (and remove it again), type a
  keyword in "Keyword in excerpts" and press Enter (and clear it again), pick a region in
  the "Region" selectbox. "Shows the new result" = the summary caption, the region table
  and the excerpts (all three for language and keyword; the excerpts and their caption
  for a region, which does not change the map's counts) differ from before the action.
  Values alternate so every action is a real change; an action whose resulting view was
  not seen before by this server process is "cold" (nothing cached), the others "warm";
- the markers the map draws (``.marker-cluster`` and circle markers in the map iframe)
  against the number of mentions: the map must aggregate, never one marker per mention.

Targets (issue 5): first render < 5 s, filter change < 1 s, on a 100,000-article store.

usage: python benchmarks/bench_dashboard_store.py [--db FILE | --n 100000 --workdir DIR]
           [--runs 4] [--reps 2]

Without ``--db`` the store is ``DIR/bench.sqlite`` made by ``benchmarks/bench_ingest.py
--n N --seed 1 --workdir DIR --keep`` (reused when present). A store of an older schema
is refused (read-only mode cannot migrate): migrate a copy first with
``python -c "from mentionmap.store import open_store; open_store('COPY').close()"``.

Clock: ``Date.now()`` in the page, stamped by a MutationObserver (page) or a 10 ms timer
(map iframe) and by capturing pointerdown/keydown listeners for the action; Playwright
only waits for the stamps, its polling is not in the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "benchmarks"))

import harness  # noqa: E402
from bench_dashboard import MAP_DRAWN_STAMP  # noqa: E402

FIRST_RENDER_TARGET_S = 5.0
FILTER_TARGET_S = 1.0
WAIT_MS = 180_000  # generous: a missed target must still be measured
LANGS = ("Ukrainian", "Russian", "English")
KEYWORDS = ("substation", "convoy", "curfew")  # present in the synthetic corpus's excerpts
REGIONS = ("UA-14", "UA-63", "UA-43")  # Donetsk, Kharkiv, Crimea

# Installed in every frame before its scripts. The map iframe stamps __mmDrawn when its 27
# region shapes exist (a timer: the iframe keeps the window of its initial about:blank, so
# a document observer would be lost). The page stamps the first render's parts and, once
# armed by __mmArm(needs, pattern), the user's action (first pointerdown or Enter/Backspace
# key) and the moment every part named in ``needs`` differs from its state at arming (and
# the excerpt caption matches ``pattern``), then the moment the script run has ended.
STAMPS = (
    "(() => {"
    + MAP_DRAWN_STAMP
    + r"""
  const EXCERPT_CAPTION = /^(\d+ (newest )?excerpts? for |Newest excerpts of |No excerpts)/;
  const captions = () => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .map(e => e.textContent);
  const parts = () => {
    const caps = captions();
    return {
      summary: caps.find(t => /mentions? · \d+ of 27 regions/.test(t)) || '',
      table: (document.querySelector('table.mm-table') || {}).textContent || '',
      excerpts: [...document.querySelectorAll('.mm-ex')].slice(0, 40)
        .map(e => e.textContent).join('\n'),
      excerptCaption: caps.find(t => EXCERPT_CAPTION.test(t)) || '',
    };
  };
  window.__mmParts = parts;
  window.__mmArm = (needs, pattern) => {
    window.__mmArmed = {needs, pattern, before: parts()};
    window.__mmAction = 0; window.__mmDone = 0; window.__mmIdle = 0;
  };
  const state = () => {
    const app = document.querySelector('[data-test-script-state]');
    return app ? app.getAttribute('data-test-script-state') : '';
  };
  const check = () => {
    const now = Date.now();
    const p = parts();
    if (!window.__mmSummary && p.summary) window.__mmSummary = now;
    if (!window.__mmExcerpts && p.excerptCaption && document.querySelector('.mm-ex'))
      window.__mmExcerpts = now;
    const armed = window.__mmArmed;
    if (armed && window.__mmAction && !window.__mmDone) {
      const changed = armed.needs.every(k => p[k] !== armed.before[k] && p[k] !== '');
      const matches = !armed.pattern || new RegExp(armed.pattern).test(p.excerptCaption);
      if (changed && matches) window.__mmDone = now;
    }
    if (armed && window.__mmDone && !window.__mmIdle && state() === 'notRunning')
      window.__mmIdle = now;
  };
  const act = () => {
    if (window.__mmArmed && !window.__mmAction) window.__mmAction = Date.now();
  };
  document.addEventListener('pointerdown', act, {capture: true});
  document.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === 'Backspace') act();
  }, {capture: true});
  document.addEventListener('DOMContentLoaded', () => new MutationObserver(check)
    .observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true}));
})();
"""
)

# Markers drawn in the map iframe: cluster icons, circle markers outside clusters (SVG
# paths that are not region shapes), and how many places the cluster icons stand for.
COUNT_MARKERS = """() => {
  const clusters = [...document.querySelectorAll('.marker-cluster')];
  return {
    clusters: clusters.length,
    circles: document.querySelectorAll('path.leaflet-interactive:not(.mm-region)').length,
    in_clusters: clusters.reduce((n, e) => n + (parseInt(e.textContent, 10) || 0), 0),
  };
}"""


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


# ------------------------------------------------------------------ the store


def schema_version(db: Path) -> int:
    """``PRAGMA user_version`` of ``db``, read without writing anything (``immutable``: no
    lock, no -shm/-wal file is created beside the store)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def ensure_store(args: argparse.Namespace) -> Path:
    """The store to measure: ``--db``, or ``WORKDIR/bench.sqlite`` (built when absent)."""
    from mentionmap.schema import SCHEMA_VERSION

    if args.db is not None:
        db = args.db
        if not db.is_file():
            raise SystemExit(f"no store at {db}")
    else:
        db = args.workdir / "bench.sqlite"
        if not db.is_file():
            print(f"building a {args.n:,}-article store in {args.workdir} (bench_ingest.py)")
            cmd = [
                sys.executable,
                str(REPO / "benchmarks" / "bench_ingest.py"),
                "--n",
                str(args.n),
                "--seed",
                "1",
                "--workdir",
                str(args.workdir),
                "--keep",
            ]
            subprocess.run(cmd, check=True)
    found = schema_version(db)
    if found != SCHEMA_VERSION:
        raise SystemExit(
            f"{db} has schema version {found}, this mentionmap reads {SCHEMA_VERSION}; the "
            "benchmark opens it read-only and cannot migrate it. Migrate a COPY: python -c "
            "\"from mentionmap.store import open_store; open_store('COPY').close()\""
        )
    return db


# ------------------------------------------------------------------ the browser


# WebSocket bytes the open tab received (one tab at a time); reset before each measure.
RECEIVED = [0]


def new_page(browser, blocked: list[str]):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(STAMPS)
    harness.block_external(context, blocked)
    page = context.new_page()

    def count(data: bytes | str) -> None:
        RECEIVED[0] += len(data)

    page.on("websocket", lambda ws: ws.on("framereceived", count))
    return context, page


def first_render(page, url: str) -> dict[str, float]:
    """Seconds from navigation to each part of the first render, and their maximum;
    ``map frame`` is when the map iframe started loading; ``KiB`` the WebSocket bytes."""
    RECEIVED[0] = 0
    page.goto(url, wait_until="commit")
    origin = page.evaluate("performance.timeOrigin")
    summary = page.wait_for_function("window.__mmSummary", timeout=WAIT_MS).json_value()
    excerpts = page.wait_for_function("window.__mmExcerpts", timeout=WAIT_MS).json_value()
    frame = page.locator(harness.MAP_IFRAME).element_handle(timeout=WAIT_MS).content_frame()
    drawn = frame.wait_for_function("window.__mmDrawn", timeout=WAIT_MS).json_value()
    parts = {"summary": summary, "excerpts": excerpts, "map": drawn}
    out = {name: (stamp - origin) / 1000 for name, stamp in parts.items()}
    out["all"] = max(out.values())
    out["map frame"] = (frame.evaluate("performance.timeOrigin") - origin) / 1000
    wait_idle(page)
    out["KiB"] = RECEIVED[0] / 1024
    return out


def wait_idle(page) -> None:
    """Until the script run has ended and the page stayed quiet for a moment."""
    page.wait_for_function(
        "document.querySelector('[data-test-script-state]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(300)


def timed(page, action, needs: list[str], pattern: str | None = None) -> tuple[float, float, float]:
    """(shown s, settled s, KiB received) of one change: arm the stamps, run ``action``,
    wait."""
    RECEIVED[0] = 0
    page.evaluate("([needs, pattern]) => window.__mmArm(needs, pattern)", [needs, pattern])
    action()
    done = page.wait_for_function("window.__mmDone", timeout=WAIT_MS).json_value()
    idle = page.wait_for_function("window.__mmIdle", timeout=WAIT_MS).json_value()
    start = page.evaluate("window.__mmAction")
    if not start:
        raise RuntimeError("the action was not stamped (no pointerdown/Enter reached the page)")
    wait_idle(page)
    return (done - start) / 1000, (idle - start) / 1000, RECEIVED[0] / 1024


def language_changes(page, reps: int, seen: set[tuple]) -> list[Change]:
    """Pick each language in turn and remove it again (back to all languages)."""
    out = []
    box = page.get_by_role("combobox", name="Languages")
    needs = ["summary", "table", "excerpts"]
    for _ in range(reps):
        for name in LANGS:
            box.click()
            option = page.get_by_role("option", name=name, exact=True)
            option.wait_for(timeout=WAIT_MS)
            view = ("lang", name)
            shown, settled, kib = timed(page, option.click, needs)
            out.append(Change(f"pick language {name}", view not in seen, shown, settled, kib))
            seen.add(view)
            page.keyboard.press("Escape")
            remove = page.get_by_role("button", name=f"Remove {name}")
            shown, settled, kib = timed(page, remove.click, needs)
            out.append(
                Change("remove it (all languages)", ("default",) not in seen, shown, settled, kib)
            )
            seen.add(("default",))
    return out


def keyword_changes(page, reps: int, seen: set[tuple]) -> list[Change]:
    """Type each keyword and press Enter, then clear the box and press Enter."""
    out = []
    box = page.get_by_role("textbox", name="Keyword in excerpts")
    needs = ["summary", "table", "excerpts"]
    for _ in range(reps):
        for word in KEYWORDS:
            box.fill(word)
            view = ("q", word)
            shown, settled, kib = timed(page, lambda: box.press("Enter"), needs)
            out.append(Change(f"keyword '{word}' + Enter", view not in seen, shown, settled, kib))
            seen.add(view)
            box.fill("")
            shown, settled, kib = timed(page, lambda: box.press("Enter"), needs)
            out.append(
                Change("clear keyword + Enter", ("default",) not in seen, shown, settled, kib)
            )
            seen.add(("default",))
    return out


def region_changes(page, reps: int, seen: set[tuple]) -> list[Change]:
    """Pick each region in the Region selectbox (type its code, click the option)."""
    from mentionmap.geocode import load_regions

    names = dict(zip(load_regions()["iso"], load_regions()["name_en"], strict=True))
    out = []
    box = page.get_by_role("combobox", name="Region")
    for _ in range(reps):
        for iso in REGIONS:
            name = names[iso]
            box.click()
            box.fill(iso)
            option = page.get_by_role("option", name=re.compile(rf"\({iso}\)"))
            option.wait_for(timeout=WAIT_MS)
            view = ("region", iso)
            pattern = rf"excerpts? for {re.escape(name)}"
            shown, settled, kib = timed(page, option.click, ["excerpts", "excerptCaption"], pattern)
            out.append(Change(f"region {name}", view not in seen, shown, settled, kib))
            seen.add(view)
    return out


def measure(db: Path, runs: int, reps: int) -> Figures:
    from playwright.sync_api import sync_playwright

    figures = Figures()
    env = {"MENTIONMAP_READ_ONLY": "1"}
    with harness.running_app(120, db=db, env=env) as url, sync_playwright() as pw:
        browser = harness.launch_browser(pw)
        for run in range(runs + 1):
            context, page = new_page(browser, figures.blocked)
            parts = first_render(page, url)
            print(
                f"  visit {run + 1}: summary {parts['summary']:.2f} s, excerpts "
                f"{parts['excerpts']:.2f} s, map iframe started {parts['map frame']:.2f} s, "
                f"map drawn {parts['map']:.2f} s; {parts['KiB']:.0f} KiB",
                flush=True,
            )
            if run == 0:
                figures.first_cold_s, figures.first_cold_parts = parts["all"], parts
                frame = page.locator(harness.MAP_IFRAME).element_handle().content_frame()
                figures.markers = frame.evaluate(COUNT_MARKERS)
                summary = page.evaluate("window.__mmParts().summary")
                numbers = re.findall(r"([\d,]+) (?:articles?|mentions?)", summary)
                figures.articles, figures.mentions = (int(n.replace(",", "")) for n in numbers)
            else:
                figures.first_warm_s.append(parts["all"])
                figures.first_warm_parts.append(parts)
            if run < runs:
                context.close()
        seen: set[tuple] = {("default",)}
        for step in (language_changes, keyword_changes, region_changes):
            for change in step(page, reps, seen):
                figures.changes.append(change)
                print(
                    f"  {change.what:<32} {'cold' if change.cold else 'warm'}: shown "
                    f"{change.shown_s:.2f} s, run ended {change.settled_s:.2f} s, "
                    f"{change.ws_kib:.0f} KiB",
                    flush=True,
                )
        context.close()
        browser.close()
    return figures


# ------------------------------------------------------------------ the report


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing store file (opened read-only)")
    ap.add_argument("--n", type=int, default=100_000, help="articles, when building a store")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/mm-bench-dashboard-store"))
    ap.add_argument("--runs", type=int, default=4, help="warm first renders (after the cold one)")
    ap.add_argument("--reps", type=int, default=2, help="passes over each filter's values")
    args = ap.parse_args(argv)
    db = ensure_store(args)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    figures = measure(db, max(args.runs, 1), max(args.reps, 1))
    report(figures, db, load_before, time.perf_counter() - t0)
    return 1 if figures.blocked else 0


if __name__ == "__main__":
    sys.exit(main())
