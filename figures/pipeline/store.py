"""Everything the build writes: atomic files, the manifest, and the lock between builds."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from filelock import FileLock

MANIFEST = "manifest.json"
SCHEMA = 1


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_matches(path: Path, digest: str) -> bool:
    """True if ``path`` exists and holds exactly the bytes with this sha256."""
    return path.is_file() and sha256(path.read_bytes()) == digest


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest in ``out_dir``, or an empty one (also if a stray file is unreadable)."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"schema": SCHEMA, "figures": {}}
    if manifest.get("schema") != SCHEMA:
        return {"schema": SCHEMA, "figures": {}}
    return manifest


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


def build_lock(out_dir: Path) -> FileLock:
    """One build at a time per output folder; a second one waits for the first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(out_dir / ".build.lock"))


def remove_stale_temps(out_dir: Path) -> None:
    """Temporary files left by a build that was killed mid-write (only ever ours)."""
    for tmp in out_dir.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
