"""Tests for mentionmap.mapstyle: count classes for the map's colours."""

from __future__ import annotations

import pytest

from mentionmap import mapstyle


@pytest.mark.parametrize("max_count", [1, 2, 5, 6, 7, 12, 100, 12345])
def test_count_classes_cover_every_count_once(max_count):
    classes = mapstyle.count_classes(max_count)
    covered = [v for low, high in classes for v in range(low, high + 1)]
    assert covered == list(range(1, max_count + 1))
    assert len(classes) <= mapstyle.MAX_CLASSES
