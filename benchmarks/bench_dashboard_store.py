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

Here: the store and the measuring run. The stamps and the page's actions are in
``dashboard_page.py``, the figures and their table in ``dashboard_report.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "benchmarks"))

import harness  # noqa: E402

# The page's stamps and actions, and the figures' report. Scripts import this module and
# use these names (KEYWORDS, Figures, new_page, first_render, ...): all reachable from here.
from dashboard_page import (  # noqa: E402, F401
    COUNT_MARKERS,
    KEYWORDS,
    LANGS,
    RECEIVED,
    REGIONS,
    STAMPS,
    WAIT_MS,
    first_render,
    keyword_changes,
    language_changes,
    new_page,
    region_changes,
    timed,
    wait_idle,
)
from dashboard_report import (  # noqa: E402, F401
    FILTER_TARGET_S,
    FIRST_RENDER_TARGET_S,
    Change,
    Figures,
    report,
)

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
