"""The dashboard's ingest helpers (issue 5) and the streamlit boundary of the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from test_dashboard import _app, _infos, _ok
from test_feeds import LocalSite

from mentionmap import fetchpolicy
from mentionmap.fetchpolicy import ENV_ALLOW_PRIVATE
from mentionmap.ingest import IngestSummary
from mentionmap.ui_ingest import FAILURES_SHOWN, _safe_name, parse_urls, summary_notice

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mentionmap"
UI_MODULES = {"ui.py", "ui_panels.py", "ui_ingest.py"}


def test_issue5_url_box_keeps_http_urls_once_and_reports_the_rest():
    text = (
        "https://example.org/feed.xml\n\n  http://example.org/a  \nftp://example.org/x\n"
        "javascript:alert(1)\nhttps://example.org/feed.xml\nexample.org/no-scheme"
    )
    urls, other = parse_urls(text)
    assert urls == ["https://example.org/feed.xml", "http://example.org/a"]
    assert other == ["ftp://example.org/x", "javascript:alert(1)", "example.org/no-scheme"]


def test_issue5_summary_names_uploads_as_uploaded_and_caps_the_failures():
    temp = "/tmp/mentionmap-upload-x/000-news.jsonl"
    failed = [(f"{temp}, line {i}", f"{temp}: malformed JSON") for i in range(1, 12)]
    notice = summary_notice(IngestSummary(3, 1, failed), "1 uploaded file", {temp: "news.jsonl"})
    lines = notice.split("  \n")
    assert lines[0] == "1 uploaded file: 3 added, 1 duplicate skipped, 11 failed."
    assert lines[1] == "• news.jsonl, line 1: news.jsonl: malformed JSON"
    assert len(lines) == 1 + FAILURES_SHOWN + 1
    assert lines[-1] == f"• … and {11 - FAILURES_SHOWN} more failures"
    assert "mentionmap-upload" not in notice


def test_issue5_uploaded_file_names_cannot_leave_the_temporary_folder():
    assert _safe_name("../../etc/passwd") == "passwd"
    assert _safe_name("..\\..\\boot.ini") == "boot.ini"
    assert _safe_name(".hidden.txt") == "hidden.txt"
    assert _safe_name("новини 1.jsonl") == "новини_1.jsonl"
    assert _safe_name('<img src=x onerror="1">.txt') == "_img_src_x_onerror_1_.txt"
    assert _safe_name("") == "upload" and _safe_name("...") == "upload"


def test_only_the_dashboard_layer_imports_streamlit():
    importers = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith(("streamlit.", "streamlit_")) for n in names):
                importers.add(path.name)
    assert importers == UI_MODULES


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The local site, a fresh writable store for the dashboard, no address override,
    and a connector that fails the test if anything but 127.0.0.1 is ever dialled."""
    monkeypatch.setenv("MENTIONMAP_DB", str(tmp_path / "store.sqlite"))
    monkeypatch.delenv("MENTIONMAP_READ_ONLY", raising=False)
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    real_connect = fetchpolicy.connect

    def local_only(family, sockaddr, timeout, source_address):
        assert sockaddr[0] == "127.0.0.1", f"the dashboard dialled {sockaddr[0]}"
        return real_connect(family, sockaddr, timeout, source_address)

    monkeypatch.setattr(fetchpolicy, "connect", local_only)
    s = LocalSite()
    yield s
    s.close()


def _fetch(urls: list[str]) -> str:
    """Type ``urls`` into the dashboard's URL box, press the button: the notices."""
    at = _app()
    at.text_area(key="mm_urls").input("\n".join(urls))
    next(b for b in at.button if b.label == "Fetch and add").click()
    at.run()
    _ok(at)
    return _infos(at)


def test_issue5_dashboard_refuses_internal_addresses_without_a_request(site: LocalSite):
    infos = _fetch([site.url("/feed.rss"), "http://169.254.169.254/latest/meta-data/"])
    assert "2 URLs: 0 added" in infos, infos
    assert f"{site.url('/feed.rss')}: refused: 127.0.0.1 is a loopback address" in infos
    assert "169.254.169.254 is the cloud metadata service" in infos
    assert f"{ENV_ALLOW_PRIVATE}=1" in infos
    assert not site.hits


def test_issue5_dashboard_fetches_private_addresses_when_the_environment_allows(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(ENV_ALLOW_PRIVATE, "1")
    infos = _fetch([site.url("/news/kherson.html")])
    assert "1 URL: 1 added" in infos, infos
    assert site.hits["/news/kherson.html"] == 1
