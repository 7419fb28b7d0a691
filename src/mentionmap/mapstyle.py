"""Map styling as data: mention-count classes, their YlOrRd colours, the escaped
tooltip, popup and legend HTML, the background and border colours, the CSS classes of
the map's layers and the map's stylesheet. Pure (no folium); :mod:`mentionmap.mapview`
and :mod:`mentionmap.mapoverlay` draw with it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np

# ColorBrewer YlOrRd, 9 classes (Cynthia Brewer, Penn State; Apache-2.0 licence).
YLORRD_9 = (
    "#ffffcc",
    "#ffeda0",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#fc4e2a",
    "#e31a1c",
    "#bd0026",
    "#800026",
)
NEUTRAL_FILL = "#f3f1ec"  # regions with no mention
MAX_CLASSES = 6

NEIGHBOUR_FILL = "#e2e0db"  # neighbouring countries (offline background)
SEA_COLOUR = "#cfe2ee"  # map background = sea
BORDER_COLOUR = "#6b7280"

REGION_CLASS = "mm-region"  # CSS class on every region <path>, for tests and styling
NEIGHBOUR_CLASS = "mm-neighbour"
SELECTED_CLASS = "mm-selected"  # CSS class of the selected region's outline

# The map page's own CSS (added to its <head>): sea background, legend, tooltips, clusters.
STYLESHEET = f"""
<style>
.leaflet-container {{ background: {SEA_COLOUR}; font: 13px/1.4 system-ui, sans-serif; }}
.mm-legend {{ background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); line-height: 17px; color: #1f2933;
  font-size: 12px; }}
.mm-legend-title {{ font-weight: 600; margin-bottom: 3px; }}
.mm-legend i {{ display: inline-block; width: 16px; height: 12px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid {BORDER_COLOUR}; }}
.leaflet-tooltip, .leaflet-popup-content {{ font-size: 13px; line-height: 1.35; }}
.leaflet-tooltip table, .leaflet-popup-content table {{ border-collapse: collapse; }}
.leaflet-tooltip td, .leaflet-popup-content td {{ padding: 0; }}
.leaflet-control-attribution, .leaflet-control-scale-line {{ font-size: 11px; }}
.marker-cluster-small, .marker-cluster-medium, .marker-cluster-large {{
  background-color: rgba(31, 41, 51, .30); }}
.marker-cluster-small div, .marker-cluster-medium div, .marker-cluster-large div {{
  background-color: rgba(31, 41, 51, .88); color: #fff; font-weight: 600; }}
path.{REGION_CLASS}:hover {{ stroke-width: 2.5px; stroke: #111827; }}
</style>
"""


def count_classes(max_count: int, n_classes: int = MAX_CLASSES) -> list[tuple[int, int]]:
    """Split mention counts 1..``max_count`` into inclusive integer ranges for the legend.

    One class per value up to ``n_classes``; above that, geometric breaks, because
    news counts are skewed (one region often dominates). Returns [] for 0.
    """
    if max_count <= 0:
        return []
    if max_count <= n_classes:
        return [(v, v) for v in range(1, max_count + 1)]
    uppers: list[int] = []
    for i in range(1, n_classes + 1):
        upper = max(1, math.ceil(max_count ** (i / n_classes)))
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    uppers[-1] = max_count
    lows = [1] + [u + 1 for u in uppers[:-1]]
    return list(zip(lows, uppers, strict=True))


def class_colours(n: int) -> list[str]:
    """``n`` YlOrRd colours, light to dark, spread over the palette (palest step skipped)."""
    if n <= 0:
        return []
    if n == 1:
        return [YLORRD_9[5]]
    idx = np.rint(np.linspace(2, 8, n)).astype(int)
    return [YLORRD_9[i] for i in idx]


def fill_colour(count: int, classes: Sequence[tuple[int, int]]) -> str:
    """Fill colour for a region with ``count`` mentions (neutral when 0)."""
    if count <= 0 or not classes:
        return NEUTRAL_FILL
    colours = class_colours(len(classes))
    for (_low, high), colour in zip(classes, colours, strict=True):
        if count <= high:
            return colour
    return colours[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def tooltip_html(name: str, mentions: int, documents: int) -> str:
    """Escaped tooltip: region name, mention and article counts."""
    counts = (
        f"{_plural(mentions, 'mention')} in {_plural(documents, 'article')}"
        if mentions
        else "no mentions"
    )
    return f"<b>{html.escape(name)}</b><br>{counts}"


def popup_html(name: str, local_name: str, mentions: int, documents: int, status: str) -> str:
    """Escaped popup: the tooltip text plus the local name and the status note."""
    parts = [tooltip_html(name, mentions, documents)]
    if local_name:
        parts.insert(1, f"<br><span style='color:#555'>{html.escape(local_name)}</span>")
    if status and status.lower() != "none":
        parts.append(f"<p style='margin:6px 0 0;max-width:240px'>{html.escape(status)}</p>")
    return "".join(parts)


def legend_html(classes: Sequence[tuple[int, int]]) -> str:
    """Legend body: one swatch per count class plus the neutral 'none' swatch."""
    rows = []
    for (low, high), colour in zip(classes, class_colours(len(classes)), strict=True):
        label = str(low) if low == high else f"{low}–{high}"
        rows.append((colour, label))
    rows.append((NEUTRAL_FILL, "none"))
    items = "".join(
        f"<div><i style='background:{html.escape(c)}'></i>{html.escape(label)}</div>"
        for c, label in rows
    )
    return f"<div class='mm-legend-title'>Mentions</div>{items}"
