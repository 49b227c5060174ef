"""Everything the build writes: atomic files, a figure's files switched as a set, the manifest,
stray files, and the lock between builds.

The figures folder belongs to the build. Its invariant, at every instant: every file that
manifest.json lists is on disk with the recorded sha256. A figure's new files are first
written to ``.staging/<figure>/``; then its entry leaves the manifest (saved atomically), the
staged files are renamed into place, and the new entry is saved. A kill or error at any point
leaves files that no entry owns at worst, and the next build removes those.

A reader that loads manifest.json and then opens files can still straddle a switch made in
between (file names are fixed: scenes link their siblings by name); it should check the files
with ``manifest.verify_entry`` and refuse or retry, or read while holding ``build_lock``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from figures.pipeline import manifest as schema
from figures.pipeline.manifest import ManifestError, verify_entry

MANIFEST = schema.NAME
SCHEMA = schema.SCHEMA
LOCK = ".build.lock"
TIMINGS = ".timings.json"  # build seconds per figure: kept apart so manifest.json is reproducible
STAGING = ".staging"
KEEP = {MANIFEST}  # top-level files that no entry owns but are ours
# The lock, the timings and shared work in progress live outside the figures folder, which is
# inside MkDocs' watched docs/: a build that changes no figure must touch nothing there, or
# `mkdocs serve` would rebuild again (and again, while a figure fails).
STATE_ROOT = Path(__file__).resolve().parents[2] / ".cache" / "build"


def state_dir(out_dir: Path) -> Path:
    """The build's own folder for ``out_dir`` (lock, timings, memo): .cache/build/<its path's hash>/."""
    digest = hashlib.sha256(str(Path(out_dir).resolve()).encode()).hexdigest()[:16]
    return STATE_ROOT / digest

__all__ = ["ManifestError", "verify_entry"]

# errno values that mean "this folder cannot take more writes": the build stops, it does not
# go on computing figures it cannot save.
CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class CannotWrite(OSError):
    """The figures folder cannot be written (read-only, no permission, disk full)."""


def cannot_write(path: Path, e: OSError) -> CannotWrite:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full: "
    elif e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "it is read-only or not ours: "
    else:
        why = ""
    return CannotWrite(e.errno, f"cannot write {path} ({why}{e.strerror or e})")


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


def load_manifest(out_dir: Path, warn: bool = True) -> dict[str, Any]:
    """The manifest in ``out_dir``; an empty one if there is none, or (with a warning naming
    it) if it is corrupt: every figure is then rebuilt, which is the recovery."""
    try:
        return schema.read(out_dir / MANIFEST)
    except FileNotFoundError:
        return schema.empty()
    except ManifestError as e:
        if warn:
            print(f"warning: {e}; starting from an empty manifest (every figure is rebuilt)", file=sys.stderr)
        return schema.empty()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds exactly it; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    write_if_changed(out_dir / MANIFEST, schema.dumps(manifest))


def load_timings(out_dir: Path) -> dict[str, float]:
    try:
        timings = json.loads((state_dir(out_dir) / TIMINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return timings if isinstance(timings, dict) else {}


def save_timings(out_dir: Path, timings: dict[str, float]) -> None:
    """Best effort: losing the timing table to a full disk must not fail a good build."""
    try:
        write_if_changed(state_dir(out_dir) / TIMINGS, json.dumps(timings, indent=1, sort_keys=True).encode())
    except OSError:
        pass


def stage(out_dir: Path, name: str, blobs: dict[str, bytes]) -> Path:
    """Write a figure's changed files under .staging/<name>/ (each fsynced); on any error the
    staging folder is removed and the error passes on."""
    root = out_dir / STAGING / name
    shutil.rmtree(root, ignore_errors=True)
    try:
        for rel, data in blobs.items():
            write_atomic(root / rel, data)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return root


def switch(out_dir: Path, staged: Path, rels: list[str], removed: list[str]) -> None:
    """Rename the staged files into place (same file system: each rename is atomic) and
    delete the files the figure no longer makes."""
    for rel in rels:
        (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / rel, out_dir / rel)
    for rel in removed:
        (out_dir / rel).unlink(missing_ok=True)
    shutil.rmtree(staged, ignore_errors=True)


def owned(manifest: dict[str, Any]) -> set[str]:
    """Relative paths the manifest accounts for."""
    files = {f["path"] for e in manifest["figures"].values() for f in e["files"].values()}
    return files | set(manifest.get("shared", {})) | KEEP


def strays(out_dir: Path, manifest: dict[str, Any]) -> list[Path]:
    """Files in the figures folder that no manifest entry owns (left by a killed build, a
    removed figure, or a hand), staging and temporary files included."""
    keep = owned(manifest)
    return sorted(p for p in out_dir.rglob("*")
                  if not p.is_dir() and p.relative_to(out_dir).as_posix() not in keep)


def remove_strays(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Delete strays and the folders they leave empty. Only in a folder that has a manifest:
    that is what makes it the build's to clean."""
    if not (out_dir / MANIFEST).is_file():
        return
    for path in strays(out_dir, manifest):
        path.unlink(missing_ok=True)
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder. A second one says which build it waits for.
    The lock is an flock on .build.lock in the folder's state_dir (released by the kernel when
    its holder dies), and the file holds the holder's pid."""
    lock = state_dir(out_dir) / LOCK
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise cannot_write(lock, e) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            print(f"waiting for another build (pid {holder}) to finish with {out_dir}", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
