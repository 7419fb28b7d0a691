"""One compiled jinja template per template text, for the map's folium/branca elements.

branca compiles an element's template from its text when the element is made and again
each time it is unpickled. The dashboard's cached map layers are unpickled on every run
(``st.cache_data`` hands each run its own copy), which recompiled some fifty templates,
about 0.1 s of every rerun. :func:`share_compiled_templates` makes branca take templates
from a per-process cache keyed on their text instead: a compiled template is immutable
and safe to render from several threads, and the text still determines what is rendered.
Text without jinja markup (folium wraps every rendered script in such an element) is not
compiled at all: it renders as itself (:class:`Verbatim`).
"""

from __future__ import annotations

from functools import lru_cache

import branca.element
from jinja2 import Template

_MARKUP = ("{{", "{%", "{#")  # jinja's default delimiters: text without them is verbatim


class Verbatim:
    """A template of text without jinja markup: renders as jinja would (newlines as
    ``\\n``, one trailing newline dropped) without compiling anything."""

    def __init__(self, source: str) -> None:
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args: object, **kwargs: object) -> str:
        return self.text


def compiled(source: str) -> Template | Verbatim:
    """The jinja template of ``source``, compiled once per process; text without jinja
    markup (the rendered scripts folium wraps in elements: region shapes, markers, up to
    hundreds of KB each) becomes a :class:`Verbatim` instead of being compiled and kept."""
    if not any(mark in source for mark in _MARKUP):
        return Verbatim(source)
    return _compiled(source)


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    return Template(source)


def share_compiled_templates() -> None:
    """Route branca's ``Template(text)`` calls (element creation and unpickling) to
    :func:`compiled`. Idempotent."""
    branca.element.Template = compiled  # type: ignore[assignment, misc]
