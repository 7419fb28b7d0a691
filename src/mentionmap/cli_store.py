"""The store subcommands of the ``mentionmap`` command line: ``ingest`` and ``export``.

``mentionmap.cli`` builds the parser and dispatches here. Argument types (dates, region
and language lists, counts) raise ``argparse.ArgumentTypeError`` so a bad value is a usage
error that names its flag (exit 2). Messages go to stderr as ``mentionmap: ...`` lines.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mentionmap import exports
from mentionmap import ingest as ingest_mod
from mentionmap.cli import _warn
from mentionmap.filters import Filters
from mentionmap.schema import StoreError
from mentionmap.store import Store, default_db_path, open_store

if TYPE_CHECKING:
    from mentionmap.ingest import IngestProgress

EXPORT_FORMATS = ("csv", "geojson", "articles")
PROGRESS_INTERVAL_S = 0.1  # at most ten progress redraws a second
FAILURES_SHOWN = 20  # failure lines printed on a terminal before "... and N more"

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2,3}")


# --- argument types -------------------------------------------------------------------------


def parse_day(value: str) -> date:
    """A calendar day written ``YYYY-MM-DD``."""
    try:
        if _DAY.fullmatch(value.strip()):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}")


def parse_regions(value: str) -> tuple[str, ...]:
    """Comma-separated ISO 3166-2:UA codes of the 27 units (any case): ``UA-14,UA-65``."""
    from mentionmap.geocode import region_name

    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    if not codes:
        raise argparse.ArgumentTypeError("expected region codes such as UA-14,UA-65")
    for code in codes:
        try:
            region_name(code)
        except KeyError:
            raise argparse.ArgumentTypeError(
                f"unknown region code {code!r} (ISO 3166-2:UA, e.g. UA-14 for Donetsk Oblast)"
            ) from None
    return codes


def parse_langs(value: str) -> tuple[str, ...]:
    """Comma-separated ISO 639-1 language codes (any case): ``uk,ru``."""
    codes = tuple(c.strip().lower() for c in value.split(",") if c.strip())
    if not codes:
        raise argparse.ArgumentTypeError("expected language codes such as uk,ru,en")
    for code in codes:
        if not _LANG.fullmatch(code):
            raise argparse.ArgumentTypeError(
                f"expected ISO 639-1 language codes such as uk,ru,en, got {code!r}"
            )
    return codes


def parse_workers(value: str) -> int:
    """A number of worker processes, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {value!r}")
    return number


def parse_seconds(value: str) -> float:
    """A positive number of seconds."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return seconds


def filters_from(args: argparse.Namespace) -> Filters:
    """The store filters given by ``--from --to --lang --keyword --region``."""
    return Filters(
        start=args.start,
        end=args.end,
        langs=tuple(dict.fromkeys(args.langs)),
        keyword=(args.keyword or "").strip() or None,
        regions=tuple(dict.fromkeys(args.regions)),
    )


def check_export_args(args: argparse.Namespace) -> str | None:
    """A usage error the argument types cannot see on their own, or None."""
    if args.start is not None and args.end is not None and args.start > args.end:
        return f"--from {args.start} is after --to {args.end}"
    return None


# --- the store file -------------------------------------------------------------------------


def db_path(given: str | None) -> Path:
    """``--db`` if given, else ``$MENTIONMAP_DB``, else the per-user default file."""
    return Path(given).expanduser() if given else default_db_path()


def _store_problem(exc: BaseException) -> str:
    """A one-line reason for a store file that cannot be opened."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot create the store: {exc.strerror or exc}"
    if "readonly" in str(exc):
        return "the store file is read-only (export reads it; ingest needs to write)"
    if "unable to open" in str(exc):
        return "cannot open or create the store file here (is it a folder, or read-only?)"
    return f"not a usable store ({exc})"


def _open(path: Path, *, read_only: bool) -> Store | None:
    """The store at ``path``, or None after reporting why it cannot be opened."""
    if read_only and not path.is_file():
        _warn(f"{path}: no store here (fill one with: mentionmap ingest PATH... --db {path})")
        return None
    try:
        return open_store(path, read_only=read_only)
    except (StoreError, sqlite3.Error, OSError) as exc:
        _warn(f"{path}: {_store_problem(exc)}")
        return None


# --- ingest ---------------------------------------------------------------------------------


class ProgressBar:
    """An ingest progress callback that draws a tqdm bar on ``stream`` when it is a terminal:
    tasks done of the total expected (which grows as feeds list their entries), articles
    added, duplicates and failures, at most every PROGRESS_INTERVAL_S seconds and always
    the last task. It writes nothing when ``stream`` is not a terminal (a log file or a
    pipe). ``last`` is the latest report."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = is_terminal(stream)
        self.last: IngestProgress | None = None
        self._bar: Any = None

    def __call__(self, progress: IngestProgress) -> None:
        self.last = progress
        if not self.enabled:
            return
        counts = (
            f"{progress.added} added, {progress.duplicates} duplicates, {progress.failed} failed"
        )
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=progress.total,
                initial=progress.done,
                file=self.stream,
                # the counts first, so a narrow window shortens the bar, not the counts
                bar_format="{n_fmt}/{total_fmt} tasks{postfix} |{bar}| {elapsed}<{remaining}",
                mininterval=PROGRESS_INTERVAL_S,
                postfix=counts,
                # follow the window's width, or a fixed one where the terminal reports none
                **(
                    {"dynamic_ncols": True}
                    if _columns(self.stream)
                    else {"ncols": 100, "nrows": 20}
                ),
            )
        bar = self._bar
        bar.total = max(progress.total, progress.done)
        bar.set_postfix_str(counts, refresh=False)
        bar.update(progress.done - bar.n)
        if progress.done >= progress.total:
            bar.refresh()

    def finish(self) -> None:
        """Close the bar (if one was drawn) so later messages start on a fresh line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _columns(stream: TextIO) -> int:
    """The terminal's width in characters, 0 when it reports none (or is no terminal)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):  # no file descriptor, or not a terminal
        return 0


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal (False for files, pipes, closed streams)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def failure_lines(failed: Sequence[tuple[str, str]], limit: int | None) -> list[str]:
    """One ``source: reason`` line per failure; past ``limit`` (None: no limit) the rest are
    counted in a last line ``... and N more failed sources``."""
    if limit is None or len(failed) <= limit:
        return [f"{source}: {reason}" for source, reason in failed]
    shown = [f"{source}: {reason}" for source, reason in failed[:limit]]
    rest = len(failed) - limit
    noun = "source" if rest == 1 else "sources"
    return [*shown, f"... and {rest} more failed {noun} (redirect stderr to a file to list all)"]


def run_ingest(args: argparse.Namespace) -> int:
    """``mentionmap ingest``: add files, folders, feeds and URLs to the store.

    Exit 0 when anything was added or found already stored, 1 when nothing was (every
    source failed, or there was nothing to read), 2 when the store cannot be opened,
    130 when interrupted.
    """
    path = db_path(args.db)
    store = _open(path, read_only=False)
    if store is None:
        return 2
    progress = ProgressBar(sys.stderr)
    with store:
        before = store.count()[0]
        try:
            summary = ingest_mod.ingest(
                args.sources,
                store,
                progress=progress,
                workers=args.workers,
                timeout=args.timeout,
            )
        except KeyboardInterrupt:
            progress.finish()
            _warn(f"interrupted: {_kept(store, before, progress)} in {path}; run the same "
                  "command again to finish the batch (stored articles are skipped)")  # fmt: skip
            return 130
        except sqlite3.Error as exc:
            progress.finish()
            _warn(f"{path}: writing to the store failed ({exc}); "
                  f"{_kept(store, before, progress)}")  # fmt: skip
            return 1
    progress.finish()
    # on a terminal a long list is cut short; a log file or a pipe gets every line
    limit = FAILURES_SHOWN if is_terminal(sys.stderr) else None
    for line in failure_lines(summary.failed, limit):
        _warn(line)
    if not (summary.added or summary.duplicates or summary.failed):
        _warn("nothing to ingest: no readable files, feeds or URLs in " + " ".join(args.sources))
    _warn(f"{summary.describe()}; store: {path}")
    return 0 if summary.added or summary.duplicates else 1


def _kept(store: Store, before: int, progress: ProgressBar) -> str:
    """What an interrupted or failed run keeps, e.g. "the 12 articles added by this run
    are kept" (the count from the store, else from the last progress report)."""
    try:
        added: int | None = store.count()[0] - before
    except (sqlite3.Error, KeyboardInterrupt):
        added = progress.last.added if progress.last is not None else None
    if added is None:
        return "the articles committed so far are kept"
    if added == 1:
        return "the 1 article added by this run is kept"
    return f"the {added} articles added by this run are kept"


# --- export ---------------------------------------------------------------------------------


def export_bytes(store: Store, fmt: str, filters: Filters) -> tuple[bytes, bool]:
    """The file ``export --format fmt`` writes (see :mod:`mentionmap.exports`) and whether
    the filters kept nothing."""
    if fmt == "geojson":
        counts = store.region_counts(filters)
        return exports.counts_geojson(counts), counts.empty
    if fmt == "articles":
        frame = store.articles(filters)
        return exports.articles_csv(frame), frame.empty
    frame = store.mentions(filters)
    return exports.mentions_csv(frame), frame.empty


def run_export(args: argparse.Namespace) -> int:
    """``mentionmap export``: the store's mentions (csv), per-region counts (geojson) or
    articles (csv) kept by the filters, to stdout or ``-o FILE``."""
    filters = filters_from(args)
    path = db_path(args.db)
    store = _open(path, read_only=True)
    if store is None:
        return 2
    with store:
        try:
            data, empty = export_bytes(store, args.format, filters)
        except sqlite3.Error as exc:
            _warn(f"{path}: reading the store failed ({exc})")
            return 1
    if empty:
        _warn(f"nothing in {path} matches these filters")
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))  # UTF-8 whatever the locale (cli._utf8_stdout)
        sys.stdout.flush()
        return 0
    try:
        with open(args.output, "wb") as out:
            out.write(data)
    except OSError as exc:
        _warn(f"{args.output}: cannot write: {exc.strerror or exc}")
        return 2
    return 0
