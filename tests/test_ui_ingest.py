"""The dashboard's ingest helpers (issue 5) and the streamlit boundary of the package."""

from __future__ import annotations

import ast
from pathlib import Path

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
