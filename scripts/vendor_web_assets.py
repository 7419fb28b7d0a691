"""Regenerate ``static/`` (the dashboard's web assets) from the npm registry.

Streamlit serves ``static/`` at ``/app/static/`` (``enableStaticServing`` in
``.streamlit/config.toml``), so the map needs no CDN. The files are committed;
this script only runs when a version changes. Needs ``npm`` on PATH.

Usage: python scripts/vendor_web_assets.py
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"

# (package, version, licence, {file in the npm tarball: path under static/})
PACKAGES: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "leaflet",
        "1.9.4",
        "BSD-2-Clause",
        {
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
    ),
    (
        "leaflet.markercluster",
        "1.5.3",
        "MIT",
        {
            "package/dist/leaflet.markercluster.js": (
                "leaflet.markercluster/leaflet.markercluster.js"
            ),
            "package/dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
            "package/dist/MarkerCluster.Default.css": (
                "leaflet.markercluster/MarkerCluster.Default.css"
            ),
            "package/MIT-LICENCE.txt": "leaflet.markercluster/MIT-LICENCE.txt",
        },
    ),
]


def _pack(package: str, version: str, workdir: Path) -> Path:
    """Download ``package@version`` with ``npm pack`` into ``workdir``; return the tarball."""
    out = subprocess.run(
        ["npm", "pack", "--silent", f"{package}@{version}"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / out.stdout.strip().splitlines()[-1]


def _strip_source_map(path: Path) -> None:
    """Drop the ``sourceMappingURL`` comment (the .map files are not vendored)."""
    if path.suffix in {".js", ".css"}:
        text = path.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if "sourceMappingURL=" not in ln]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sources_markdown() -> str:
    """Text of ``static/SOURCES.md``: what each vendored directory is and its licence."""
    rows = "\n".join(
        f"| `{pkg}/` | npm `{pkg}` | {ver} | {lic} (see the licence file in the directory) |"
        for pkg, ver, lic, _ in PACKAGES
    )
    return (
        "# Vendored web assets\n\n"
        "Served by Streamlit at `/app/static/` so the dashboard map needs no CDN.\n"
        "Regenerate with `python scripts/vendor_web_assets.py` (needs npm).\n\n"
        "| directory | source | version | licence |\n| --- | --- | --- | --- |\n"
        f"{rows}\n"
    )


def main() -> None:
    """Replace ``static/`` with freshly packed copies of every package in PACKAGES."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        staged = workdir / "static"
        for package, version, _licence, files in PACKAGES:
            tarball = _pack(package, version, workdir)
            with tarfile.open(tarball) as tar:
                for member, target in files.items():
                    source = tar.extractfile(member)
                    if source is None:
                        raise FileNotFoundError(f"{member} missing from {tarball.name}")
                    dest = staged / target
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(source.read())
                    _strip_source_map(dest)
        (staged / "SOURCES.md").write_text(sources_markdown(), encoding="utf-8")
        if STATIC.exists():
            shutil.rmtree(STATIC)
        shutil.copytree(staged, STATIC)
    print(f"wrote {sum(1 for p in STATIC.rglob('*') if p.is_file())} files to {STATIC}")


if __name__ == "__main__":
    main()
