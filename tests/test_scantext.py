"""Tests for mentionmap.scantext: the normalised, same-length text the matcher scans."""

from __future__ import annotations

import pytest

from mentionmap.scantext import normalise, scan_text


@pytest.mark.parametrize(
    "text", ["Kherson’s", "İstanbul and Kyiv", "Ёлка в Києві", "Zaporiz`ka—oblast", ""]
)
def test_issue2_normalise_keeps_length(text):
    out = normalise(text)
    assert len(out) == len(text)
    assert len(scan_text(out)) == len(text) + 2  # one space either side


def test_issue2_normalise_folds_case_apostrophes_dashes():
    assert normalise("Kherson’s") == "kherson's"
    assert normalise("Ivano‑Frankivsk") == "ivano frankivsk"
    assert normalise("Сєвєродонецьк") == normalise("Сєверодонецьк")
