"""Tests for mentionmap.elementtemplates: branca's templates come from one per-process
cache, and text without jinja markup is rendered as jinja would without being compiled."""

from __future__ import annotations

import pytest
from jinja2 import Template

from mentionmap.elementtemplates import Verbatim, compiled


@pytest.mark.parametrize(
    "source",
    ["var x = 1;", "a\n", "a\n\n", "a\r\nb\r\n", "a\rb", "", "\n", " { } {x} ", "  indented\n"],
)
def test_issue5_verbatim_renders_like_jinja(source):
    assert isinstance(compiled(source), Verbatim)
    assert compiled(source).render(this=None, kwargs={}) == Template(source).render()


@pytest.mark.parametrize("source", ["{{ this }}", "{% if 1 %}x{% endif %}", "{# note #}x"])
def test_issue5_markup_is_compiled_once(source):
    template = compiled(source)
    assert isinstance(template, Template)
    assert compiled(source) is template
    assert template.render(this="t") == Template(source).render(this="t")


def test_issue5_large_rendered_scripts_are_not_kept_compiled():
    """A rendered layer script (its data inline) is never compiled or cached."""
    script = "var geo = " + "[1.5, 2.5], " * 20000 + ";"
    first, second = compiled(script), compiled(script)
    assert isinstance(first, Verbatim) and first is not second
    assert first.render() == script
