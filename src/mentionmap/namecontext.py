"""Vetoes read from the words around a name: a capitalised word before or after a minor
place (a person's or an organisation's name), a first name next to a Cyrillic name (a
surname), a newspaper word after a name (a title). Part of the policy stated in
:mod:`mentionmap.disambiguation` (rule 3, and "media" in rule 4).
"""

from __future__ import annotations

import re

from mentionmap.cuewords import INSTITUTION_WORDS, MEDIA_NEXT
from mentionmap.disambiguation import is_sentence_initial
from mentionmap.lexicon import is_finite_verb, is_given_name
from mentionmap.readings import Reading

_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def prev_word(text: str, pos: int, endpos: int) -> tuple[str, int] | None:
    """What ``_PREV_WORD.search(text, pos, endpos)`` finds, without the regex's retries
    at every position: (the word, the offset where the match starts) or None."""
    q = endpos
    while q > pos and text[q - 1].isspace():
        q -= 1
    if q == endpos:
        return None
    r = q
    while r > pos and (text[r - 1].isalnum() or text[r - 1] in "_'’-"):
        r -= 1
    for p in range(r, q):
        c = text[p]
        if c.isalnum() and not c.isdecimal() and c != "_":
            return text[p:q], p
    return None


def surname_veto(text: str, r: Reading, start: int, end: int, is_adj: bool) -> str | None:
    """A capitalised Cyrillic name next to a first name ("Сергей Луганский", "Луганський
    Олег"), or a capitalised adjective in mid-sentence followed by a verb ("… Луганский
    заявил"), is a person's surname."""
    if not r.surname_like:  # acronyms (ДНР) are not surnames
        return None
    surface = text[start:end].lower()
    nominative = surface in r.names_lower or (
        is_adj and surface.endswith(("ий", "ій", "ый", "ой", "а", "ая", "і", "ие", "ые"))
    )
    if not nominative:  # a surname is in the nominative next to a first name
        return None
    before = prev_word(text, max(0, start - 30), start)
    after = _NEXT_WORD.match(text, end)
    if before and before[0][0].isupper() and is_given_name(before[0]):
        return f"surname after the first name {before[0]!r}"
    if after and after.group(1)[0].isupper() and is_given_name(after.group(1)):
        return f"surname before the first name {after.group(1)!r}"
    if (
        is_adj
        and not is_sentence_initial(text, start)
        and after
        and after.group(1)[0].islower()
        and is_finite_verb(after.group(1))
    ):
        return "capitalised adjective as the subject of a verb: a surname"
    return None


_TITLE_CASE_FUNCTION_WORDS = frozenset(
    ["in", "at", "near", "from", "to", "of", "the", "and", "on", "for", "by", "with", "into"]
)
# Capitalised words before a place that describe it rather than name a person:
# nationality adjectives ("Ukrainian Tokmak") and hyphenated compounds whose last part is
# lower case ("Russian-occupied Tokmak", "Kremlin-backed", "Ukraine-controlled").
_DESCRIBING_WORDS = frozenset(["russian", "ukrainian", "soviet", "occupied", "liberated"])
_LOWER_COMPOUND = re.compile(r"-[a-z]+$")


def title_case_line(text: str, pos: int) -> bool:
    """True if the line around ``pos`` is a Title Case headline (capitals prove little)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    words = [w for w in text[a : b if b >= 0 else len(text)].split() if w[:1].isalpha()]
    if len(words) < 3 or len(words) > 25:
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


_NEXT_NAME = re.compile(r" ([^\W\d_][\w']*)")
_MEDIA_INITIALS = frozenset(word[0] for word in MEDIA_NEXT)


def name_context_veto(
    text: str, r: Reading, start: int, end: int, folded: bool, cyrillic: bool
) -> str | None:
    """Vetoes that depend on the kind of name: a minor place directly after or before a
    capitalised word (outside a Title Case headline) is part of a person's or an
    organisation's name ("Andriy Shevchenko", "Volodymyr Saldo", "Azov Regiment"); any
    name followed by a newspaper word is a title ("Kyiv Post")."""
    if r.acronym and not text[start:end].isupper():
        return f"the acronym {r.first.name} written in lower case: a common word"
    if folded:
        return None
    if r.club_village:
        return "a village name that is also a sports club's name (Metalist, Zorya)"
    minor_place = r.minor_place
    if minor_place and not cyrillic:
        prev = prev_word(text, max(0, start - 30), start)
        if (
            prev
            and prev[0][0].isupper()
            and prev[0].lower() not in _TITLE_CASE_FUNCTION_WORDS
            and prev[0].lower() not in _DESCRIBING_WORDS
            and not _LOWER_COMPOUND.search(prev[0])
            and not is_sentence_initial(text, prev[1])
            and not title_case_line(text, start)
        ):
            return f"after the capitalised word {prev[0]!r}: a person's name"
    if not minor_place and text[end + 1 : end + 2].lower() not in _MEDIA_INITIALS:
        return None  # only a newspaper word could follow, and none starts so
    nxt = _NEXT_NAME.match(text, end, end + 40)
    if not nxt:
        return None
    word = nxt.group(1)
    if word.lower() in MEDIA_NEXT:
        return f"title of a newspaper or media outlet (… {word})"
    if (
        minor_place
        and word[0].isupper()
        and word.lower() not in INSTITUTION_WORDS
        and not word.isupper()
        and not title_case_line(text, start)
    ):
        return f"followed by the capitalised word {word!r}: a person's or organisation's name"
    return None
