"""Score a mention extractor against gold passages (the format of ``shared/eval/GUIDE.md``).

Gold records are JSONL objects with ``id``, ``lang``, ``text``, ``regions`` (sorted ISO
3166-2:UA codes), ``mentions`` ([{surface, start, region, kind, metonymic?}]) and
``negatives`` ([{surface, start, why}]). Offsets are Python ``str`` indices into ``text``.
Reading them is :mod:`mentionmap.gold`'s job (its names are re-exported here).

Scoring rules
-------------
* **Region level** (document x region pairs). For each document the gold set is its
  ``regions`` list and the predicted set is the set of regions of all predicted mentions.
  A pair in both is a true positive, a predicted pair not in gold a false positive, a gold
  pair not predicted a false negative. Counts are summed over documents (micro average),
  per language and overall.
* **Mention level, strict** (the headline mention figure). A predicted mention matches a
  gold mention when ``start``, ``end`` (``start + len(surface)``) and ``region`` are all
  equal. An area name (Donbas) is one gold object per covered region, so it is matched (or
  missed) once per region. Each gold mention matches at most one prediction; a duplicate
  prediction of the same span and region is a false positive.
* **Mention level, lenient** (secondary). A prediction matches a gold mention of the same
  region whose span overlaps it (shares at least one character), one-to-one, greedily in
  text order. "Kherson" against gold "Kherson region" is a lenient hit, a strict miss.
* ``kind`` and ``metonymic`` are not scored.
* Precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2TP / (2TP + FP + FN); a ratio
  whose denominator is 0 is undefined and shown as ``n/a`` (never a division by zero).
* **Trap hits**: predicted mentions (distinct span + region) whose span overlaps a gold
  negative (a football club, a ship, Odessa in Texas...). They are counted apart; they are
  usually also mention-level false positives.
* Gold mentions whose offset does not match ``text`` are re-anchored on the nearest
  occurrence of their surface within 32 characters and reported as a warning; if none is
  found they leave the mention-level score (the document's ``regions`` still count).
  A malformed line (bad JSON, missing keys) is reported with its file and line and skipped.

The naive baseline (:func:`baseline_extractor`) looks up every gazetteer name without
inflection: case-insensitive, whole-word (Unicode letters and digits), leftmost-longest,
every region the name belongs to, no disambiguation.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mentionmap.gold import (  # noqa: F401  (re-exported: gold used to live here)
    GoldError,
    GoldRecord,
    Span,
    format_gold_errors,
    load_gold,
    parse_gold_line,
)

Extractor = Callable[..., Iterable]  # extractor(text, lang=lang) -> iterable of mentions


@dataclass(slots=True)
class Counts:
    """True/false positive/negative counts with derived ratios (``None`` when 0/0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(slots=True)
class Scores:
    """Figures for one language (or all): documents, region/mention counts, trap hits."""

    docs: int = 0
    region: Counts = field(default_factory=Counts)
    mention: Counts = field(default_factory=Counts)
    lenient: Counts = field(default_factory=Counts)
    traps: int = 0

    def add(self, other: Scores) -> None:
        self.docs += other.docs
        self.traps += other.traps
        self.region.add(other.region)
        self.mention.add(other.mention)
        self.lenient.add(other.lenient)


@dataclass(frozen=True, slots=True)
class Finding:
    """One error or trap, located: a mention-level FP/FN, a region-level FP/FN, or a trap."""

    doc_id: str
    lang: str
    surface: str
    start: int | None
    end: int | None
    region: str
    sentence: str = ""
    note: str = ""  # trap: the negative's "why"; region FP/FN: the surfaces involved


@dataclass(slots=True)
class Report:
    """Result of :func:`evaluate`. ``by_lang`` is keyed by the gold ``lang``."""

    by_lang: dict[str, Scores]
    overall: Scores
    traps: list[Finding]
    false_positives: list[Finding]  # mention level, strict
    false_negatives: list[Finding]
    region_false_positives: list[Finding]
    region_false_negatives: list[Finding]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# --------------------------------------------------------------------------- scoring


def to_spans(predicted: Iterable) -> list[Span]:
    """Reduce extractor output (objects or dicts with region, surface, start[, end, kind])
    to :class:`Span`; ``end`` defaults to ``start + len(surface)``."""
    spans = []
    for p in predicted:
        get = p.get if isinstance(p, dict) else lambda k, d=None, p=p: getattr(p, k, d)
        surface, start = get("surface"), get("start")
        end = get("end") or start + len(surface)
        spans.append(Span(start, end, get("region"), surface, get("kind") or ""))
    return spans


def score_document(
    record: GoldRecord, predicted: Sequence[Span]
) -> tuple[Scores, dict[str, list[Finding]]]:
    """Score one document's predictions against its gold; return its scores and findings
    (keys: traps, fp, fn, region_fp, region_fn)."""
    s = Scores(docs=1)

    def finding(sp: Span, note: str = "") -> Finding:
        sentence = sentence_around(record.text, sp.start, sp.end)
        return Finding(
            record.id, record.lang, sp.surface, sp.start, sp.end, sp.region, sentence, note
        )

    # region level
    pred_regions = {p.region for p in predicted}
    s.region = Counts(
        len(pred_regions & record.regions),
        len(pred_regions - record.regions),
        len(record.regions - pred_regions),
    )
    found: dict[str, list[Finding]] = {k: [] for k in ("traps", "fp", "fn", "region_fp")}
    for region in sorted(pred_regions - record.regions):
        surfaces = sorted({p.surface for p in predicted if p.region == region})
        found["region_fp"].append(
            Finding(record.id, record.lang, "", None, None, region, "", ", ".join(surfaces))
        )
    found["region_fn"] = [
        Finding(
            record.id,
            record.lang,
            "",
            None,
            None,
            region,
            "",
            ", ".join(sorted({m.surface for m in record.mentions if m.region == region})),
        )
        for region in sorted(record.regions - pred_regions)
    ]

    # mention level, strict: multiset intersection on (start, end, region)
    def key(sp: Span) -> tuple[int, int, str]:
        return (sp.start, sp.end, sp.region)

    gold_left = Counter(key(m) for m in record.mentions)
    for p in sorted(predicted, key=key):
        if gold_left[key(p)] > 0:
            gold_left[key(p)] -= 1
            s.mention.tp += 1
        else:
            s.mention.fp += 1
            found["fp"].append(finding(p))
    for m in record.mentions:
        if gold_left[key(m)] > 0:
            gold_left[key(m)] -= 1
            s.mention.fn += 1
            found["fn"].append(finding(m))

    # mention level, lenient: overlapping span and same region, one-to-one, text order
    used: set[int] = set()
    for m in sorted(record.mentions, key=key):
        for i, p in enumerate(predicted):
            if i not in used and p.region == m.region and _overlaps(p, m):
                used.add(i)
                s.lenient.tp += 1
                break
        else:
            s.lenient.fn += 1
    s.lenient.fp = len(predicted) - len(used)

    # trap hits: distinct predicted (span, region) overlapping a gold negative
    for p in sorted(set(predicted), key=key):
        neg = next((n for n in record.negatives if _overlaps(p, n)), None)
        if neg is not None:
            s.traps += 1
            found["traps"].append(finding(p, f"negative {neg.surface!r}: {neg.region}"))
    return s, found


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"»”)\]])|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` holding ``text[start:end]``, stripped."""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return text[left : m.end() if m else len(text)].strip()


def evaluate(records: Iterable[GoldRecord], extractor: Extractor | None = None) -> Report:
    """Run ``extractor(text, lang=lang)`` on every gold record and score it (rules in the
    module docstring). The default extractor is :func:`mentionmap.mentions.extract_mentions`."""
    if extractor is None:
        from mentionmap.mentions import extract_mentions as extractor
    report = Report({}, Scores(), [], [], [], [], [])
    for record in records:
        predicted = to_spans(extractor(record.text, lang=record.lang))
        scores, found = score_document(record, predicted)
        report.by_lang.setdefault(record.lang, Scores()).add(scores)
        report.overall.add(scores)
        report.traps += found["traps"]
        report.false_positives += found["fp"]
        report.false_negatives += found["fn"]
        report.region_false_positives += found["region_fp"]
        report.region_false_negatives += found["region_fn"]
    return report


# --------------------------------------------------------------------------- formatting


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_report(report: Report, details: bool = False) -> str:
    """Plain-text report: an aligned table per language and overall, then the trap hits,
    region-level and mention-level false positives/negatives (with sentences if ``details``)."""
    header = ["lang", "docs", "reg P", "reg R", "reg F1", "men P", "men R", "men F1"]
    header += ["len F1", "reg tp/fp/fn", "men tp/fp/fn", "traps"]
    rows = [header]
    for lang, s in [*sorted(report.by_lang.items()), ("all", report.overall)]:
        r, m = s.region, s.mention
        ratios = [r.precision, r.recall, r.f1, m.precision, m.recall, m.f1, s.lenient.f1]
        counts = [f"{r.tp}/{r.fp}/{r.fn}", f"{m.tp}/{m.fp}/{m.fn}", str(s.traps)]
        rows.append([lang, str(s.docs), *map(_fmt, ratios), *counts])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join([row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, len(row))])
        for row in rows
    ]
    sections = [
        ("trap hits", report.traps),
        ("region false positives", report.region_false_positives),
        ("region false negatives", report.region_false_negatives),
        ("mention false positives", report.false_positives),
        ("mention false negatives", report.false_negatives),
    ]
    for title, items in sections:
        lines.append("")
        lines.append(f"{title} ({len(items)}):")
        lines.extend(_format_finding(f, details) for f in items)
    return "\n".join(lines)


def _format_finding(f: Finding, details: bool) -> str:
    where = "" if f.start is None else f" {f.start}-{f.end}"
    what = f" {f.surface!r}" if f.surface else ""
    note = f"  [{f.note}]" if f.note else ""
    line = f"  {f.doc_id}{where}{what} {f.region}{note}"
    if details and f.sentence:
        line += "\n      " + " ".join(f.sentence.split())
    return line


# --------------------------------------------------------------------------- naive baseline


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets kept: characters whose lower case is longer (e.g. "İ")
    are left as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def baseline_extractor(names: Iterable[tuple[str, str]] | None = None) -> Extractor:
    """The naive baseline: exact lookup of every gazetteer name (``(name, iso)`` pairs,
    default :func:`mentionmap.gazetteer.gazetteer_names`), case-insensitive whole-word,
    leftmost-longest, one mention per region the name belongs to, no morphology and no
    disambiguation. Kind is "region" for names that contain a region word, else "city"."""
    import ahocorasick

    if names is None:
        from mentionmap.gazetteer import gazetteer_names

        names = gazetteer_names()
    table: dict[str, set[str]] = {}
    for name, iso in names:
        if name.strip():
            table.setdefault(lower_same_length(name.strip()), set()).add(iso)
    automaton = ahocorasick.Automaton()
    for key, isos in table.items():
        automaton.add_word(key, (len(key), tuple(sorted(isos))))
    automaton.make_automaton()

    def extract(text: str, lang: str | None = None) -> list[Span]:
        low = lower_same_length(text)
        hits = []
        for last, (length, isos) in automaton.iter(low):
            start, end = last - length + 1, last + 1
            if (start == 0 or not _is_word_char(text[start - 1])) and (
                end == len(text) or not _is_word_char(text[end])
            ):
                hits.append((start, end, isos))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out, covered = [], 0
        for start, end, isos in hits:
            if start < covered:
                continue
            covered = end
            surface = text[start:end]
            kind = "region" if _REGION_WORD.search(surface) else "city"
            out.extend(Span(start, end, iso, surface, kind) for iso in isos)
        return out

    return extract


_REGION_WORD = re.compile(r"(?i)oblast|region|province|област|район|щин|ччин|crimea|крим|крым")
