"""The dashboard's server app: found by `streamlit run`, warmed before it serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from streamlit.web.server.app_discovery import discover_asgi_app

REPO = Path(__file__).resolve().parent.parent
DASHBOARD = REPO / "dashboard.py"


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter (nothing imported yet) and read its JSON line."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_issue5_streamlit_run_finds_the_server_app_in_dashboard_py():
    found = discover_asgi_app(DASHBOARD)
    assert found.is_asgi_app
    assert found.app_name == "app"


def test_issue5_importing_dashboard_makes_the_app_and_draws_nothing():
    # what `streamlit run` does: import the file as a module (not __main__)
    out = _run(
        "import json, runpy, sys, streamlit as st\n"
        f"ns = runpy.run_path({str(DASHBOARD)!r}, run_name='dashboard')\n"
        "print(json.dumps({'app': type(ns.get('app')).__name__,\n"
        "  'page': 'mentionmap.ui_panels' in sys.modules}))"
    )
    assert out == {"app": "App", "page": False}


def test_issue5_server_start_up_imports_the_map_libraries_and_loads_the_regions():
    out = _run(
        "import asyncio, json, sys\n"
        "from mentionmap import ui, ui_server\n"
        "before = {m: m in sys.modules for m in ('pandas', 'folium', 'geopandas')}\n"
        "async def start():\n"
        "    async with ui_server.lifespan(None):\n"
        "        pass\n"
        "asyncio.run(start())\n"
        "after = {m: m in sys.modules for m in ('pandas', 'folium', 'geopandas')}\n"
        "print(json.dumps({'before': before, 'after': after,\n"
        "  'regions': ui._display_regions.cache_info().currsize,\n"
        "  'component': 'streamlit_folium' in sys.modules}))"
    )
    assert not any(out["before"].values())  # the test measures the start-up, not the import
    assert all(out["after"].values())
    assert out["regions"] == 1
    assert out["component"] is False  # a component imported outside a run is not registered


def _start_up_with(db: Path, read_only: bool) -> dict:
    env = f"os.environ['MENTIONMAP_DB'] = {str(db)!r}\n"
    if read_only:
        env += "os.environ['MENTIONMAP_READ_ONLY'] = '1'\n"
    return _run(
        "import asyncio, json, os\n" + env + "from mentionmap import ui_server\n"
        "from mentionmap.store import open_store\n"
        "async def start():\n"
        "    async with ui_server.lifespan(None):\n"
        "        pass\n"
        "asyncio.run(start())\n"
        "exists = os.path.exists(os.environ['MENTIONMAP_DB'])\n"
        "count = open_store(os.environ['MENTIONMAP_DB']).count()[0] if exists else None\n"
        "print(json.dumps({'exists': exists, 'articles': count}))"
    )


def test_issue5_server_start_up_gives_a_new_store_its_sample_article(tmp_path):
    assert _start_up_with(tmp_path / "new.sqlite", read_only=False) == {
        "exists": True,
        "articles": 1,
    }


def test_issue5_read_only_server_start_up_creates_no_store(tmp_path):
    db = tmp_path / "absent.sqlite"
    assert _start_up_with(db, read_only=True) == {"exists": False, "articles": None}
    assert not db.exists()
