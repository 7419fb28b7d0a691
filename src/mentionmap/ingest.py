"""Ingest: read files, folders, feeds and URLs, extract mentions, commit them to the store.

Work is split into tasks (a file, a slice of a large JSON Lines file, a feed, a URL, a
feed entry). Worker processes run the tasks (loading, fetching, language detection,
mention extraction); this process is the only writer and commits whole articles, a few
hundred per transaction, so a killed ingest leaves every committed article complete and
no partial one. Running the same batch again adds nothing: duplicates (same URL or same
normalised text) are skipped, and URLs already stored are not fetched again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentionmap import articles as articles_mod
from mentionmap import feeds
from mentionmap.articles import Article, ArticleError, LoadResult
from mentionmap.fetchpolicy import FetchPolicy, owner_policy
from mentionmap.language import detect_lang, with_lang  # noqa: F401  (detect_lang re-exported)
from mentionmap.mentions import Mention, extract_mentions
from mentionmap.store import Store, text_hash

CHUNK_BYTES = 1024 * 1024  # JSON Lines files above this are split into slices of about this size
TX_ARTICLES = 250  # most articles committed in one transaction
INDEX_EVERY = 25_000  # articles between updates of the excerpt search index in a long batch
INLINE_MAX_TASKS = 4  # batches of at most this many plain tasks run without worker processes

Extractor = Callable[..., list[Mention]]
Task = tuple[Any, ...]  # ("file", path) | ("chunk", path, first_line, bytes) | ("feed", path)
# | ("url", url, FeedEntry | None) | ("entry", FeedEntry, feed_name)


@dataclass(slots=True)
class IngestSummary:
    """How a batch went: articles ``added``, ``duplicates`` skipped, and one
    ``(source, reason)`` per source or record that ``failed``."""

    added: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the user, e.g. ``"3 added, 1 duplicate skipped, 2 failed"``."""
        dup = "duplicate" if self.duplicates == 1 else "duplicates"
        return f"{self.added} added, {self.duplicates} {dup} skipped, {len(self.failed)} failed"


@dataclass(frozen=True, slots=True)
class IngestProgress:
    """Sent to the ``progress`` callback after each task. ``total`` is the number of tasks
    expected (files, slices of about 1 MB of large JSON Lines files, URLs); it grows when
    a feed lists its entries and is exact once ``done == total``."""

    done: int
    total: int
    added: int
    duplicates: int
    failed: int
    source: str


@dataclass(slots=True)
class _Outcome:
    source: str
    records: list[tuple[Article, list[Mention]]] = field(default_factory=list)
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


# --- planning -----------------------------------------------------------------------------------


def _jsonl_chunks(path: Path) -> Iterator[Task]:
    """Slices of about CHUNK_BYTES of whole lines, each with its first 1-based line number."""
    with path.open("rb") as handle:
        first, lines, size = 1, [], 0
        for lineno, line in enumerate(handle, start=1):
            lines.append(line)
            size += len(line)
            if size >= CHUNK_BYTES:
                yield ("chunk", str(path), first, b"".join(lines))
                first, lines, size = lineno + 1, [], 0
        if lines:
            yield ("chunk", str(path), first, b"".join(lines))


def _file_tasks(path: Path) -> Iterator[Task]:
    suffix = path.suffix.lower()
    if suffix in feeds.FEED_SUFFIXES:
        yield ("feed", str(path))
    elif suffix == ".jsonl" and path.is_file() and path.stat().st_size > CHUNK_BYTES:
        yield from _jsonl_chunks(path)
    else:
        yield ("file", str(path))


def plan(sources: Iterable[str | Path]) -> Iterator[Task]:
    """Tasks for the given sources, lazily: URLs as they are, folders expanded recursively
    (known suffixes), feed files (.rss/.atom/.xml) as feeds, large .jsonl files sliced."""
    for source in sources:
        text = str(source)
        if feeds.is_url(text):
            yield ("url", text, None)
        else:
            for path in articles_mod.iter_paths([text]):
                yield from _file_tasks(path)


def estimate_tasks(sources: Iterable[str | Path]) -> int:
    """How many tasks :func:`plan` will yield for ``sources`` (before feeds are expanded),
    from the file sizes: exact except for sliced JSON Lines files, where it is an upper
    bound. For progress bars."""
    total = 0
    for source in sources:
        text = str(source)
        if feeds.is_url(text):
            total += 1
            continue
        for path in articles_mod.iter_paths([text]):
            try:
                size = path.stat().st_size if path.suffix.lower() == ".jsonl" else 0
            except OSError:
                size = 0
            total += -(-size // CHUNK_BYTES) if size > CHUNK_BYTES else 1
    return total


def _task_source(task: Task) -> str:
    kind = task[0]
    if kind == "chunk":
        return f"{task[1]}, lines from {task[2]}"
    if kind == "url":
        return task[1]
    if kind == "entry":
        return task[1].url or f"{task[2]}, entry {task[1].title!r}"
    return task[1]


# --- tasks (run in workers) ---------------------------------------------------------------------


class _Runner:
    """Runs tasks: load or fetch, detect language, skip stored duplicates, extract."""

    def __init__(
        self,
        store: Store | None,
        db_path: str | None,
        extract: Extractor,
        timeout: float,
        max_bytes: int,
        policy: FetchPolicy,
    ) -> None:
        self._store = store
        self._db_path = db_path
        self.extract = extract
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.policy = policy

    def _stored(self, article: Article) -> bool:
        if self._store is None and self._db_path and Path(self._db_path).exists():
            from mentionmap.store import open_store

            self._store = open_store(self._db_path, read_only=True)
        if self._store is None:
            return False
        return self._store.has(url=article.url, content_hash=text_hash(article.text))

    def _finish(self, article: Article, out: _Outcome) -> None:
        article = with_lang(article)
        if self._stored(article):
            out.duplicates += 1
            return
        out.records.append((article, list(self.extract(article.text, lang=article.lang))))

    def _loaded(self, result: LoadResult, out: _Outcome) -> None:
        for error in result.errors:
            out.failed.append(_error_pair(error))
        for article in result.articles:
            self._finish(article, out)

    def run(self, task: Task) -> _Outcome:
        out = _Outcome(_task_source(task))
        try:
            self._run(task, out)
        except feeds.SourceError as exc:
            out.failed.append((out.source, _reason(str(exc), out.source)))
        except Exception as exc:  # one bad source must never end the batch
            out.failed.append((out.source, f"{type(exc).__name__}: {exc}"))
        return out

    def _run(self, task: Task, out: _Outcome) -> None:
        kind = task[0]
        if kind == "file":
            self._loaded(articles_mod.load_path(task[1]), out)
        elif kind == "chunk":
            _, name, first, data = task
            try:
                text = articles_mod.decode_bytes(data, name)
            except ArticleError as exc:
                out.failed.append(_error_pair(exc))
                return
            # blank lines keep load_jsonl's line numbers (and fallback ids) file-relative
            self._loaded(articles_mod.load_jsonl("\n" * (first - 1) + text, name), out)
        elif kind == "feed":
            try:
                data = Path(task[1]).read_bytes()
            except OSError as exc:
                raise feeds.SourceError(f"{task[1]}: cannot read: {exc.strerror}") from None
            out.tasks.extend(_entry_tasks(feeds.parse_feed(data, task[1]), task[1]))
        elif kind == "url":
            _, url, hint = task
            page = feeds.fetch(
                url, timeout=self.timeout, max_bytes=self.max_bytes, policy=self.policy
            )
            if hint is None and feeds.looks_like_feed(page.data, page.content_type, page.url):
                out.tasks.extend(_entry_tasks(feeds.parse_feed(page.data, url), url))
            else:
                self._finish(feeds.article_from_page(page, hint), out)
        elif kind == "entry":
            self._finish(feeds.article_from_entry(task[1], task[2]), out)
        else:
            raise ValueError(f"unknown task kind {kind!r}")


def _entry_tasks(feed: feeds.Feed, name: str) -> list[Task]:
    return [("url", e.url, e) if e.url else ("entry", e, name) for e in feed.entries]


def _error_pair(error: ArticleError) -> tuple[str, str]:
    where = error.name if error.line is None else f"{error.name}, line {error.line}"
    return where, error.message


def _reason(message: str, source: str) -> str:
    """The message without a leading ``source: `` (the pair already names the source)."""
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


_RUNNER: _Runner | None = None


def _init_worker(
    db_path: str, extract: Extractor, timeout: float, max_bytes: int, policy: FetchPolicy
) -> None:
    global _RUNNER
    _RUNNER = _Runner(None, db_path, extract, timeout, max_bytes, policy)


def _run_in_worker(task: Task) -> _Outcome:
    assert _RUNNER is not None, "worker not initialised"
    return _RUNNER.run(task)


# --- the batch ----------------------------------------------------------------------------------


def ingest(
    sources: Sequence[str | Path],
    store: Store,
    *,
    progress: Callable[[IngestProgress], None] | None = None,
    workers: int | None = None,
    extract: Extractor = extract_mentions,
    timeout: float = feeds.TIMEOUT_S,
    max_bytes: int = feeds.MAX_BYTES,
    policy: FetchPolicy | None = None,
) -> IngestSummary:
    """Ingest files, folders, feed files, feed URLs and article URLs into ``store``.

    ``workers``: processes for loading and extraction; None picks the CPU count for
    batches of more than a few tasks and 0 (in this process) otherwise. ``extract`` must
    be a module-level function (it is sent to the workers). ``timeout`` (seconds) and
    ``max_bytes`` apply to every HTTP request. ``policy`` says which addresses URLs (and
    the links of feeds) may reach; None means :func:`~mentionmap.fetchpolicy.owner_policy`
    (private addresses allowed unless ``$MENTIONMAP_ALLOW_PRIVATE_URLS`` says no), which
    suits a command run by the machine's owner: a server must pass
    :func:`~mentionmap.fetchpolicy.dashboard_policy`. Never raises for a bad source: each
    failure is one ``(source, reason)`` in the summary.
    """
    policy = owner_policy() if policy is None else policy
    summary = IngestSummary()
    planned = plan(sources)
    head: list[Task] = []
    for task in planned:
        head.append(task)
        if len(head) > INLINE_MAX_TASKS:
            break
    if workers is None:
        inline = len(head) <= INLINE_MAX_TASKS and all(t[0] != "chunk" for t in head)
        workers = 0 if inline else (os.cpu_count() or 1)
    pending: deque[Task] = deque(head)
    estimate = estimate_tasks(sources)
    counts = {"done": 0, "total": max(estimate, len(head)), "planned": len(head)}

    def next_task() -> Task | None:
        while True:
            if pending:
                task = pending.popleft()
            else:
                task = next(planned, None)
                if task is None:
                    if counts["planned"] >= 0:  # the plan ran dry: the estimate becomes exact
                        counts["total"] += counts["planned"] - max(estimate, len(head))
                        counts["planned"] = -1
                    return None
                counts["planned"] += 1
                counts["total"] = max(counts["total"], counts["planned"])
            if task[0] == "url" and store.has(url=task[1]):
                summary.duplicates += 1
                _report(_Outcome(task[1]))
                continue
            return task

    def _report(out: _Outcome) -> None:
        counts["done"] += 1
        if progress is not None:
            progress(
                IngestProgress(
                    counts["done"],
                    counts["total"],
                    summary.added,
                    summary.duplicates,
                    len(summary.failed),
                    out.source,
                )
            )

    def absorb(out: _Outcome) -> None:
        for start in range(0, len(out.records), TX_ARTICLES):
            flags = store.add_articles(out.records[start : start + TX_ARTICLES])
            added = sum(flags)
            summary.added += added
            summary.duplicates += len(flags) - added
            if summary.added // INDEX_EVERY > (summary.added - added) // INDEX_EVERY:
                store.index_excerpts()  # keeps keyword search fast for readers of a long run
        summary.duplicates += out.duplicates
        summary.failed.extend(out.failed)
        pending.extend(out.tasks)
        counts["total"] += len(out.tasks)
        _report(out)

    if workers > 0:
        # tasks still running when a worker dies (or cannot start, e.g. under `python -`)
        # are run again here, in this process, with the rest of the batch
        fetching = (timeout, max_bytes, policy)
        pending.extendleft(reversed(_run_pool(workers, store, extract, fetching,
                                              next_task, absorb, pending)))  # fmt: skip
    runner = _Runner(store, None, extract, timeout, max_bytes, policy)
    while (task := next_task()) is not None:
        absorb(runner.run(task))
    store.index_excerpts()
    return summary


def _run_pool(
    workers: int,
    store: Store,
    extract: Extractor,
    fetching: tuple[float, int, FetchPolicy],
    next_task: Callable[[], Task | None],
    absorb: Callable[[_Outcome], None],
    pending: deque[Task],
) -> list[Task]:
    """Run tasks on ``workers`` spawned processes until none is left; returns the tasks
    left unfinished if the pool broke (empty list otherwise). ``fetching``: the timeout
    (seconds), size cap (bytes) and address policy of every HTTP request."""
    context = multiprocessing.get_context("spawn")
    init = (str(store.path), extract, *fetching)
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=init) as pool:
        running: dict[Future[_Outcome], Task] = {}
        exhausted = False
        while True:
            while not exhausted and len(running) < 3 * workers:
                task = next_task()
                if task is None:
                    exhausted = True
                    break
                try:
                    running[pool.submit(_run_in_worker, task)] = task
                except BrokenProcessPool:  # a worker died since the last wait
                    return [task, *running.values()]
            if not running:
                if pending:  # a feed queued its entries after the plan ran dry
                    exhausted = False
                    continue
                return []
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    out = future.result()
                except BrokenProcessPool:
                    return [task, *running.values()]
                except Exception as exc:  # e.g. a result that could not be pickled
                    out = _Outcome(_task_source(task))
                    out.failed.append((out.source, f"{type(exc).__name__}: {exc}"))
                absorb(out)
                if pending:
                    exhausted = False


def ingest_sample_if_empty(store: Store) -> IngestSummary | None:
    """Load the bundled sample article into an empty store (the dashboard's first start);
    None, doing nothing, when the store already holds an article."""
    from dataclasses import replace

    from mentionmap.datafiles import SAMPLE_ARTICLE, SAMPLE_PUBLISHED, SAMPLE_SOURCE

    if store.count()[0]:
        return None
    summary = IngestSummary()
    result = articles_mod.load_path(SAMPLE_ARTICLE)
    for error in result.errors:
        summary.failed.append(_error_pair(error))
    items = [
        (
            replace(a, source=SAMPLE_SOURCE, published=SAMPLE_PUBLISHED),
            extract_mentions(a.text, lang=a.lang),
        )
        for a in (with_lang(a) for a in result.articles)
    ]
    added = store.add_articles(items)
    summary.added = sum(added)
    summary.duplicates = len(added) - summary.added
    store.index_excerpts()
    return summary
