"""Local vetoes: why a capitalised match is not a place, judged from the few words on
each side (sports clubs, a dish, a disease, historical states and wars, stations, the river
Dnipro, ships, seas, districts, military units, titles and initials). Part of the policy
stated in :mod:`mentionmap.disambiguation` (rules 3 and 4); the word lists are in
:mod:`mentionmap.cuewords`.
"""

from __future__ import annotations

import re

import ahocorasick_rs

from mentionmap.cuewords import (
    CLUB_WORDS,
    DISEASE_NEXT,
    HISTORICAL_NEXT,
    NOT_GIVEN_NAMES,
    RIVER_FORMS,
    RIVER_WORDS,
    STATION_NEXT,
    STREET_NEXT,
    STREET_WORDS_CYR,
    TITLES,
    UNIT_WORDS,
    VESSEL_WORDS,
)
from mentionmap.disambiguation import is_sentence_initial

_INITIAL_BEFORE = re.compile(r"(?:^|\s)[A-ZА-ЯІЇЄҐ]\.\s?$")
# A romanised adjectival form of a region's name (Odeska, Zaporizka, Kievskaya, Kyivskyi):
# a region on its own ("Kherson and Zaporizka"), but also a surname or a station's name.
_LATIN_ADJECTIVE = re.compile(r"[A-Z][a-z'’-]*(?:ka|kaya|kyi|kiy|ky|koye|koe|ke)")
_GIVEN_NAME_BEFORE = re.compile(r"(?:^|[\s(\"“«])([A-Z][a-z]+) $")


_PUNCT = ".,;:!?\"'«»()[]“”„‘’…*/"


def prev_words(norm: str, start: int, n: int = 3) -> list[str]:
    """Up to ``n`` words before ``start`` (nearest last), from the normalised text,
    stripped of punctuation."""
    return [s for w in norm[max(0, start - 45) : start].split()[-n:] if (s := w.strip(_PUNCT))]


def next_words(norm: str, end: int, n: int = 2) -> list[str]:
    """Up to ``n`` words after ``end`` from the normalised text, stripped of punctuation."""
    return [s for w in norm[end : end + 50].split()[:n] if (s := w.strip(_PUNCT))]


def _between_is_names(text: str, a: int, b: int) -> bool:
    """True if text[a:b] holds only capitalised words, 'and', 'і', 'и', commas, quotes."""
    for token in re.findall(r"\S+", text[a:b]):
        core = token.strip(",\"'“”«»‘’")
        if not core or core in ("and", "і", "и", "та"):
            continue
        if not core[0].isupper():
            return False
    return True


def _capitalised_at(text: str, norm: str, word: str, end: int) -> bool:
    pos = norm.find(word, end)
    return pos >= 0 and text[pos].isupper()


def _district_follows(following: list[str]) -> bool:
    """True if the next words are "район(и)" or "і/и/та <adjective> район(и)"."""
    if following and following[0].startswith(("район", "district")):
        return True
    return (
        len(following) >= 3
        and following[0] in ("и", "і", "та", "й")
        and following[2].startswith(("район", "district"))
    )


def local_veto(text: str, norm: str, start: int, end: int, is_adjective: bool) -> str | None:
    """A reason why the match text[start:end] is not a place, judged from its neighbours,
    or None. Offsets are Python ``str`` indices into ``text`` (== into ``norm``)."""
    initial = text[start]
    if not initial.isupper() and not (is_adjective and initial >= "\u0400"):
        return "not capitalised: a common word, not a place name"
    left = norm[start - 45 if start > 45 else 0 : start]
    right = norm[end : end + 50]
    if not is_adjective:
        # Quick look (hot path): the nearest word on each side, and whether any vessel word
        # occurs in the windows at all. Where none of word_veto's word tests can apply,
        # only the river's test (names that start with d/д) and _person_before are left.
        lw = left.rsplit(None, 1)
        last = lw[-1].strip(_PUNCT) if lw else ""
        rw = right.split(None, 1)
        nxt = rw[0].strip(_PUNCT) if rw else ""
        if (
            (last or not lw)  # else the nearest word is further back: see below
            and (nxt or not rw)
            and last not in _LAST_CUES
            and (last != "of" or "sea" not in left)  # "Sea of Azov"
            and nxt not in _NEXT_CUES
            and not _vessel_word_in(left, right)
        ):
            return (norm[start] in "dд" and _river_veto(norm, start, end, last, nxt)) or (
                _person_before(text, start, last, end)
            )
    return word_veto(text, norm, start, end, is_adjective)


def word_veto(text: str, norm: str, start: int, end: int, is_adjective: bool) -> str | None:
    """:func:`local_veto` for a capitalised match, read from the word lists on each side
    (the quick look in local_veto gives the same answer where it answers)."""
    left = norm[start - 45 if start > 45 else 0 : start]
    right = norm[end : end + 50]
    # prev_words(norm, start, 4) and next_words(norm, end, 5), inlined (hot path)
    # (rsplit/split with a limit cut only the words kept: same lists, fewer strings)
    before = [s for w in left.rsplit(None, 4)[-4:] if (s := w.strip(_PUNCT))]
    following = [s for w in right.split(None, 5)[:5] if (s := w.strip(_PUNCT))]
    # the nearest word on each side, "" if none (no word list below holds "")
    last = before[-1] if before else ""
    nxt = following[0] if following else ""
    if (
        last not in _LAST_CUES
        and nxt not in _NEXT_CUES
        and not is_adjective
        and VESSEL_WORDS.isdisjoint(before)
        and VESSEL_WORDS.isdisjoint(following)
    ):
        # of the word tests below, only the river's and "Sea of" can apply
        veto = _river_veto(norm, start, end, last, nxt)
        if veto is None and last == "of" and len(before) >= 2 and before[-2] == "sea":
            veto = "sea name (Sea of Azov)"
        return veto or _person_before(text, start, last, end)
    if last in CLUB_WORDS:
        pos = norm.rfind(before[-1], max(0, start - 40), start)
        # a club name is capitalised; a Cyrillic one at the start of a sentence may be a
        # plain word ("Рух Кримським мостом": traffic on the bridge)
        if (
            pos >= 0
            and (text[pos].isupper() or before[-1] in ("fc", "фк"))
            and not (text[pos] >= "\u0400" and is_sentence_initial(text, pos))
        ):
            return f"sports club ({before[-1]} …)"
    if nxt in CLUB_WORDS and text[end : end + 1] == " " and text[end + 1].isupper():
        return f"sports club (… {nxt})"
    if last == "chicken":
        return "dish (chicken Kiev)"
    if nxt in DISEASE_NEXT:
        return "disease name (Crimean-Congo fever)"
    if nxt in HISTORICAL_NEXT:
        return f"historical state or war (… {nxt})"
    if is_adjective and nxt.startswith("вокзал"):
        return "station named after its destination (e.g. Moscow's Kievsky station)"
    named = _named_after(text, start, end, last, nxt, is_adjective)
    if named:
        return named
    veto = _river_veto(norm, start, end, last, nxt)
    if veto:
        return veto
    # ships: a vessel word shortly before, with only names/and/commas between
    for i, word in enumerate(reversed(before) if not VESSEL_WORDS.isdisjoint(before) else ()):
        if word in VESSEL_WORDS:
            pos = norm.rfind(word, max(0, start - 60), start)
            if pos >= 0 and _between_is_names(text, pos + len(word), start):
                return f"ship name ({word} …)"
            break
        if i >= 3:
            break
    for i, word in enumerate(following if not VESSEL_WORDS.isdisjoint(following) else ()):
        if word in VESSEL_WORDS:
            pos = norm.find(word, end)
            if _between_is_names(text, end, pos):
                return f"ship name (… {word})"
            break
        if word not in ("and", "і", "и", "та") and not _capitalised_at(text, norm, word, end):
            break
        if i >= 3:
            break
    if (last == "of" and len(before) >= 2 and before[-2] == "sea") or nxt in _SEA_NEXT:
        return "sea name (Sea of Azov)"
    if is_adjective and _district_follows(following):
        return "district named after a place (Киевский район of another city)"
    if nxt in UNIT_WORDS:
        return f"name of a military unit or movement (… {nxt})"
    return _person_before(text, start, last, end)


def _river_veto(norm: str, start: int, end: int, last: str, nxt: str) -> str | None:
    """The river Dnipro/Dnieper, not the city: "the Dnipro", "річка Дніпро", "на Дніпрі"."""
    low = norm[start:end]
    if low in RIVER_FORMS or low.partition(" ")[0] in RIVER_FORMS:
        if (last in RIVER_WORDS or last == "the") or nxt in _RIVER_NEXT:
            return "the river Dnipro/Dnieper"
        if last == "на" and low[-1] in "іе":
            return "the river Dnipro (на Дніпрі/на Днепре)"
    return None


def _person_before(text: str, start: int, last: str, end: int | None = None) -> str | None:
    """An initial or a title (``last``, the word before) right before a name: a person;
    or, for a romanised adjectival form (``text[start:end]``), a given name before it."""
    window = text[start - 4 if start > 4 else 0 : start]
    if "." in window and _INITIAL_BEFORE.search(window):
        return "surname after an initial"
    if last in TITLES and text[max(0, start - 1) : start] == " ":
        return f"person's name after a title ({last})"
    if end is not None and _LATIN_ADJECTIVE.fullmatch(text, start, end):
        given = _GIVEN_NAME_BEFORE.search(text, max(0, start - 30), start)
        if given and given.group(1).lower() not in NOT_GIVEN_NAMES:
            return f"surname after a given name ({given.group(1)} …)"
    return None


def _named_after(text: str, start: int, end: int, last: str, nxt: str, adj: bool) -> str | None:
    """A street or a station named after the place: "Kherson Street", "Kievskaya metro
    station", "вулиця Херсонська" (the street is elsewhere, or anywhere)."""
    if nxt in STREET_NEXT and text[end : end + 1] == " " and text[end + 1 : end + 2].isupper():
        return f"street named after a place (… {nxt})"
    if nxt in STATION_NEXT and _LATIN_ADJECTIVE.fullmatch(text, start, end):
        return "station named after its destination (e.g. Moscow's Kievskaya station)"
    if adj and (last in STREET_WORDS_CYR or nxt in STREET_WORDS_CYR):
        return "street named after a place (вулиця Херсонська)"
    return None


# The words local_veto's tests look for right before (after) a match, except the river's
# and "Sea of": where neither neighbour is one of them, no vessel word is near and the match
# is no adjective, only those two tests and _person_before can apply.
_SEA_NEXT = ("sea", "море", "моря", "морі", "морем")
_RIVER_NEXT = ("river", "ріка", "річка", "река")
_LAST_CUES = CLUB_WORDS | TITLES | {"chicken"} | STREET_WORDS_CYR
# every vessel word as a substring key: no hit in a window means no vessel word in it
_VESSELS = ahocorasick_rs.AhoCorasick(sorted(VESSEL_WORDS))


def _vessel_word_in(left: str, right: str) -> bool:
    """True if a vessel word occurs (as a substring) in ``left`` or in ``right``: one scan
    of both, joined by a character that no vessel word holds."""
    try:
        return bool(_VESSELS.find_matches_as_indexes(left + "\0" + right))
    except UnicodeEncodeError:  # a lone surrogate: scan without it (no vessel word holds one)
        joined = (left + "\0" + right).encode("utf-8", "replace").decode()
        return bool(_VESSELS.find_matches_as_indexes(joined))


_NEXT_CUES = (
    CLUB_WORDS | DISEASE_NEXT | HISTORICAL_NEXT | UNIT_WORDS | STREET_NEXT | STATION_NEXT
) | frozenset(_SEA_NEXT)
