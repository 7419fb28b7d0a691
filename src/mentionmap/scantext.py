"""The normalised text the matcher scans.

:func:`normalise` folds case, apostrophes, dashes and whitespace while keeping the
text's length, so offsets into the result are offsets into the text;
:func:`scan_text` turns that into the space-padded string the Aho-Corasick
automaton of :mod:`mentionmap.gazetteer` runs on.
"""

from __future__ import annotations

_FOLD = {
    **{ord(c): "'" for c in "’ʼ‘`´ʹ′"},
    **{ord(c): " " for c in "-‐‑‒–—―\n\r\t\u00a0\u2009\u202f\u2007\u200a\u2002\u2003"},
    ord("ё"): "е",
    ord("Ё"): "е",
    ord("є"): "е",
    ord("Є"): "е",
}


def normalise(text: str) -> str:
    """Lower-case ``text`` and fold apostrophes to ', dashes and whitespace to a space,
    ё and є to е (Сєвєродонецьк = Сєверодонецьк), keeping the length so that offsets
    into the result are offsets into ``text``. Characters whose lower case is longer
    than one character (e.g. 'İ') are kept as is."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, repl in _FOLD_PAIRS:
        if char in low:
            low = low.replace(char, repl)
    return low


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())
# Punctuation that can stand right before or inside a name; each becomes a space.
_SCAN_SPACES = tuple("'\"()[]{}«»“”„‘/\\.,;:!?*#@+&<>|=~^%$_…№•·")


def scan_text(norm: str) -> str:
    """The string the automaton runs on: :func:`normalise`'s output with apostrophes and
    punctuation replaced by spaces, between a leading and a trailing space. Every key in
    the automaton starts and ends with a space, so a match is always a run of whole
    words. Index ``i`` here is index ``i - 1`` in the text."""
    for char in _SCAN_SPACES:
        if char in norm:
            norm = norm.replace(char, " ")
    return " " + norm + " "
