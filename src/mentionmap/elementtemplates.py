"""One compiled jinja template per template text, for the map's folium/branca elements.

branca compiles an element's template from its text when the element is made and again
each time it is unpickled. The dashboard's cached map layers are unpickled on every run
(``st.cache_data`` hands each run its own copy), which recompiled some fifty templates,
about 0.1 s of every rerun. :func:`share_compiled_templates` makes branca take templates
from a per-process cache keyed on their text instead: a compiled template is immutable
and safe to render from several threads, and the text still determines what is rendered.
"""

from __future__ import annotations

from functools import lru_cache

import branca.element
from jinja2 import Template


@lru_cache(maxsize=512)
def compiled(source: str) -> Template:
    """The jinja template of ``source``, compiled once per process."""
    return Template(source)


def share_compiled_templates() -> None:
    """Route branca's ``Template(text)`` calls (element creation and unpickling) to
    :func:`compiled`. Idempotent."""
    branca.element.Template = compiled  # type: ignore[assignment, misc]
