"""Article languages: ISO 639-1 codes, normalised as given or guessed from the script.

The guess needs no model and works offline; it tells Ukrainian, Russian and English apart
(the languages the extractor reads) and answers None for anything else.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mentionmap.articles import Article

_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")
_EN_COMMON = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
    "at", "from", "it", "said", "are", "be", "has", "have", "were", "its", "an", "which", "this",
    "but", "not", "after", "their", "will", "they",
})  # fmt: skip
_WORD = re.compile(r"[a-z']+")


def detect_lang(text: str) -> str | None:
    """Guess "uk", "ru" or "en" from the script (no model, works offline), else None.

    Cyrillic text is Ukrainian when letters only Ukrainian uses (і ї є ґ) outnumber
    those only Russian uses (ы э ъ ё), Russian when the reverse holds. Latin text is
    English when at least a fifth of its words are common English function words.
    Only the first 5,000 characters are read.
    """
    sample = text[:5000].lower()
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic * 2 > len(letters):
        uk = sum(c in _UK_ONLY for c in letters)
        ru = sum(c in _RU_ONLY for c in letters)
        return "uk" if uk > ru else "ru" if ru > uk else None
    if sum("a" <= c <= "z" for c in letters) * 2 > len(letters):
        words = _WORD.findall(sample)
        if words and sum(w in _EN_COMMON for w in words) * 5 >= len(words):
            return "en"
    return None


def with_lang(article: Article) -> Article:
    """``article`` with ``lang`` as a lower-case ISO 639-1 code, detected when absent."""
    lang = (article.lang or "").strip().lower().replace("_", "-").split("-")[0] or None
    if lang is None:
        lang = detect_lang(article.text)
    return article if lang == article.lang else replace(article, lang=lang)
