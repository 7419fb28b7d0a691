"""Sentence boundaries in news text (English, Ukrainian, Russian), for excerpts.

A sentence ends at a blank line, at a line break that is not a wrapped line, or at
. ! ? … (plus closing quotes or brackets) followed by space and a capital letter,
digit or opening quote. A full stop after an initial ("Vladimir V. Putin", "U.N.")
or a known abbreviation ("Mr.", "Gen.", "обл.", "г.") does not end a sentence.
Offsets are Python ``str`` indices.
"""

from __future__ import annotations

import bisect
import re

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "rev",
        "prof",
        "jr",
        "sr",
        "vs",
        "etc",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "co",
        "corp",
        "ltd",
        "dept",
        "est",
        "approx",
        "fig",
        "ga",
        "la",
        "mt",
        "ft",
        "pp",
        "vol",
        "ed",
        "eds",
        "al",
        "maj",
        "adm",
        "cmdr",
        "gov",
        "govt",
        "pres",
        "г",
        "гг",
        "ул",
        "им",
        "т",
        "д",
        "с",
        "обл",
        "смт",
        "р",
        "тыс",
        "млн",
        "млрд",
        "вул",
        "пр",
        "просп",
        "пл",
        "ст",
        "см",
        "рис",
        "напр",
        "др",
        "тис",
        "див",
        "акад",
        "проф",
    ]
)

# A candidate break: a run of terminators (plus closers) before space and a capital, digit
# or opening quote; a blank line; a line break. It opens with a character class so that
# ``search`` skips ahead to the next terminator or line break instead of trying every
# position: [.!?…]+X|\n\s*\n|\n written as [.!?…\n](?:(?<=[.!?…])[.!?…]*X|(?<=\n)\s*\n|(?<=\n)).
_CANDIDATE = re.compile(
    r"""[.!?…\n](?:(?<=[.!?…])[.!?…]*[)\]"'”»’]*(?=\s+[\"“«'‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9])"""
    r"""|(?<=\n)\s*\n|(?<=\n))"""
)


_LONGEST = max(len(a) for a in _ABBREVIATIONS)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the '.' at ``dot`` closes an initial or an abbreviation."""
    lo = dot - _LONGEST - 1 if dot > _LONGEST else 0  # a longer word is no abbreviation
    # usual case: a space, then the word (str.rfind and one isalpha instead of a walk back)
    k = text.rfind(" ", lo, dot)
    if k >= 0:
        word = text[k + 1 : dot]
        if word.isalpha():
            return len(word) == 1 or word.lower() in _ABBREVIATIONS
    i = dot
    if dot - lo > _LONGEST and text[lo:dot].isalpha():
        return False  # the word is longer than any abbreviation
    while i > lo and text[i - 1].isalpha():
        i -= 1
    word = text[i:dot]
    if not word:
        return False
    if len(word) > _LONGEST:
        return False
    if len(word) == 1:  # an initial ("Vladimir V. Putin", "U.N.") or "м. Херсон", "с. Буди"
        return True
    if i > 0 and text[i - 1] == "." and len(word) <= 2:  # "U.S." inner parts
        return True
    return word.lower() in _ABBREVIATIONS


def _break_at(text: str, m: re.Match[str]) -> int | None:
    """The sentence end made by candidate ``m``, or None if it is no sentence end."""
    start = m.start()
    first = text[start]
    if first == "\n":
        if m.group().count("\n") == 1:
            before = text[start - 8 if start > 8 else 0 : start].rstrip(" \t")
            after = text[m.end() : m.end() + 1]
            # a wrapped line: the line does not end a clause and the next starts lower case
            if before and (before[-1].islower() or before[-1] == ",") and after.islower():
                return None
        return start
    end = m.end()
    # a full stop alone (before closers only, not in a run such as "..." or ".?") may
    # close an abbreviation; the token is a run of terminators, then closers
    if (
        first == "."
        and (end == start + 1 or text[start + 1] not in ".!?…")
        and _is_abbreviation(text, start)
    ):
        return None
    return end


def sentence_breaks(text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Sorted offsets where a sentence ends (exclusive end of each sentence), from the
    candidate breaks that start in ``text[pos:endpos]``."""
    endpos = len(text) if endpos is None else endpos
    # a full stop's look-ahead needs a few characters past endpos
    found = _CANDIDATE.finditer(text, pos, min(len(text), endpos + 8))
    breaks = (_break_at(text, m) for m in found if m.start() < endpos)
    return [b for b in breaks if b is not None]


def has_rare_terminators(text: str) -> bool:
    """True if ``text`` holds "!", "?" or "…"; else only full stops and line breaks can end
    its sentences, which :func:`sentence_span` finds faster when told (``rare=False``)."""
    return "!" in text or "?" in text or "…" in text


def sentence_span(
    text: str,
    start: int,
    end: int,
    breaks: list[int] | None = None,
    floor: int = 0,
    rare: bool = True,
) -> tuple[int, int]:
    """The (start, end) offsets of the sentence that holds ``text[start:end]``, stripped
    of surrounding whitespace. Only the text around the mention is examined, unless
    ``breaks`` (all of :func:`sentence_breaks`) is passed; ``floor`` is a known sentence
    end at or before ``start`` (e.g. the end of a previous mention's sentence); ``rare``
    may be False only if :func:`has_rare_terminators` is False for ``text``."""
    if breaks is not None:
        i = bisect.bisect_right(breaks, start)
        s = breaks[i - 1] if i > 0 else 0
        j = bisect.bisect_left(breaks, end)
        e = breaks[j] if j < len(breaks) else len(text)
    else:
        s = _previous_break(text, start, floor, rare)
        e = _next_break(text, end, rare)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def _next_break(text: str, end: int, rare: bool = True) -> int:
    """The first sentence end at or after ``end``, else ``len(text)``."""
    pos = end - 4 if end > 4 else 0
    if rare:
        m = _CANDIDATE.search(text, pos)
        while m:
            b = _break_at(text, m)
            if b is not None and b >= end:
                return b
            m = _CANDIDATE.search(text, m.end())
        return len(text)
    # only "." and "\n" can start a candidate: str.find (memchr) finds the next one faster
    # than the regex's scan; a candidate that does not match is passed, as search would
    while True:
        i = text.find(".", pos)
        k = text.find("\n", pos, i) if i >= 0 else text.find("\n", pos)
        if k >= 0:
            i = k
        if i < 0:
            return len(text)
        m = _CANDIDATE.match(text, i)
        if m is None:
            pos = i + 1
            continue
        b = _break_at(text, m)
        if b is not None and b >= end:
            return b
        pos = m.end()


def _previous_break(text: str, start: int, floor: int = 0, rare: bool = True) -> int:
    """The last sentence end at or before ``start``, never before ``floor``: candidate
    full stops and line breaks are found right to left with ``str.rfind``."""
    floor = min(floor, start)
    hi = start
    while hi > floor:
        # the last of _TERMINATORS: the rarer ones only after the last "." or line break
        i = text.rfind(".", floor, hi)
        k = text.rfind("\n", i + 1 if i >= 0 else floor, hi)
        if k > i:
            i = k
        if rare:
            lo = i + 1 if i >= 0 else floor
            i = max(i, text.rfind("!", lo, hi), text.rfind("?", lo, hi), text.rfind("…", lo, hi))
        if i < 0:
            return floor
        j = i
        while j > floor and text[j - 1] in ".!?…":  # the start of a run such as "?!"
            j -= 1
        m = _CANDIDATE.match(text, j)
        if m:
            b = _break_at(text, m)
            if b is not None and b <= start:
                return b
        hi = j
    return floor


_TERMINATORS = ".!?…\n"
