"""Ingest: read files, folders, feeds and URLs, extract mentions, commit them to the store.

Work is split into tasks (a file, a slice of a large JSON Lines file, a feed, a URL, a
feed entry), planned and run by :mod:`mentionmap.ingest_tasks`. Worker processes run the
tasks (loading, fetching, language detection, mention extraction); this process is the
only writer and commits whole articles, a few hundred per transaction, so a killed ingest
leaves every committed article complete and no partial one. Running the same batch again
adds nothing: duplicates (same URL or same normalised text) are skipped, and URLs already
stored are not fetched again.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mentionmap import articles as articles_mod
from mentionmap import feeds
from mentionmap.fetchpolicy import FetchPolicy, owner_policy
from mentionmap.ingest_tasks import (
    Extractor,
    Outcome,
    Runner,
    Task,
    error_pair,
    estimate_tasks,
    plan,
    run_pool,
)
from mentionmap.language import detect_lang, with_lang  # noqa: F401  (detect_lang re-exported)
from mentionmap.mentions import extract_mentions
from mentionmap.store import Store

TX_ARTICLES = 250  # most articles committed in one transaction
INDEX_EVERY = 25_000  # articles between updates of the excerpt search index in a long batch
INLINE_MAX_TASKS = 4  # batches of at most this many plain tasks run without worker processes


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
                _report(Outcome(task[1]))
                continue
            return task

    def _report(out: Outcome) -> None:
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

    def absorb(out: Outcome) -> None:
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
        pending.extendleft(reversed(run_pool(workers, store, extract, fetching,
                                             next_task, absorb, pending)))  # fmt: skip
    runner = Runner(store, None, extract, timeout, max_bytes, policy)
    while (task := next_task()) is not None:
        absorb(runner.run(task))
    store.index_excerpts()
    return summary


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
        summary.failed.append(error_pair(error))
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
