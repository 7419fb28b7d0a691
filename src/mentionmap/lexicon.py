"""Look-ups in the pymorphy3 Ukrainian and Russian dictionaries: whether a word is a
known first name or can be a finite verb (clues that a capitalised word is not a
place), and the analysers themselves.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def analyser(lang: str):
    """The pymorphy3 analyser for "uk" or "ru" (loaded once), or None if unavailable."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ImportError, ValueError, OSError):  # pragma: no cover - declared dependency
        return None


def _parses(word: str):
    for lang in ("uk", "ru"):
        a = analyser(lang)
        if a is not None and a.word_is_known(word.lower()):
            yield from (p for p in a.parse(word.lower()) if p.is_known)


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """True if a Ukrainian or Russian dictionary knows ``word`` as a first name
    (Сергій, Сергей, Анна, Павло)."""
    return any("Name" in p.tag.grammemes for p in _parses(word))


@lru_cache(maxsize=4096)
def is_finite_verb(word: str) -> bool:
    """True if ``word`` can be a finite verb form (заявил, повідомив, said-like)."""
    return any("VERB" in p.tag.grammemes for p in _parses(word))
