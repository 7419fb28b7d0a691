"""Gold passages (the format of ``shared/eval/GUIDE.md``): parsing, loading and the
problems found on the way.

Gold records are JSONL objects with ``id``, ``lang``, ``text``, ``regions`` (sorted ISO
3166-2:UA codes), ``mentions`` ([{surface, start, region, kind, metonymic?}]) and
``negatives`` ([{surface, start, why}]). Offsets are Python ``str`` indices into ``text``.
Gold mentions whose offset does not match ``text`` are re-anchored on the nearest
occurrence of their surface within 32 characters and reported as a warning; if none is
found they are left out. A malformed line (bad JSON, missing keys) is reported with its
file and line and skipped. Scoring is :mod:`mentionmap.evaluate`'s job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_REPAIR_WINDOW = 32  # characters either side of a gold offset searched for its surface


@dataclass(frozen=True, slots=True)
class Span:
    """A mention reduced to what is scored: ``text[start:end]`` names ``region``."""

    start: int
    end: int
    region: str
    surface: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold passage. ``mentions`` keep only the objects whose offsets are valid."""

    id: str
    lang: str
    text: str
    regions: frozenset[str]
    mentions: tuple[Span, ...]
    negatives: tuple[Span, ...]  # region holds the annotator's "why"
    source: str = ""


@dataclass(frozen=True, slots=True)
class GoldError:
    """A problem in a gold file: the line was skipped, or a field was repaired/dropped."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def load_gold(paths: str | Path | Iterable[str | Path]) -> tuple[list[GoldRecord], list[GoldError]]:
    """Read gold JSONL files; return the valid records and every problem found (never raises
    on bad content; a missing file is reported as an error too)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    records: list[GoldRecord] = []
    errors: list[GoldError] = []
    seen: set[str] = set()
    for path in paths:
        try:
            # split on "\n" only: str.splitlines() would also split inside JSON strings
            # holding U+2028, U+0085 or other Unicode line breaks
            lines = Path(path).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(GoldError(str(path), 0, f"cannot read file: {exc}"))
            continue
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            problems: list[str] = []
            record = parse_gold_line(line, problems)
            errors.extend(GoldError(str(path), lineno, p) for p in problems)
            if record is None:
                continue
            if record.id in seen:
                errors.append(GoldError(str(path), lineno, f"duplicate id {record.id!r}"))
            seen.add(record.id)
            records.append(record)
    return records, errors


def parse_gold_line(line: str, problems: list[str]) -> GoldRecord | None:
    """Parse one JSONL line; append a message to ``problems`` for each defect. Returns None
    when the line cannot be used at all."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        problems.append(f"line skipped: invalid JSON ({exc.msg} at column {exc.colno})")
        return None
    if not isinstance(obj, dict):
        problems.append("line skipped: not a JSON object")
        return None
    missing = [k for k in ("id", "lang", "text") if not isinstance(obj.get(k), str)]
    if missing:
        problems.append(f"line skipped: missing or non-string {', '.join(missing)}")
        return None
    doc_id, text = obj["id"], obj["text"]
    mentions = _parse_spans(obj.get("mentions", []), text, "region", doc_id, problems)
    negatives = _parse_spans(obj.get("negatives", []), text, "why", doc_id, problems)
    if mentions is None or negatives is None:
        return None
    from_mentions = {m["region"] for m in obj.get("mentions", []) if isinstance(m, dict)}
    regions = obj.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        problems.append(f"{doc_id}: 'regions' missing or malformed; using the mentions' regions")
        regions = sorted(from_mentions)
    elif set(regions) != from_mentions:
        problems.append(
            f"{doc_id}: 'regions' {sorted(regions)} differ from the mentions' "
            f"{sorted(from_mentions)}; scoring regions as listed"
        )
    return GoldRecord(
        doc_id,
        obj["lang"],
        text,
        frozenset(regions),
        tuple(mentions),
        tuple(negatives),
        str(obj.get("source", "")),
    )


def _parse_spans(
    items: object, text: str, label_key: str, doc_id: str, problems: list[str]
) -> list[Span] | None:
    """Validate mention/negative objects; re-anchor off-by-a-few offsets, drop lost ones."""
    if not isinstance(items, list):
        problems.append(f"line skipped: {doc_id}: expected a list of {label_key} objects")
        return None
    spans = []
    for item in items:
        surface = item.get("surface") if isinstance(item, dict) else None
        label = item.get(label_key, "") if isinstance(item, dict) else None
        if not isinstance(surface, str) or not surface or not isinstance(label, str):
            problems.append(f"{doc_id}: dropped malformed object {item!r}")
            continue
        start = item.get("start")
        if not isinstance(start, int) or text[start : start + len(surface)] != surface:
            found = _nearest(text, surface, start if isinstance(start, int) else None)
            if found is None:
                problems.append(f"{doc_id}: {surface!r} not found at {start}; left out")
                continue
            problems.append(f"{doc_id}: {surface!r} at {start} re-anchored to {found}")
            start = found
        spans.append(Span(start, start + len(surface), label, surface, str(item.get("kind", ""))))
    return spans


def _nearest(text: str, surface: str, start: int | None) -> int | None:
    """Offset of the occurrence of ``surface`` nearest ``start`` (within the repair window);
    with no start, the only occurrence if there is exactly one."""
    hits = [m.start() for m in re.finditer(re.escape(surface), text)]
    if start is None:
        return hits[0] if len(hits) == 1 else None
    near = [h for h in hits if abs(h - start) <= _REPAIR_WINDOW]
    return min(near, key=lambda h: abs(h - start)) if near else None


def format_gold_errors(errors: Iterable[GoldError]) -> str:
    """One ``path:line: message`` per gold problem."""
    return "\n".join(str(e) for e in errors)
