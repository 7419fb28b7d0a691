"""The timeline chart: mentions per region per day or Monday-week, as an Altair chart.

Input is :meth:`mentionmap.queries.StoreQueries.timeline` output (columns ``period``
datetime64, ``region`` ISO 3166-2:UA code, ``mentions``, ``documents``). Without a
selected region the chart shows the ``top`` regions by mentions plus one "Other regions"
series (region code ""); with one, only that region. Clicking a line selects its region
through the point selection :data:`SELECTION` on the ``region`` field; zoom and pan act on
the x axis only (interval :data:`ZOOM` bound to the scales). Data is embedded inline.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

TOP_REGIONS = 6
OTHER = ""  # region code of the summed "other regions" series
OTHER_NAME = "Other regions"
SELECTION = "region"  # name of the click selection; st.altair_chart(selection_mode=SELECTION)
ZOOM = "zoom"  # name of the x zoom/pan interval (not a region choice)
HEIGHT = 220  # pixels
COLUMNS = ("period", "region", "mentions", "documents")
_FREQ = {"D": "D", "W": "W-MON"}  # pandas date_range frequency per timeline bucket


def timeline_frame(
    frame: pd.DataFrame, *, region: str | None, top: int = TOP_REGIONS, freq: str | None = None
) -> pd.DataFrame:
    """The series to draw, with missing periods filled with 0 so lines fall to zero.

    ``region`` None: the ``top`` regions by total mentions (ties by code) and the rest
    summed into region "" (:data:`OTHER`; its ``documents`` is the sum over those regions,
    so an article naming two of them counts twice). ``region`` set: only that region.
    Every series gets every period from the first to the last period of the kept rows:
    each day for ``freq`` "D", each Monday for "W"; ``freq`` None infers it (weeks when
    the periods are Mondays whole weeks apart, else days; pass it when known).
    Columns: period, region, mentions, documents; sorted by series rank, then period.
    """
    if frame.empty:
        return _empty()
    rows = frame.loc[:, list(COLUMNS)]
    if region is not None:
        rows = rows[rows["region"] == region]
    if rows.empty:
        return _empty()
    rows = rows.assign(period=pd.to_datetime(rows["period"]).dt.normalize())
    if region is None:
        totals = rows.groupby("region")["mentions"].sum().reset_index()
        totals = totals.sort_values(["mentions", "region"], ascending=[False, True])
        kept = list(totals["region"].head(max(top, 0)))
        rest = ~rows["region"].isin(kept)
        if rest.any():
            rows = rows.assign(region=rows["region"].where(~rest, OTHER))
            kept.append(OTHER)
    else:
        kept = [region]
    summed = rows.groupby(["region", "period"], as_index=False)[["mentions", "documents"]].sum()
    periods = pd.date_range(
        summed["period"].min(), summed["period"].max(), freq=_FREQ[freq or _infer_freq(summed)]
    )
    summed = summed.set_index(["region", "period"])
    grid = pd.MultiIndex.from_product([kept, periods], names=["region", "period"])
    # the union keeps any period off the grid (a frame not bucketed as ``freq`` says)
    filled = summed.reindex(grid.union(summed.index, sort=False)).fillna(0).astype("int64")
    filled = filled.reset_index()
    rank = filled["region"].map({code: i for i, code in enumerate(kept)})
    filled = filled.assign(rank=rank).sort_values(["rank", "period"], kind="stable")
    return filled.loc[:, list(COLUMNS)].reset_index(drop=True)


def timeline_chart(
    frame: pd.DataFrame,
    names: Mapping[str, str],
    *,
    region: str | None,
    freq: str = "W",
    top: int = TOP_REGIONS,
) -> alt.Chart | None:
    """A line chart (with points) of mentions per period, one line per series of
    :func:`timeline_frame`, coloured by region name (``names``: ISO code -> English name;
    a code without a name is shown as the code). None when there is nothing to draw.

    Interactions: click a line or point to select its region (point selection
    :data:`SELECTION` on field ``region``; the other lines fade; the "Other regions"
    series has code ""), drag or scroll to pan and zoom the time axis (:data:`ZOOM`).
    """
    data = timeline_frame(frame, region=region, top=top, freq=freq)
    if data.empty:
        return None
    order = list(dict.fromkeys(data["region"]))
    label = {code: OTHER_NAME if code == OTHER else names.get(code, code) for code in order}
    data = data.assign(name=data["region"].map(label))
    period_title = "Day" if freq == "D" else "Week of"

    pick = alt.selection_point(name=SELECTION, fields=["region"], on="click")
    zoom = alt.selection_interval(name=ZOOM, encodings=["x"], bind="scales")
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=period_title, axis=_period_axis(data["period"], freq)),
            y=alt.Y("mentions:Q", title="Mentions"),
            color=alt.Color(
                "name:N",
                title="Region",
                sort=[label[code] for code in order],
            ),
            detail="region:N",
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("name:N", title="Region"),
                alt.Tooltip("period:T", title=period_title, format="%d %b %Y"),
                alt.Tooltip("mentions:Q", title="Mentions"),
                alt.Tooltip("documents:Q", title="Articles"),
            ],
        )
        .add_params(pick, zoom)
        .properties(height=HEIGHT, width="container")
    )


def _period_axis(periods: pd.Series, freq: str) -> alt.Axis:
    """The time axis. Weeks get their Mondays as ticks (Vega's week interval starts on
    Sunday); days get Vega's automatic ticks. The year is shown when the span crosses one."""
    first, last = periods.min(), periods.max()
    fmt = "%d %b" if first.year == last.year else "%d %b %Y"
    if freq != "W":
        return alt.Axis(format=fmt, labelOverlap=True)
    mondays = sorted(set(periods))
    ticks = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in mondays]
    return alt.Axis(format=fmt, values=ticks, labelOverlap=True)


def selected_region(selection: Mapping[str, object] | None) -> str | None:
    """The region code clicked in the chart, from Streamlit's selection state
    (``event.selection``: ``{"region": [{"region": "UA-14"}], ...}``); None when nothing
    or the "Other regions" series is selected."""
    if not selection:
        return None
    picked = selection.get(SELECTION)
    if not isinstance(picked, list) or not picked or not isinstance(picked[-1], Mapping):
        return None
    code = picked[-1].get("region")
    return code if isinstance(code, str) and code != OTHER else None


def _infer_freq(frame: pd.DataFrame) -> str:
    """ "W" when the periods are Mondays whole weeks apart (at least two), else "D"."""
    days = pd.Series(frame["period"].drop_duplicates().sort_values())
    if not (days.dt.day_of_week == 0).all():
        return "D"
    gaps = days.diff().dropna().dt.days
    return "W" if len(gaps) and (gaps % 7 == 0).all() else "D"


def _empty() -> pd.DataFrame:
    """A frame with no rows and the output columns and dtypes."""
    return pd.DataFrame(
        {
            "period": pd.Series(dtype="datetime64[ns]"),
            "region": pd.Series(dtype="object"),
            "mentions": pd.Series(dtype="int64"),
            "documents": pd.Series(dtype="int64"),
        }
    )
