"""Streamlit layer of the dashboard, part 3: adding articles to the store, and the store
setting. Hidden on a read-only instance (``$MENTIONMAP_READ_ONLY``).

Every addition goes through :func:`mentionmap.ingest.ingest` (or ``Store.add_article``
for pasted text) on a connection of its own, so the other sessions keep reading the
shared one. Fetches (typed URLs, and the links of typed or uploaded feeds) reach public
addresses only, unless ``$MENTIONMAP_ALLOW_PRIVATE_URLS`` allows private ones: see
:func:`mentionmap.fetchpolicy.dashboard_policy`. Long batches show a progress bar with
counts; the closing summary (added, duplicates, failed with reasons) stays on the page as
a notice after the rerun.
"""

from __future__ import annotations

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


def _store_chosen() -> None:
    chosen = str(st.session_state.get(K_STORE_INPUT, "")).strip()
    st.session_state[ui.K_STORE] = str(Path(chosen).expanduser()) if chosen else ""


def store_setting(counts: tuple[int, int]) -> None:
    """Which store file this session reads and writes (default ``$MENTIONMAP_DB``);
    ``counts`` are the store's (articles, mentions)."""
    n_articles, n_mentions = counts
    with st.expander("Store"):
        st.caption(
            f"{ui.md_escape(ui.store_path())}  \n{n_articles:,} articles · {n_mentions:,} mentions"
        )
        if ui.read_only():
            st.caption("Read-only instance: articles cannot be added here.")
            return
        st.text_input(
            "Open another store file",
            key=K_STORE_INPUT,
            placeholder="/path/to/mentionmap.sqlite",
            on_change=_store_chosen,
            help="A SQLite file made by mentionmap (created if missing). Empty: the default "
            "store. The CLI reads the same files: `mentionmap ingest --db FILE`.",
        )
