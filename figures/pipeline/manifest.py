"""The manifest's schema, defined once: the build writes it, ``--list`` and the site read it.

``manifest.json`` maps each figure to its files (path, bytes, sha256, size), cache key, device,
metrics and provenance. ``problems`` checks a decoded manifest against that shape; ``read``
decodes one file and raises ``ManifestError`` naming it; ``verify_entry`` checks a figure's
files on disk against its entry. Readers should refuse (the site) or recover (the build) a
manifest with problems, never trust it half-way.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path, PurePosixPath
from typing import Any

NAME = "manifest.json"
SCHEMA = 2  # 2: build seconds moved out to .timings.json

# field -> accepted types; every entry has exactly these (plus the optional ones).
ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "article": (str,), "key": (str,), "files": (dict,), "device": (str,), "metrics": (dict,),
    "quick": (bool,), "provenance": (dict,),
}
ENTRY_OPTIONAL: dict[str, tuple[type, ...]] = {"tree": (str,)}
FILE_FIELDS: dict[str, tuple[type, ...]] = {
    "path": (str,), "bytes": (int,), "sha256": (str,), "width": (int, type(None)), "height": (int, type(None)),
}
TOP_OPTIONAL: dict[str, tuple[type, ...]] = {"shared": (dict,), "complete": (str,)}


class ManifestError(ValueError):
    """A manifest file that cannot be used: unreadable, not JSON, or not of our shape."""


def empty() -> dict[str, Any]:
    return {"schema": SCHEMA, "figures": {}}


def safe_path(rel: Any) -> bool:
    """A path inside the figures folder: relative, no '..', so a bad manifest cannot make the
    build delete or the site link anything outside it."""
    if not isinstance(rel, str) or not rel or "\\" in rel:
        return False
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and "." not in p.parts


def _fields(obj: Any, required: dict, optional: dict, where: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where} is {type(obj).__name__}, not an object"]
    out = [f"{where} lacks {k!r}" for k in required if k not in obj]
    for k, v in obj.items():
        types = required.get(k) or optional.get(k)
        if types is None:
            out.append(f"{where} has unknown field {k!r}")
        elif not isinstance(v, types) or (isinstance(v, bool) and bool not in types):
            out.append(f"{where}.{k} is {type(v).__name__}")
    return out


def entry_problems(name: str, entry: Any) -> list[str]:
    """What is wrong with one figure's entry (empty if nothing)."""
    out = _fields(entry, ENTRY_FIELDS, ENTRY_OPTIONAL, f"figures.{name}")
    if out:
        return out
    for fname, f in entry["files"].items():
        where = f"figures.{name}.files.{fname}"
        out += _fields(f, FILE_FIELDS, {}, where)
        if isinstance(f, dict) and not safe_path(f.get("path")):
            out.append(f"{where}.path {f.get('path')!r} leaves the figures folder")
    return out


def problems(manifest: Any) -> list[str]:
    """Everything that keeps ``manifest`` from being a manifest of this schema."""
    if not isinstance(manifest, dict):
        return [f"the top level is {type(manifest).__name__}, not an object"]
    if manifest.get("schema") != SCHEMA:
        return [f"schema is {manifest.get('schema')!r}, this build writes {SCHEMA}"]
    out = _fields(manifest, {"schema": (int,), "figures": (dict,)}, TOP_OPTIONAL, "manifest")
    if out:
        return out
    for name, sha in manifest.get("shared", {}).items():
        if not safe_path(name) or not isinstance(sha, str):
            out.append(f"shared.{name} is not a file name with its sha256")
    for name, entry in manifest["figures"].items():
        out += entry_problems(name, entry)
    return out


def read(path: Path) -> dict[str, Any]:
    """The manifest at ``path``; ManifestError (naming the file) if it is not a valid one.
    FileNotFoundError passes through: no manifest is not a corrupt one."""
    raw = path.read_bytes()
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ManifestError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise ManifestError(f"{path}: not JSON ({e.msg}, line {e.lineno})") from None
    found = problems(manifest)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise ManifestError(f"{path}: not a figure manifest: {'; '.join(found[:3])}{more}")
    return manifest


def dumps(manifest: dict[str, Any]) -> bytes:
    """The bytes written: sorted keys, strict JSON (NaN has no JSON spelling)."""
    return (json.dumps(manifest, indent=1, sort_keys=True, allow_nan=False) + "\n").encode("utf-8")


def verify_entry(out_dir: Path, entry: dict[str, Any]) -> list[str]:
    """Problems with one figure's files on disk: missing, or not the bytes the entry records."""
    out = []
    for f in entry["files"].values():
        path = out_dir / f["path"]
        if not path.is_file():
            out.append(f"{f['path']}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != f["sha256"]:
            out.append(f"{f['path']}: content differs from the manifest (sha256)")
    return out


def json_metrics(metrics: Any, where: str = "metrics") -> dict[str, Any]:
    """``metrics`` as plain JSON values: NumPy scalars become Python numbers; anything JSON
    cannot hold exactly (arrays, objects, NaN, non-string keys) raises ValueError saying where."""
    if not isinstance(metrics, dict):
        raise ValueError(f"{where} must be a dict, not {type(metrics).__name__}")
    return _plain(metrics, where)


def _plain(v: Any, where: str) -> Any:
    if hasattr(v, "item") and type(v).__module__ == "numpy" and getattr(v, "ndim", None) == 0:
        v = v.item()  # np.float32, np.int64, np.bool_ ...
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"{where} is {v}: JSON has no such number")
        return v
    if isinstance(v, (list, tuple)):
        return [_plain(x, f"{where}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, dict):
        bad = [k for k in v if not isinstance(k, str)]
        if bad:
            raise ValueError(f"{where} has a key {bad[0]!r} that is not a string")
        return {k: _plain(x, f"{where}.{k}") for k, x in v.items()}
    raise ValueError(f"{where} is a {type(v).__module__}.{type(v).__name__}, which JSON cannot hold")
