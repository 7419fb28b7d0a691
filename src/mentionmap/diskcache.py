"""An on-disk cache for structures that are slow to build and depend only on bundled data
and code: the gazetteer's compiled Aho-Corasick matcher (about 9 s to build, well under
1 s to load).

Each entry is a pickle named after what it holds and a fingerprint of everything it was
built from (the given data files, the source of the modules that build it, the versions of
the packages involved), so any change to data, code or packages gives a new file and a
stale entry is never read. The folder is ``$MENTIONMAP_CACHE_DIR``, else
``$XDG_CACHE_HOME/mentionmap``, else ``~/.cache/mentionmap``; ``MENTIONMAP_CACHE_DIR=off``
disables the cache. A folder that cannot be written only costs the rebuild.
Only files this process or an earlier run of mentionmap wrote there are read, so the folder
must not be writable by others (as a home cache folder is not).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    env = os.environ.get("MENTIONMAP_CACHE_DIR")
    if env is not None and env.strip().lower() in ("", "0", "off", "none", "false"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mentionmap"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(files: Iterable[Path], packages: Iterable[str] = ()) -> str:
    """A short hex digest of the contents of ``files`` (a missing file counts as absent),
    the Python version and the installed versions of ``packages``."""
    digest = hashlib.sha256(sys.version.encode())
    for path in files:
        digest.update(str(Path(path).name).encode() + b"\0")
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"<absent>")
    for name in packages:
        digest.update(f"{name}={_package_version(name)}".encode())
    return digest.hexdigest()[:20]


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """Return the cached value ``name``-``key`` if there is one, else ``build()`` it and
    store it (atomically: a half-written file is never read)."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.pickle" if folder else None
    if path is not None:
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            pass
        except Exception:  # corrupt or from an incompatible build: rebuild and overwrite
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass
    return value
