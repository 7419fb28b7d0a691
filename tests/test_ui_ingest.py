"""The dashboard's ingest helpers (issue 5) and the streamlit boundary of the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from test_dashboard import _app, _infos, _ok, _store_articles
from test_feeds import LocalSite

from mentionmap import fetchpolicy
from mentionmap.fetchpolicy import ENV_ALLOW_PRIVATE
from mentionmap.ingest import IngestSummary
from mentionmap.ui_ingest import (
    ENV_STORE_CHOOSER,
    ENV_STORE_DIR,
    FAILURES_SHOWN,
    StoreChoiceError,
    _safe_name,
    parse_urls,
    resolve_store_choice,
    store_label,
    summary_notice,
)

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mentionmap"
UI_MODULES = {"ui.py", "ui_store.py", "ui_panels.py", "ui_ingest.py", "ui_maplayers.py"}


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


# ------------------------------------------------------------------ the store setting


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A store folder with one SQLite store, a subfolder, a text file, and beside it (outside)
    a SQLite file and a folder that links point to."""
    inside = tmp_path / "stores"
    (inside / "team").mkdir(parents=True)
    (inside / "notes.sqlite").write_text("not SQLite " * 20)
    (inside / "readme.txt").write_text("hello")
    (inside / "dir.sqlite").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(100))
    (inside / "link.sqlite").symlink_to(outside / "secret.sqlite")
    (inside / "dangling.sqlite").symlink_to(outside / "new.sqlite")
    (inside / "out").symlink_to(outside, target_is_directory=True)
    (inside / "text.sqlite").symlink_to(inside / "readme.txt")
    return inside


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("../outside/secret.sqlite", "leads outside"),
        ("../escape.sqlite", "leads outside"),
        ("team/../../escape.sqlite", "leads outside"),
        ("{outside}/escape.sqlite", "leads outside"),
        ("/etc/passwd.db", "leads outside"),
        ("~/escape.sqlite", "leads outside"),
        ("link.sqlite", "leads outside"),  # a symlink to a store outside
        ("dangling.sqlite", "leads outside"),  # a symlink to a file that does not exist yet
        ("out/escape.sqlite", "leads outside"),  # a symlinked folder
        ("text.sqlite", "not ending in"),  # a symlink to a file with another suffix
        ("readme.txt", "does not end in"),
        ("team", "does not end in"),
        ("new.sqlite-journal", "does not end in"),
        ("missing/new.sqlite", "no subfolder missing"),
        ("notes.sqlite", "is not a SQLite file"),
        ("dir.sqlite", "is not a file"),
        ("a" * 300 + ".sqlite", "too long"),
        ("bad\x00name.sqlite", "null character"),
    ],
)
def test_issue5_store_setting_refuses_files_outside_its_folder(folder: Path, typed: str, why: str):
    typed = typed.replace("{outside}", str(folder.parent / "outside"))
    before = sorted(p.name for p in folder.parent.rglob("*"))
    with pytest.raises(StoreChoiceError, match=r"^Store not opened: ") as refused:
        resolve_store_choice(typed, folder)
    assert why in str(refused.value)
    told = str(refused.value).replace(repr(typed), "")  # what it says besides the input
    assert str(folder.parent) not in told  # no server folder in the message
    assert sorted(p.name for p in folder.parent.rglob("*")) == before


def test_issue5_store_setting_opens_names_inside_its_folder(folder: Path):
    root = folder.resolve()
    assert resolve_store_choice("  new.sqlite ", folder) == str(root / "new.sqlite")
    assert resolve_store_choice("team/b.DB", folder) == str(root / "team" / "b.DB")
    assert resolve_store_choice("team/../c.sqlite3", folder) == str(root / "c.sqlite3")
    assert resolve_store_choice(str(root / "team" / "d.db"), folder) == str(root / "team/d.db")
    (folder / "empty.sqlite").touch()  # an empty file becomes a store
    assert resolve_store_choice("empty.sqlite", folder) == str(root / "empty.sqlite")
    (folder / "alias.sqlite").symlink_to(folder / "team" / "real.sqlite")
    assert resolve_store_choice("alias.sqlite", folder) == str(root / "team" / "real.sqlite")
    assert resolve_store_choice("   ", folder) == ""  # the default store
    assert not (folder / "new.sqlite").exists()  # resolving creates nothing


def test_issue5_store_setting_without_a_folder_takes_any_path(tmp_path: Path):
    assert resolve_store_choice("~/any.txt", None) == str(Path.home() / "any.txt")
    assert resolve_store_choice(str(tmp_path / "x" / "y.bin"), None) == str(tmp_path / "x/y.bin")
    assert resolve_store_choice("", None) == ""


def test_issue5_store_label_shows_server_paths_only_on_an_open_laptop_setting(tmp_path: Path):
    path = str(tmp_path / "stores" / "team" / "a.sqlite")
    assert store_label(path, tmp_path / "stores", full=False) == "team/a.sqlite"
    assert store_label(path, None, full=True) == path
    assert store_label(path, None, full=False) == "a.sqlite"
    assert store_label(path, tmp_path / "elsewhere", full=False) == "a.sqlite"


@pytest.fixture
def hosted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable dashboard whose store setting is confined to ``tmp_path/stores``; its
    default store is in there too. Returns the store folder."""
    folder = tmp_path / "stores"
    folder.mkdir()
    monkeypatch.setenv("MENTIONMAP_DB", str(folder / "main.sqlite"))
    monkeypatch.setenv(ENV_STORE_DIR, str(folder))
    monkeypatch.delenv(ENV_STORE_CHOOSER, raising=False)
    monkeypatch.delenv("MENTIONMAP_READ_ONLY", raising=False)
    return folder


def _store_caption(at) -> str:
    return next(c.value for c in at.caption if "articles ·" in c.value).replace("\\", "")


def test_issue5_dashboard_refuses_a_store_outside_its_folder(hosted: Path, tmp_path: Path):
    at = _app()
    for typed in ("../escape.sqlite", str(tmp_path / "escape.sqlite")):
        at.text_input(key="mm_store_input").input(typed).run()
        _ok(at)
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and errors[0].startswith("Store not opened"), errors
        assert "leads outside the store folder" in errors[0].replace("\\", "")
        assert _store_caption(at).startswith("main.sqlite")  # still the default store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stores"]  # nothing created outside
    assert str(tmp_path) not in _store_caption(at)


def test_issue5_dashboard_opens_a_store_named_inside_its_folder(hosted: Path):
    at = _app()
    at.text_input(key="mm_store_input").input("team.sqlite").run()
    _ok(at)
    assert not at.error
    assert _store_caption(at).startswith("team.sqlite")
    assert _store_articles(hosted / "team.sqlite") == 1  # a new store gets the sample


def test_issue5_store_chooser_can_be_hidden(hosted: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV_STORE_CHOOSER, "0")
    monkeypatch.delenv(ENV_STORE_DIR)
    at = _app()
    assert not [t for t in at.text_input if t.key == "mm_store_input"]
    assert _store_caption(at).startswith("main.sqlite")  # the file name, not the server path
    assert str(hosted) not in _store_caption(at)
    assert [b for b in at.button if b.label == "Fetch and add"]  # the rest stays writable
