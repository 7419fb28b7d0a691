"""What ``bench_dashboard_store.py`` does in the dashboard's page, and the clock it reads.

The stamps (:data:`STAMPS`, JavaScript installed in every frame) record with the page's
``Date.now()`` when the first render's parts appear, when the user's action happens and
when the page shows its result; :func:`first_render` and :func:`timed` wait for them and
turn them into seconds, and :func:`language_changes`, :func:`keyword_changes` and
:func:`region_changes` drive the three filters, returning one
:class:`dashboard_report.Change` per action. :data:`RECEIVED` counts the WebSocket bytes
(KiB in the figures) the open tab received.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "benchmarks"))

import harness  # noqa: E402
from bench_dashboard import MAP_DRAWN_STAMP  # noqa: E402
from dashboard_report import Change  # noqa: E402

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
