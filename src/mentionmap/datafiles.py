"""Locations of the files bundled with mentionmap (boundaries, gazetteers, sample corpus).

In a wheel install they live inside the package (``mentionmap/geodata``); in a
source checkout or editable install they live at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def _bundled(name: str) -> Path:
    """Return the directory ``name`` from the package if present, else from the repo root."""
    inside = _PACKAGE_DIR / name
    return inside if inside.is_dir() else _REPO_ROOT / name


GEODATA_DIR: Path = _bundled("geodata")
SAMPLES_DIR: Path = _bundled("samples")
SAMPLE_ARTICLE: Path = SAMPLES_DIR / "annexation-referendums.txt"
# Its publication facts, from the sample's README (../shared/seed): the plain-text file
# carries no metadata of its own.
SAMPLE_SOURCE = "The New York Times"
SAMPLE_PUBLISHED = "2022-09-27"


def geodata_path(filename: str) -> Path:
    """Path of a file in ``geodata/``; raises FileNotFoundError with a hint if it is missing."""
    path = GEODATA_DIR / filename
    if not path.exists():
        raise FileNotFoundError(
            f"bundled data file {path} is missing; regenerate it with "
            "`python scripts/build_geodata.py`"
        )
    return path
