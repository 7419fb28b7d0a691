"""The dashboard server's start-up: what ``dashboard.py``'s ``st.App`` does before it
answers the first request.

The first visit after a server start used to wait about 2 s (on a 2-CPU machine) for
pandas, folium and geopandas to import and for the region geometry to load, and, on a
brand-new store, another 2-3 s for the extractor to load and read the sample article.
The lifespan below does that work while the server starts, in a worker thread (the
event loop stays free), so the first visitor is served like any later one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from mentionmap import ui
from mentionmap.store import default_db_path, open_store


def prepare_default_store() -> None:
    """Give a new (empty) default store its sample article now; a read-only instance, or
    a store that already holds articles, is left alone. Failures are left for the page
    to report, where the user sees them."""
    if ui.read_only():
        return
    from mentionmap.ingest import ingest_sample_if_empty

    try:
        with open_store(default_db_path()) as store:
            ingest_sample_if_empty(store)
    except Exception:  # the page opens the same store and shows the error
        pass


def _start_up() -> None:
    ui.warm_up()
    ui.wait_warm()
    prepare_default_store()


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Warm the server (imports, region geometry, the default store's sample) before
    serving, then serve."""
    await asyncio.to_thread(_start_up)
    yield None
