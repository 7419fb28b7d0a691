"""The dashboard server's start-up: what ``dashboard.py``'s ``st.App`` does before it
answers the first request.

The first visit after a server start used to wait about 2 s (on a 2-CPU machine) for
pandas, folium and geopandas to import and for the region geometry to load. The
lifespan below does that work while the server starts, in a worker thread (the event
loop stays free), so the first visitor is served like any later one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from mentionmap import ui


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Warm the server (imports, region geometry) before serving, then serve."""
    ui.warm_up()
    await asyncio.to_thread(ui.wait_warm)
    yield None
