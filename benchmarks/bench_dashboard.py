"""Dashboard speed and payload (issue 3), measured in Debian's Chromium on this machine.

Prints: time from navigation to the map drawn (27 region shapes), time from a click on
Donetsk to its excerpts listed, and the size of what the map sends (component args,
embedded GeoJSON, WebSocket bytes, vendored scripts). Targets: < 3 s and < 1 s.

Usage: python benchmarks/bench_dashboard.py [--runs N]
Clock: the browser's own (``Date.now()``), stamped in the page by a MutationObserver and
in the map iframe by a pointerdown listener (no Playwright polling in the figures).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

import harness  # noqa: E402

# Installed in every frame before it loads; stamps use the browser clock (ms). Top page:
# when the map iframe gets its height and when Donetsk's excerpts are listed (a
# MutationObserver). Map iframe: when the 27 region shapes exist (a 10 ms timer; the
# iframe reuses the window of its initial about:blank, so no document observer).
# "Map visible" is the later of "iframe has its height" and "27 shapes drawn".
# The map iframe's part (shared with bench_dashboard_store.py): stamp __mmDrawn when the 27
# region shapes exist, then stop.
MAP_DRAWN_STAMP = """
  if (window.top !== window) {
    const timer = setInterval(() => {
      if (document.querySelectorAll('path.mm-region').length >= 27) {
        window.__mmDrawn = Date.now();
        clearInterval(timer);
      }
    }, 10);
    return;
  }
"""
STAMPS = (
    "(() => {"
    + MAP_DRAWN_STAMP
    + """
  const marks = {
    __mmVisible: () => {
      const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
      return f && f.getBoundingClientRect().height > 100;
    },
    __mmDonetsk: () => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
      .some(e => /excerpts? for Donetsk Oblast/.test(e.textContent)),
  };
  const check = () => {
    for (const [name, test] of Object.entries(marks)) {
      if (!window[name] && test()) window[name] = Date.now();
    }
  };
  document.addEventListener('DOMContentLoaded', () => new MutationObserver(check)
    .observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true}));
})();
"""
)
ARM_CLICK = """() => { window.__mmClick = 0; document.addEventListener('pointerdown',
    () => { window.__mmClick = Date.now(); }, {capture: true, once: true}); }"""


def map_payload() -> dict[str, int]:
    """Bytes of what st_folium sends for the sample corpus (computed as st_folium does)."""
    import streamlit_folium as sf

    from mentionmap import articles, geocode, mapassets, mapoverlay, mapview, mentions
    from mentionmap.datafiles import SAMPLE_ARTICLE

    article = articles.load_path(SAMPLE_ARTICLE).articles[0]
    frame = geocode.mentions_frame((article.id, m) for m in mentions.extract_mentions(article.text))
    regions = geocode.region_summary(
        frame, regions=mapoverlay.display_geometry(geocode.load_regions())
    )
    base = mapview.build_base_map(geocode.load_neighbours())
    overlay = mapoverlay.build_overlay(regions, geocode.place_summary(frame))
    geojson = mapview.geojson_bytes(mapview.build_map(regions, None, geocode.load_neighbours()))
    base.get_root().render()
    html, header = sf._get_html(base), sf._get_header(base)
    script = sf._get_map_string(base)
    overlay_js = sf._get_feature_group_string(overlay, base)
    static = sum(
        (REPO / "static" / url.removeprefix(mapassets.STATIC_URL + "/")).stat().st_size
        for url in mapassets.asset_urls(base)
    )
    return {
        "base map script": len(script.encode()),
        "overlay script (choropleth + legend)": len(overlay_js.encode()),
        "header + html": len((header + html).encode()),
        "component args total": len((script + overlay_js + header + html).encode()),
        "embedded GeoJSON (regions + neighbours)": geojson,
        "vendored JS/CSS (loaded once, cacheable)": static,
    }


def measure(runs: int) -> tuple[list[float], list[float], list[int], list[int]]:
    """(load seconds, click seconds, WebSocket bytes per load, per click), run 0 = cold."""
    from playwright.sync_api import sync_playwright

    from mentionmap.geocode import load_regions

    donetsk = load_regions().set_index("iso").geometry["UA-14"].representative_point()
    loads, clicks, ws_load, ws_click = [], [], [], []
    with harness.running_app() as url, sync_playwright() as pw:
        browser = harness.launch_browser(pw)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_init_script(STAMPS)
            blocked: list[str] = []
            harness.block_external(context, blocked)
            page = context.new_page()
            received = [0]
            page.on(
                "websocket",
                lambda ws, received=received: ws.on(
                    "framereceived", lambda data: received.__setitem__(0, received[0] + len(data))
                ),
            )
            page.goto(url, wait_until="commit")
            origin = page.evaluate("performance.timeOrigin")
            visible = page.wait_for_function("window.__mmVisible", timeout=120_000).json_value()
            frame = page.locator(harness.MAP_IFRAME).element_handle().content_frame()
            drawn = frame.wait_for_function("window.__mmDrawn", timeout=120_000).json_value()
            loads.append((max(visible, drawn) - origin) / 1000)
            print(
                f"  run {len(loads)}: iframe sized {(visible - origin) / 1000:.2f} s, "
                f"27 shapes drawn {(drawn - origin) / 1000:.2f} s"
            )
            page.wait_for_load_state("networkidle")
            ws_load.append(received[0])

            received[0] = 0
            frame.evaluate(ARM_CLICK)
            x, y = harness.screen_point(page, donetsk.y, donetsk.x)
            page.mouse.click(x, y)
            listed = page.wait_for_function("window.__mmDonetsk", timeout=60_000).json_value()
            clicks.append((listed - frame.evaluate("window.__mmClick")) / 1000)
            page.wait_for_load_state("networkidle")
            ws_click.append(received[0])
            context.close()
            assert not blocked, f"requests left localhost: {blocked}"
        browser.close()
    return loads, clicks, ws_load, ws_click


def _stats(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6, help="page loads; the first is cold")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    loads, clicks, ws_load, ws_click = measure(max(args.runs, 2))
    print(f"navigation -> map drawn, cold (first visit after server start): {loads[0]:.2f} s")
    print(f"navigation -> map drawn, warm ({len(loads) - 1} runs): {_stats(loads[1:])}")
    print(f"click on Donetsk -> its excerpts listed ({len(clicks)} runs): {_stats(clicks)}")
    print(
        f"WebSocket bytes received: page load {statistics.median(ws_load) / 1024:.1f} KiB, "
        f"click rerun {statistics.median(ws_click) / 1024:.1f} KiB (medians)"
    )
    for name, size in map_payload().items():
        print(f"{name}: {size / 1024:.1f} KiB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
