"""The ``mentionmap`` command line: a thin layer that parses arguments and calls the library.

Commands: ``extract`` and ``evaluate`` (here), ``ingest`` and ``export`` (the persistent
store, in :mod:`mentionmap.cli_store`).

Exit status: 0 when at least one input was processed (problems with other inputs are
reported on stderr, one line each, naming the file and line), 1 when nothing could be
processed, 2 for usage errors (and a store file that cannot be opened), 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from mentionmap import __version__
from mentionmap.articles import Article, LoadResult, iter_paths, load_bytes, load_path
from mentionmap.mentions import Mention, explain_mentions, extract_mentions

FORMATS = ("jsonl", "csv", "geojson")
COLUMNS = ("doc", "region", "region_name", "surface", "start", "end", "kind", "excerpt")
OPTIONAL_COLUMNS = ("place", "lat", "lon")
EXPLAIN_COLUMNS = ("doc", "surface", "start", "end", "regions", "kind", "kept", "reason", "place")


def _warn(message: object) -> None:
    print(f"mentionmap: {message}", file=sys.stderr, flush=True)


def _articles(paths: list[str]) -> Iterator[Article]:
    """Articles from every PATH in order ('-' is stdin); load problems go to stderr."""
    for given in paths:
        if given == "-":
            try:
                data = sys.stdin.buffer.read()
            except (AttributeError, OSError, ValueError) as exc:  # no usable stdin
                _warn(f"-: cannot read standard input ({exc})")
                continue
            yield from _report(load_bytes(data, "-"))
            continue
        found = False
        for path in iter_paths([given]):
            found = True
            yield from _report(load_path(path))
        if not found:
            _warn(f"{given}: no .txt, .md, .html, .json, .jsonl or .csv files in this folder")


def _report(result: LoadResult) -> Iterator[Article]:
    for error in result.errors:
        _warn(error)
    yield from result.articles


def _region_name(iso: str) -> str:
    """English name of the unit, or the code itself if the boundaries do not know it."""
    from mentionmap.geocode import region_name

    try:
        return region_name(iso)
    except KeyError:
        return iso


def mention_row(doc: str, mention: Mention) -> dict:
    """One output row: the COLUMNS, plus place/lat/lon when the mention has them."""
    row = {
        "doc": doc,
        "region": mention.region,
        "region_name": _region_name(mention.region),
        "surface": mention.surface,
        "start": mention.start,
        "end": mention.end,
        "kind": mention.kind,
        "excerpt": mention.excerpt,
    }
    for key in OPTIONAL_COLUMNS:
        value = getattr(mention, key)
        if value is not None:
            row[key] = value
    return row


def _extracted(
    articles: Iterator[Article], stats: dict, explain: bool = False
) -> Iterator[tuple[Article, Any]]:
    """(article, mention) pairs, or (article, decision) pairs with ``explain``; counts the
    articles processed in ``stats['processed']``."""
    for article in articles:
        try:
            if explain:
                found = explain_mentions(article.text, lang=article.lang)
            else:
                found = extract_mentions(article.text, lang=article.lang)
        except Exception as exc:  # never a traceback for the user; say which document failed
            _warn(f"{article.id}: extraction failed ({type(exc).__name__}: {exc})")
            continue
        stats["processed"] += 1
        for item in found:
            yield article, item


def decision_row(doc: str, decision: Any) -> dict:
    """One ``--explain`` row: a candidate match, kept or dropped, and why."""
    return {"doc": doc, **decision.to_dict()}


def _write_explain_jsonl(pairs: Iterator[tuple[Article, Any]], out: TextIO) -> None:
    for article, decision in pairs:
        out.write(json.dumps(decision_row(article.id, decision), ensure_ascii=False) + "\n")


def _write_explain_csv(pairs: Iterator[tuple[Article, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=EXPLAIN_COLUMNS, restval="", extrasaction="ignore")
    writer.writeheader()
    for article, decision in pairs:
        row = decision_row(article.id, decision)
        row["regions"] = ";".join(row["regions"])
        row["kept"] = "true" if row["kept"] else "false"
        writer.writerow(row)


def _write_jsonl(pairs: Iterator[tuple[Article, Mention]], out: TextIO) -> None:
    for article, mention in pairs:
        out.write(json.dumps(mention_row(article.id, mention), ensure_ascii=False) + "\n")


def _write_csv(pairs: Iterator[tuple[Article, Mention]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *OPTIONAL_COLUMNS], restval="")
    writer.writeheader()
    for article, mention in pairs:
        writer.writerow(mention_row(article.id, mention))


def _write_geojson(pairs: Iterator[tuple[Article, Mention]], out: TextIO) -> None:
    from mentionmap.geocode import load_regions, region_summary

    by_doc: dict[str, list[Mention]] = {}
    for article, mention in pairs:
        by_doc.setdefault(article.id, []).append(mention)
    write_region_geojson(region_summary(by_doc, load_regions()), out)


def write_region_geojson(summary: Any, out: TextIO) -> None:
    """One GeoJSON FeatureCollection (EPSG:4326) of the regions with ``mentions`` > 0.

    ``summary`` is a GeoDataFrame with columns region, region_name, mentions, documents
    and geometry (the shape of ``geocode.region_summary``); each feature's properties are
    those four counts and names. ``extract`` and ``export`` both write
    :func:`mentionmap.exports.summary_geojson`.
    """
    from mentionmap.exports import summary_geojson

    out.write(summary_geojson(summary).decode("utf-8"))


_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "geojson": _write_geojson}
_EXPLAIN_WRITERS = {"jsonl": _write_explain_jsonl, "csv": _write_explain_csv}


def run_extract(args: argparse.Namespace) -> int:
    """``mentionmap extract``: mentions of every input, written to stdout."""
    stats = {"processed": 0}
    pairs = _extracted(_articles(args.paths), stats, explain=args.explain)
    writers = _EXPLAIN_WRITERS if args.explain else _WRITERS
    writers[args.format](pairs, sys.stdout)
    sys.stdout.flush()
    if not stats["processed"]:
        _warn("nothing could be processed")
        return 1
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    """``mentionmap evaluate``: score the extractor (or the naive baseline) on gold files."""
    from mentionmap import evaluate

    records, problems = evaluate.load_gold(args.gold)
    for problem in problems:
        _warn(problem)
    if not records:
        _warn("no gold records could be read")
        return 1
    extractor = evaluate.baseline_extractor() if args.baseline else None
    try:
        report = evaluate.evaluate(records, extractor)
    except Exception as exc:  # never a traceback for the user
        _warn(f"evaluation failed ({type(exc).__name__}: {exc})")
        return 1
    print(evaluate.format_report(report, details=args.details))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentionmap",
        description="Find and geocode mentions of Ukrainian regions in news articles.",
    )
    parser.add_argument("--version", action="version", version=f"mentionmap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help="print every region mention in articles",
        description="Print every Ukrainian region mention found in the articles. "
        "Inputs: .txt .md .html .json .jsonl .csv files, folders (read recursively) or - "
        "for stdin (JSON Lines or plain text). Offsets are character offsets into each "
        "record's text (json/jsonl/csv) or the file's text (txt/md) or the extracted "
        "main text (html).",
    )
    extract.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or - (stdin)")
    extract.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl: one mention per line (default); csv: the same columns; "
        "geojson: one feature per mentioned region with mention and document counts",
    )
    extract.add_argument(
        "--explain",
        action="store_true",
        help="instead of mentions, print every candidate match with the decision taken on "
        "it (kept or dropped) and the reason, as jsonl or csv",
    )
    extract.set_defaults(run=run_extract)

    scoring = commands.add_parser(
        "evaluate",
        help="score the extractor against gold annotations",
        description="Score the extractor on gold JSON Lines files (the format of "
        "shared/eval/GUIDE.md): region-level and mention-level precision, recall and F1 "
        "per language and overall, trap hits, and the false positives and negatives.",
    )
    scoring.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold JSON Lines file")
    scoring.add_argument(
        "--baseline",
        action="store_true",
        help="score the naive baseline instead (exact lookup of every gazetteer name)",
    )
    scoring.add_argument(
        "--details", action="store_true", help="print the sentence of each error too"
    )
    scoring.set_defaults(run=run_evaluate)
    _add_store_parsers(commands)
    return parser


def _add_store_parsers(commands: Any) -> None:
    """``ingest`` and ``export``: the persistent store (their code is in cli_store)."""
    from mentionmap import cli_store, feeds, fetchpolicy

    db_help = (
        "the store file (SQLite); default: $MENTIONMAP_DB, else "
        "~/.local/share/mentionmap/mentionmap.sqlite (the platform's user data folder)"
    )
    ingest = commands.add_parser(
        "ingest",
        help="add articles from files, folders, feeds and URLs to the store",
        description="Read articles, find their region mentions and commit them to the "
        "store. Sources: files and folders in every format extract reads, RSS/Atom feed "
        "files (.rss .atom .xml), feed URLs and article URLs. Articles already stored "
        "(same URL or same text) are skipped, so rerunning a batch only adds what is new. "
        "A progress bar (tasks done, articles added, duplicates, failures) shows on stderr "
        "when it is a terminal. Then comes one line per failed source saying why (on a "
        "terminal the first 20 and a count of the rest; a log file gets them all) and a "
        "summary. URLs, and the links in feeds, may reach any address this machine can, "
        "including localhost, private networks (10.x, 192.168.x, ...) and a cloud host's "
        "metadata service (169.254.169.254): set "
        f"{fetchpolicy.ENV_ALLOW_PRIVATE}=0 to refuse those and fetch public addresses only.",
    )
    ingest.add_argument(
        "sources",
        nargs="+",
        metavar="PATH_OR_URL",
        help="file, folder or URL (any address, private ones too, unless "
        f"{fetchpolicy.ENV_ALLOW_PRIVATE}=0)",
    )
    ingest.add_argument("--db", metavar="FILE", help=db_help)
    ingest.add_argument(
        "--workers",
        type=cli_store.parse_workers,
        metavar="N",
        help="worker processes for reading and extraction (0: none, all in this process; "
        "default: one per CPU for large batches)",
    )
    ingest.add_argument(
        "--timeout",
        type=cli_store.parse_seconds,
        default=feeds.TIMEOUT_S,
        metavar="SECONDS",
        help=f"network timeout per connect and per read (default {feeds.TIMEOUT_S:g})",
    )
    ingest.set_defaults(run=cli_store.run_ingest)

    export = commands.add_parser(
        "export",
        help="write the store's mentions, region counts or articles",
        description="Write what the store holds, kept by the filters: csv = one row per "
        "mention (the columns of extract --format csv, then the article's metadata); "
        "geojson = one feature per mentioned region with mention and document counts "
        "(EPSG:4326, as extract --format geojson); articles = one csv row per article "
        "(mentions = those kept by the filters, n_mentions = all in the article).",
    )
    export.add_argument("--db", metavar="FILE", help=db_help)
    export.add_argument(
        "--format",
        choices=cli_store.EXPORT_FORMATS,
        required=True,
        help="csv: mentions; geojson: region counts; articles: the article list (csv)",
    )
    export.add_argument(
        "--from", dest="start", type=cli_store.parse_day, metavar="YYYY-MM-DD",
        help="first publication day kept (undated articles are then left out)",
    )  # fmt: skip
    export.add_argument(
        "--to", dest="end", type=cli_store.parse_day, metavar="YYYY-MM-DD",
        help="last publication day kept (inclusive)",
    )  # fmt: skip
    export.add_argument(
        "--lang", dest="langs", type=cli_store.parse_langs, action="extend", default=[],
        metavar="uk,ru", help="language codes kept (ISO 639-1)",
    )  # fmt: skip
    export.add_argument(
        "--keyword", metavar="TEXT", help="keep mentions whose excerpt contains TEXT (any case)"
    )
    export.add_argument(
        "--region", dest="regions", type=cli_store.parse_regions, action="extend", default=[],
        metavar="UA-14,UA-65", help="region codes kept (ISO 3166-2:UA)",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file instead of stdout"
    )
    export.set_defaults(run=cli_store.run_export, check=cli_store.check_export_args)


def _utf8_stdout() -> None:
    """Write UTF-8 whatever the locale, so Cyrillic surfaces never raise on output."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mentionmap`` console script and ``python -m mentionmap``."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "extract" and args.explain and args.format == "geojson":
            parser.error("--explain prints candidate decisions as jsonl or csv, not geojson")
        if (check := getattr(args, "check", None)) and (problem := check(args)):
            parser.error(problem)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code or 0)
    _utf8_stdout()
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        with contextlib.suppress(AttributeError, OSError, ValueError):  # not a real file
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
