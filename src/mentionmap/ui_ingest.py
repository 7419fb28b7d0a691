"""Streamlit layer of the dashboard, part 3: adding articles to the store, and the store
setting. Hidden on a read-only instance (``$MENTIONMAP_READ_ONLY``).

Every addition goes through :func:`mentionmap.ingest.ingest` (or ``Store.add_article``
for pasted text) on a connection of its own, so the other sessions keep reading the
shared one. Fetches (typed URLs, and the links of typed or uploaded feeds) reach public
addresses only, unless ``$MENTIONMAP_ALLOW_PRIVATE_URLS`` allows private ones: see
:func:`mentionmap.fetchpolicy.dashboard_policy`. Long batches show a progress bar with
counts; the closing summary (added, duplicates, failed with reasons) stays on the page as
a notice after the rerun.

The "Store" setting opens another store file for this session. By default (a laptop) it
takes any path; ``$MENTIONMAP_STORE_DIR`` confines it to files inside one folder, and
``$MENTIONMAP_STORE_CHOOSER=0`` hides it, pinning the store to ``$MENTIONMAP_DB``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from mentionmap import articles, fetchpolicy, ui
from mentionmap.ingest import IngestProgress, IngestSummary, ingest
from mentionmap.mentions import extract_mentions
from mentionmap.store import open_store

UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv", "xml", "rss", "atom"]
URLS_MAX = 50  # URLs taken from the box in one go
FAILURES_SHOWN = 8

K_SEEN_UPLOADS = "mm_seen_uploads"  # uploader file ids already ingested
K_UPLOADER = "mm_uploader"
K_URLS = "mm_urls"
K_FETCH = "mm_fetch"  # the URL box's text when its button was pressed (set by its callback)
K_PASTE_TEXT = "mm_paste_text"
K_PASTE_TITLE = "mm_paste_title"
K_STORE_INPUT = "mm_store_input"
K_STORE_REFUSED = "mm_store_refused"  # why the last store choice was refused (one run)

ENV_STORE_DIR = "MENTIONMAP_STORE_DIR"  # confines the "Store" setting to this folder
ENV_STORE_CHOOSER = "MENTIONMAP_STORE_CHOOSER"  # 0/false/no/off hides the "Store" setting
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")  # names the confined setting accepts
STORE_NAME_MAX = 200  # characters of a confined store name
SQLITE_HEADER = b"SQLite format 3\x00"

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SAFE_NAME = re.compile(r"[^\w.\-]+")


def summary_notice(
    summary: IngestSummary, what: str, names: Mapping[str, str] | None = None
) -> str:
    """The closing summary of a batch as one notice: counts, then each failure and why.
    ``names`` maps temporary paths to the names the user knows (uploads)."""

    def named(text: str) -> str:
        for path, name in (names or {}).items():
            text = text.replace(path, name)
        return text

    lines = [f"{what}: {summary.describe()}."]
    for source, reason in summary.failed[:FAILURES_SHOWN]:
        lines.append(f"• {named(source)}: {named(reason)}")
    if len(summary.failed) > FAILURES_SHOWN:
        lines.append(f"• … and {len(summary.failed) - FAILURES_SHOWN} more failures")
    return "  \n".join(lines)


def run_batch(
    sources: list[str],
    what: str,
    names: Mapping[str, str] | None = None,
    workers: int | None = 0,
) -> IngestSummary:
    """Ingest ``sources`` into this session's store with a progress bar and counts; the
    summary becomes a notice (see :func:`summary_notice`). ``workers``: None lets a large
    batch use a process per core (see :func:`mentionmap.ingest.ingest`). URLs, and the
    links of feeds, are fetched under :func:`mentionmap.fetchpolicy.dashboard_policy`."""
    policy = fetchpolicy.dashboard_policy()
    with st.status(f"{what}…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")

        def progress(p: IngestProgress) -> None:
            share = p.done / p.total if p.total else 1.0
            bar.progress(
                min(share, 1.0),
                text=f"{p.done}/{p.total} sources · {p.added} added · "
                f"{p.duplicates} duplicates · {p.failed} failed",
            )

        with open_store(ui.store_path()) as store:
            summary = ingest(sources, store, progress=progress, workers=workers, policy=policy)
        state = "error" if summary.failed and not summary.added else "complete"
        status.update(label=f"{what}: {summary.describe()}", state=state, expanded=False)
    ui.notify(summary_notice(summary, what, names))
    return summary


# ------------------------------------------------------------------ paste


def _paste_submitted() -> None:
    text = st.session_state.get(K_PASTE_TEXT, "")
    title = st.session_state.get(K_PASTE_TITLE, "").strip()
    if not text.strip():
        ui.notify("Nothing to add: the text box is empty.")
        return
    article = articles.article_from_text(text, title or None, id="pasted")
    with open_store(ui.store_path()) as store:
        added = store.add_article(article, extract_mentions(article.text, lang=article.lang))
        if added:
            store.index_excerpts()
    ui.notify("Pasted article added." if added else "That text is already stored.")


def paste_form() -> None:
    """Paste text (and an optional title) as a new article."""
    with st.form("mm_paste", clear_on_submit=True, border=False):
        st.text_area(
            "Paste article text",
            key=K_PASTE_TEXT,
            height=110,
            placeholder="Paste the text of a news article (English, Ukrainian or Russian)",
        )
        st.text_input("Title (optional)", key=K_PASTE_TITLE)
        st.form_submit_button("Add article", on_click=_paste_submitted, type="primary")


# ------------------------------------------------------------------ files


def _safe_name(name: str) -> str:
    """A file name safe to write in our temporary folder (the extension is kept)."""
    base = Path(name.replace("\\", "/")).name
    return _SAFE_NAME.sub("_", base).lstrip(".")[:120] or "upload"


def upload_widget() -> None:
    """Uploader (several files, any format the loaders read); new files are ingested."""
    files = st.file_uploader(
        "Upload articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=K_UPLOADER,
        help="Plain text, Markdown, HTML, JSON, JSON Lines, CSV (fields: text, title, "
        "source, url, published, lang) or an RSS/Atom feed file.",
    )
    seen: set[str] = st.session_state.setdefault(K_SEEN_UPLOADS, set())
    new = [f for f in files or [] if f.file_id not in seen]
    if not new:
        return
    seen.update(f.file_id for f in new)
    with tempfile.TemporaryDirectory(prefix="mentionmap-upload-") as folder:
        paths, names = [], {}
        for i, upload in enumerate(new):
            path = Path(folder) / f"{i:03d}-{_safe_name(upload.name)}"
            path.write_bytes(upload.getvalue())
            paths.append(str(path))
            names[str(path)] = upload.name
        what = f"{len(new)} uploaded file{'s' * (len(new) != 1)}"
        run_batch(paths, what, names, workers=None)
    st.rerun()


# ------------------------------------------------------------------ feeds and URLs


def parse_urls(text: str) -> tuple[list[str], list[str]]:
    """(http(s) URLs, other non-empty lines) of the URL box, URLs deduplicated in order."""
    urls: list[str] = []
    other: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _URL.fullmatch(line):
            if line not in urls:
                urls.append(line)
        else:
            other.append(line)
    return urls, other


def _address_note(policy: fetchpolicy.FetchPolicy) -> str:
    """What the URL box's help says about the addresses this instance fetches."""
    if policy.allow_private:
        return (
            f"This instance also fetches private addresses ({fetchpolicy.ENV_ALLOW_PRIVATE}"
            " is set): keep it to your own machine or network."
        )
    return (
        "Only public addresses are fetched: local and private-network ones (127.0.0.1, "
        f"10.x, 192.168.x, …) need {fetchpolicy.ENV_ALLOW_PRIVATE}=1 where the dashboard runs."
    )


def _fetch_pressed() -> None:
    """Button callback: take the box's text for this run and empty the box."""
    st.session_state[K_FETCH] = st.session_state.get(K_URLS, "")
    st.session_state[K_URLS] = ""


def url_form() -> None:
    """Feed or article URLs, one per line; feeds are read entry by entry."""
    st.text_area(
        "Feed or article URLs",
        key=K_URLS,
        height=80,
        placeholder="https://example.org/feed.xml\nhttps://example.org/news/article-1",
        help="One per line. RSS/Atom feeds add each of their entries; article pages are "
        "fetched and their main text extracted. Each request times out after a while and "
        "large pages are refused. " + _address_note(fetchpolicy.dashboard_policy()),
    )
    st.button("Fetch and add", key="mm_fetch_button", on_click=_fetch_pressed)
    pending = st.session_state.pop(K_FETCH, None)
    if pending is None:
        return
    urls, other = parse_urls(pending)
    for line in other[:5]:
        ui.notify(f"Not a web address (http or https), skipped: {line[:80]}")
    if not urls:
        ui.notify("No http(s) URL in the box.")
        st.rerun()
    if len(urls) > URLS_MAX:
        ui.notify(f"Only the first {URLS_MAX} of {len(urls)} URLs were taken.")
        urls = urls[:URLS_MAX]
    run_batch(urls, f"{len(urls)} URL{'s' * (len(urls) != 1)}")
    st.rerun()


# ------------------------------------------------------------------ the store setting


class StoreChoiceError(ValueError):
    """A store file the "Store" setting refuses to open; the message is for the visitor."""


def store_folder() -> Path | None:
    """``$MENTIONMAP_STORE_DIR`` (``~`` expanded; relative to the working folder), or None
    when unset: the folder the "Store" setting is confined to."""
    folder = os.environ.get(ENV_STORE_DIR, "").strip()
    return Path(folder).expanduser() if folder else None


def store_chooser_shown() -> bool:
    """False on a read-only instance and when ``$MENTIONMAP_STORE_CHOOSER`` is
    0/false/no/off: the store is then pinned to ``$MENTIONMAP_DB``."""
    if ui.read_only():
        return False
    return os.environ.get(ENV_STORE_CHOOSER, "").strip().lower() not in ("0", "false", "no", "off")


def _refuse(reason: str) -> StoreChoiceError:
    return StoreChoiceError(
        f"Store not opened: {reason}. Type a file name inside this instance's store folder, "
        f"ending in {', '.join(STORE_SUFFIXES)} (for example team.sqlite); it is created if "
        "missing."
    )


def resolve_store_choice(text: str, folder: Path | None) -> str:
    """The store file the "Store" setting opens for the typed ``text``: "" (the default
    store) when empty, else an absolute path.

    ``folder`` None (no ``$MENTIONMAP_STORE_DIR``): any path the server can write, ``~``
    expanded. With a ``folder``, the path (relative paths start there) must resolve,
    symlinks followed, to a file inside it, in a subfolder that already exists, with a
    name ending in one of :data:`STORE_SUFFIXES`; an existing file must be a regular
    SQLite file. Anything else raises :class:`StoreChoiceError` and touches no file."""
    text = text.strip()
    if not text:
        return ""
    if folder is None:
        return str(Path(text).expanduser())
    if len(text) > STORE_NAME_MAX or "\x00" in text:
        raise _refuse("that name is too long or holds a null character")
    if not text.lower().endswith(STORE_SUFFIXES):
        raise _refuse(f"{text!r} does not end in {', '.join(STORE_SUFFIXES)}")
    try:
        root = folder.resolve()
        target = (root / Path(text).expanduser()).resolve()  # an absolute text replaces root
    except (OSError, RuntimeError, ValueError):  # symlink loop, unreadable path
        raise _refuse(f"{text!r} cannot be resolved") from None
    if not root.is_dir():
        raise _refuse("this instance's store folder does not exist")
    if target == root or not target.is_relative_to(root):
        raise _refuse(f"{text!r} leads outside the store folder")
    if not target.name.lower().endswith(STORE_SUFFIXES):  # a link to another kind of file
        raise _refuse(f"{text!r} leads to a file not ending in {', '.join(STORE_SUFFIXES)}")
    if not target.parent.is_dir():
        raise _refuse(f"the store folder has no subfolder {target.parent.relative_to(root)}")
    if target.exists():
        if not target.is_file():
            raise _refuse(f"{text!r} is not a file")
        with target.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            raise _refuse(f"{text!r} is not a SQLite file")
    return str(target)


def store_label(path: str, folder: Path | None, full: bool) -> str:
    """How the "Store" panel names ``path``: relative to ``folder`` when inside it, the
    full path when ``full`` (a laptop: the open chooser, no folder), else the file name only,
    so a hosted instance does not show its server's folders."""
    if folder is not None:
        with contextlib.suppress(OSError, ValueError):
            return Path(path).resolve().relative_to(folder.resolve()).as_posix()
    return path if full else Path(path).name


def _store_chosen() -> None:
    chosen = str(st.session_state.get(K_STORE_INPUT, ""))
    try:
        st.session_state[ui.K_STORE] = resolve_store_choice(chosen, store_folder())
    except StoreChoiceError as exc:
        st.session_state[K_STORE_REFUSED] = str(exc)


def store_setting(counts: tuple[int, int]) -> None:
    """Which store file this session reads and writes (default ``$MENTIONMAP_DB``);
    ``counts`` are the store's (articles, mentions). The chooser is hidden on a read-only
    instance and with ``$MENTIONMAP_STORE_CHOOSER=0``, and confined to
    ``$MENTIONMAP_STORE_DIR`` when that is set (see :func:`resolve_store_choice`)."""
    n_articles, n_mentions = counts
    folder = store_folder()
    chooser = store_chooser_shown()
    label = store_label(ui.store_path(), folder, full=chooser and folder is None)
    with st.expander("Store"):
        st.caption(f"{ui.md_escape(label)}  \n{n_articles:,} articles · {n_mentions:,} mentions")
        if ui.read_only():
            st.caption("Read-only instance: articles cannot be added here.")
            return
        if not chooser:
            return
        if folder is None:
            placeholder = "/path/to/mentionmap.sqlite"
            where = "A SQLite file made by mentionmap, at any path (created if missing)."
        else:
            placeholder = "team.sqlite"
            where = (
                "A SQLite file made by mentionmap, in this instance's store folder (created "
                f"if missing); its name ends in {', '.join(STORE_SUFFIXES)}."
            )
        st.text_input(
            "Open another store file",
            key=K_STORE_INPUT,
            placeholder=placeholder,
            max_chars=STORE_NAME_MAX if folder is not None else None,
            on_change=_store_chosen,
            help=f"{where} Empty: the default store. The CLI reads the same files: "
            "`mentionmap ingest --db FILE`.",
        )
        if refused := st.session_state.pop(K_STORE_REFUSED, None):
            st.error(ui.md_escape(refused))
