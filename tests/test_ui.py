"""Tests for mentionmap.ui: the session's warm-up (what it imports ahead of the first map)."""

from __future__ import annotations


def test_issue5_warm_up_imports_no_component_module():
    """A custom component imported outside a script run is never registered, and its map
    would show "Component not found" (seen once in eight browser starts)."""
    from mentionmap import ui

    assert not [m for m in ui._WARM_MODULES if m.startswith("streamlit")]
