"""Articles: the :class:`Article` record and loaders for txt/md/html/json/jsonl/csv.

Loading never loses good records because of a bad one: every loader returns a
:class:`LoadResult` holding the articles it could read plus one
:class:`ArticleError` per problem (file, 1-based line when known, message).

Offsets reported by the extractor index ``Article.text``: for txt/md that is the
whole file as decoded, for json/jsonl/csv the record's ``text`` field as given,
for html the main text extracted by trafilatura. Decoding bytes lives in
:mod:`mentionmap.encodings`, HTML main-text extraction in :mod:`mentionmap.htmltext`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath

from mentionmap.encodings import TextDecodeError, decode_text, html_charset
from mentionmap.htmltext import extract_page_text

MAX_FILE_BYTES = 200 * 1024 * 1024  # refuse larger files (bytes)
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
KNOWN_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl", ".csv")
OPTIONAL_FIELDS = ("id", "title", "source", "url", "published", "lang")  # besides "text"
_TITLE_MAX = 200  # characters


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``published`` is an ISO 8601 date string or None; ``lang`` is
    "en"/"uk"/"ru"/other ISO 639-1 or None when unknown."""

    id: str
    title: str
    source: str
    url: str | None
    published: str | None
    lang: str | None
    text: str


class ArticleError(Exception):
    """A file or record that could not be read. ``line`` is 1-based, or None for the whole file."""

    def __init__(self, name: str, line: int | None, message: str) -> None:
        super().__init__(name, line, message)
        self.name, self.line, self.message = name, line, message

    def __str__(self) -> str:
        where = self.name if self.line is None else f"{self.name}, line {self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class LoadResult:
    """Articles read from one or more inputs, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.articles.extend(other.articles)
        self.errors.extend(other.errors)


# --- decoding -----------------------------------------------------------------------------------


def decode_bytes(data: bytes, name: str, *, declared: str | None = None) -> str:
    """Decode a file's bytes to text: a BOM, else UTF-8, else ``declared`` (e.g. an HTML meta
    charset), else a detected encoding (see :func:`mentionmap.encodings.decode_text`).
    Raises :class:`ArticleError` for empty or binary input."""
    try:
        return decode_text(data, declared=declared)
    except TextDecodeError as exc:
        raise ArticleError(name, None, str(exc)) from None


# --- record helpers -----------------------------------------------------------------------------


def _title_from(text: str) -> str:
    """First non-empty line, markdown '#' stripped, at most _TITLE_MAX characters."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= _TITLE_MAX else line[: _TITLE_MAX - 1].rstrip() + "…"
    return ""


def _iso_date(value: object) -> str | None:
    """'YYYY-MM-DD' from an ISO 8601 date or datetime string, else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _file_label(name: str) -> str:
    return PurePath(name).name or name


def article_from_text(
    text: str,
    title: str | None = None,
    *,
    id: str = "pasted",
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
) -> Article:
    """An :class:`Article` for pasted text; the title defaults to the first non-empty line."""
    return Article(
        id=id,
        title=title if title else _title_from(text),
        source=source or "pasted text",
        url=url or None,
        published=_iso_date(published),
        lang=lang or None,
        text=text,
    )


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def _record_article(record: object, name: str, line: int | None, fallback_id: str) -> Article:
    """Article from one json/jsonl/csv record (a dict); raises ArticleError if it has no text."""
    if not isinstance(record, dict):
        raise ArticleError(name, line, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        problem = "has no 'text' field" if text is None else "'text' is not a string"
        raise ArticleError(name, line, f"record {problem}; skipped")
    if not text.strip():
        raise ArticleError(name, line, "record has an empty 'text'; skipped")
    return article_from_text(
        text,
        _optional_str(record, "title"),
        id=_optional_str(record, "id") or fallback_id,
        source=_optional_str(record, "source") or _file_label(name),
        url=_optional_str(record, "url"),
        published=_optional_str(record, "published"),
        lang=_optional_str(record, "lang"),
    )


# --- format loaders (text in, LoadResult out) ---------------------------------------------------


def load_text(text: str, name: str) -> LoadResult:
    """A .txt/.md file: one article, id = ``name``, text = the whole file."""
    return LoadResult([article_from_text(text, id=name, source=_file_label(name))])


def _json_problem(exc: json.JSONDecodeError) -> str:
    return f"malformed JSON ({exc.msg} at column {exc.colno})"


def load_jsonl(text: str, name: str) -> LoadResult:
    """JSON Lines: one object per line; a bad line is an error, the other lines still load."""
    result = LoadResult()
    # split on "\n" only: str.splitlines() would also split inside strings at U+2028/U+0085
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            result.articles.append(_record_article(record, name, lineno, f"{name}:{lineno}"))
        except json.JSONDecodeError as exc:
            result.errors.append(ArticleError(name, lineno, f"{_json_problem(exc)}; skipped"))
        except ArticleError as exc:
            result.errors.append(exc)
    return result


def load_json(text: str, name: str) -> LoadResult:
    """A .json file: one object with ``text``, or a list of such objects (ids fall back to
    ``name`` for a single object and ``name#N`` for the N-th list item). JSON Lines saved
    as .json are read as JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            return load_jsonl(text, name)
        message = f"{_json_problem(exc)}; file skipped"
        return LoadResult(errors=[ArticleError(name, exc.lineno, message)])
    if isinstance(data, dict):
        try:
            return LoadResult([_record_article(data, name, None, name)])
        except ArticleError as exc:
            return LoadResult(errors=[exc])
    if not isinstance(data, list):
        return LoadResult(errors=[ArticleError(name, None, "expected an object or a list")])
    result = LoadResult()
    for index, record in enumerate(data, start=1):
        try:
            result.articles.append(_record_article(record, name, None, f"{name}#{index}"))
        except ArticleError as exc:
            exc.message = f"item {index}: {exc.message}"
            result.errors.append(exc)
    return result


def load_csv(text: str, name: str) -> LoadResult:
    """A .csv file with a ``text`` column (plus optional id, title, source, url, published,
    lang). Ids fall back to ``name:LINE``. Comma, semicolon or tab delimited."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    result = LoadResult()
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (csv.Error, StopIteration) as exc:
        return LoadResult(errors=[ArticleError(name, 1, f"unreadable CSV header: {exc}")])
    if "text" not in header:
        return LoadResult(errors=[ArticleError(name, 1, "CSV has no 'text' column")])
    next_line = reader.line_num + 1
    while True:
        lineno = next_line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(ArticleError(name, lineno, f"malformed CSV row: {exc}"))
            next_line = reader.line_num + 1
            continue
        next_line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            message = f"row has {len(row)} fields, header has {len(header)}; skipped"
            result.errors.append(ArticleError(name, lineno, message))
            continue
        try:
            record = dict(zip(header, row, strict=True))
            result.articles.append(_record_article(record, name, lineno, f"{name}:{lineno}"))
        except ArticleError as exc:
            result.errors.append(exc)
    return result


def load_html(html: str, name: str) -> LoadResult:
    """An .html page: main text via trafilatura (paragraphs separated by blank lines) with its
    title/date/url/site name; a plain tag-stripper only when trafilatura finds nothing
    (see :func:`mentionmap.htmltext.extract_page_text`)."""
    page = extract_page_text(html)
    if not page.text.strip():
        return LoadResult(errors=[ArticleError(name, None, "no text found in the HTML page")])
    article = article_from_text(
        page.text,
        page.title,
        id=name,
        source=page.sitename or _file_label(name),
        url=page.url,
        published=page.published,
        lang=page.lang,
    )
    return LoadResult([article])


# --- bytes and paths ----------------------------------------------------------------------------


def _sniff_format(text: str) -> str:
    """Guess the format of suffix-less input (stdin): 'json' for one JSON object or array,
    'jsonl' if every non-empty line starts with '{' (so a malformed line is reported, not
    read as prose), 'html' for a page, else 'text'."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            if isinstance(json.loads(stripped), (dict, list)):
                return "json"
        except json.JSONDecodeError:
            pass
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and all(line.startswith("{") for line in lines):
        return "jsonl"
    return "html" if stripped[:1024].lower().startswith(("<!doctype html", "<html")) else "text"


_LOADERS = {
    "text": load_text,
    "html": load_html,
    "json": load_json,
    "jsonl": load_jsonl,
    "csv": load_csv,
}


def load_bytes(data: bytes, name: str) -> LoadResult:
    """Load the bytes of one file. The format comes from ``name``'s suffix; without a known
    suffix (e.g. "-" for stdin) it is guessed: JSON Lines, HTML or plain text."""
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return LoadResult(errors=[ArticleError(name, None, f"larger than {limit} MB; skipped")])
    suffix = PurePath(name).suffix.lower()
    declared = html_charset(data) if suffix in HTML_SUFFIXES else None
    try:
        text = decode_bytes(data, name, declared=declared)
    except ArticleError as exc:
        return LoadResult(errors=[exc])
    if suffix in TEXT_SUFFIXES:
        kind = "text"
    elif suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in (".json", ".jsonl", ".csv"):
        kind = suffix[1:]
    else:
        kind = _sniff_format(text)
    return _LOADERS[kind](text, name)


def load_path(path: str | Path) -> LoadResult:
    """Load one file; ids and messages use the path as given."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return LoadResult(errors=[ArticleError(name, None, f"larger than {limit} MB; skipped")])
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return load_paths([path])
    except OSError as exc:
        return LoadResult(errors=[ArticleError(name, None, f"cannot read: {exc.strerror}")])
    return load_bytes(data, name)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders recursively (sorted, known suffixes only, hidden entries skipped);
    files are yielded as given, whatever their suffix, missing ones too (loading reports them)."""
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        found = (
            p
            for p in path.rglob("*")
            if p.suffix.lower() in KNOWN_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        yield from sorted(found, key=lambda p: p.relative_to(path).parts)


def load_paths(paths: Iterable[str | Path]) -> LoadResult:
    """Load every file under ``paths`` (see :func:`iter_paths`)."""
    result = LoadResult()
    for path in iter_paths(paths):
        result.extend(load_path(path))
    return result
