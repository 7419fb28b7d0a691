"""The tasks of an ingest: what a batch of sources is split into, and how each is run.

A task is a file, a slice of about 1 MB of a large JSON Lines file, a feed file, a URL, or
a feed entry (:data:`Task`). :func:`plan` turns sources into tasks lazily;
:class:`Runner` runs one (load or fetch, detect the language, skip stored duplicates,
extract mentions) into an :class:`Outcome`, and :func:`run_pool` runs tasks on worker
processes. Nothing here writes to the store: :func:`mentionmap.ingest.ingest` commits the
outcomes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentionmap import articles as articles_mod
from mentionmap import feeds
from mentionmap.articles import Article, ArticleError, LoadResult
from mentionmap.fetchpolicy import FetchPolicy
from mentionmap.language import with_lang
from mentionmap.mentions import Mention
from mentionmap.store import Store, text_hash

CHUNK_BYTES = 1024 * 1024  # JSON Lines files above this are split into slices of about this size

Extractor = Callable[..., list[Mention]]
Task = tuple[Any, ...]  # ("file", path) | ("chunk", path, first_line, bytes) | ("feed", path)
# | ("url", url, FeedEntry | None) | ("entry", FeedEntry, feed_name)


@dataclass(slots=True)
class Outcome:
    """What running one task gave: articles with their mentions (not stored yet),
    duplicates of stored articles, failures, and new tasks (the entries of a feed)."""

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


def task_source(task: Task) -> str:
    """How a task is named to the user: its path, URL, slice or feed entry."""
    kind = task[0]
    if kind == "chunk":
        return f"{task[1]}, lines from {task[2]}"
    if kind == "url":
        return task[1]
    if kind == "entry":
        return task[1].url or f"{task[2]}, entry {task[1].title!r}"
    return task[1]


# --- running tasks ------------------------------------------------------------------------------


class Runner:
    """Runs tasks: load or fetch, detect language, skip stored duplicates, extract. In
    this process it reads ``store``; in a worker it opens ``db_path`` read-only, lazily."""

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

    def _finish(self, article: Article, out: Outcome) -> None:
        article = with_lang(article)
        if self._stored(article):
            out.duplicates += 1
            return
        out.records.append((article, list(self.extract(article.text, lang=article.lang))))

    def _loaded(self, result: LoadResult, out: Outcome) -> None:
        for error in result.errors:
            out.failed.append(error_pair(error))
        for article in result.articles:
            self._finish(article, out)

    def run(self, task: Task) -> Outcome:
        out = Outcome(task_source(task))
        try:
            self._run(task, out)
        except feeds.SourceError as exc:
            out.failed.append((out.source, _reason(str(exc), out.source)))
        except Exception as exc:  # one bad source must never end the batch
            out.failed.append((out.source, f"{type(exc).__name__}: {exc}"))
        return out

    def _run(self, task: Task, out: Outcome) -> None:
        kind = task[0]
        if kind == "file":
            self._loaded(articles_mod.load_path(task[1]), out)
        elif kind == "chunk":
            _, name, first, data = task
            try:
                text = articles_mod.decode_bytes(data, name)
            except ArticleError as exc:
                out.failed.append(error_pair(exc))
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


def error_pair(error: ArticleError) -> tuple[str, str]:
    """``(source, reason)`` of a load error; the source names the line when known."""
    where = error.name if error.line is None else f"{error.name}, line {error.line}"
    return where, error.message


def _reason(message: str, source: str) -> str:
    """The message without a leading ``source: `` (the pair already names the source)."""
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


_RUNNER: Runner | None = None


# --- worker processes ---------------------------------------------------------------------------


def _init_worker(
    db_path: str, extract: Extractor, timeout: float, max_bytes: int, policy: FetchPolicy
) -> None:
    global _RUNNER
    _RUNNER = Runner(None, db_path, extract, timeout, max_bytes, policy)


def _run_in_worker(task: Task) -> Outcome:
    assert _RUNNER is not None, "worker not initialised"
    return _RUNNER.run(task)


def run_pool(
    workers: int,
    store: Store,
    extract: Extractor,
    fetching: tuple[float, int, FetchPolicy],
    next_task: Callable[[], Task | None],
    absorb: Callable[[Outcome], None],
    pending: deque[Task],
) -> list[Task]:
    """Run tasks on ``workers`` spawned processes until none is left; returns the tasks
    left unfinished if the pool broke (empty list otherwise). ``fetching``: the timeout
    (seconds), size cap (bytes) and address policy of every HTTP request."""
    context = multiprocessing.get_context("spawn")
    init = (str(store.path), extract, *fetching)
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=init) as pool:
        running: dict[Future[Outcome], Task] = {}
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
                    out = Outcome(task_source(task))
                    out.failed.append((out.source, f"{type(exc).__name__}: {exc}"))
                absorb(out)
                if pending:
                    exhausted = False
