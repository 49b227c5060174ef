"""Cache keys: a hash of everything that can change a figure's output.

The key covers the source of the figure's article module and of every ``figures`` module it
imports (followed transitively, so editing a shared helper rebuilds exactly the figures that
use it), the data files beside those modules (vendored bundles, tables), the parameters,
seed, quick mode, library versions and the device kind.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import platform
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = "figures"
LIBRARIES = ("torch", "numpy", "scipy", "plotly", "matplotlib", "pillow", "scikit-learn", "jinja2")


def library_versions() -> dict[str, str]:
    """Versions of Python and every library that draws or computes figures."""
    versions = {"python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = "missing"
    return versions


def _module_path(name: str) -> Path | None:
    """Source file of a module, or None for a name that is no module (an imported function)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, AttributeError, ValueError):
        return None
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def _imported_modules(path: Path, module: str, roots: set[str]) -> set[str]:
    """Names of modules under ``roots`` imported by one source file (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m.split(".")[0] in roots}


@cache
def dependencies(module: str) -> tuple[str, ...]:
    """Every module of ``figures`` (or of the article's own package) that ``module`` depends
    on, itself and its parent packages included."""
    roots = {PACKAGE, module.split(".")[0]}
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = _module_path(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        todo.extend(_imported_modules(path, name, roots))
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        todo.extend(name.rsplit(".", k)[0] for k in range(1, name.count(".") + 1))
    return tuple(sorted(seen))


def is_input(path: Path) -> bool:
    """A file that code may read: anything but bytecode caches."""
    return path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")


def data_files(package_dir: Path) -> list[Path]:
    """Non-Python files of a package: in its folder and in sub-folders that are no packages
    themselves (``render/vendor/*.gz``); a sub-package's files belong to that package."""
    found = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        inner = [package_dir.joinpath(*rel.parts[:k]) for k in range(1, len(rel.parts))]
        if is_input(path) and path.suffix != ".py" and not any((d / "__init__.py").exists() for d in inner):
            found.append(path)
    return found


def source_digest(modules: tuple[str, ...]) -> str:
    """sha256 over the sources of ``modules`` and the data files of those that are packages,
    read now (not cached: edits must show), but for the sources of shared assets (plotly.js,
    scene.js: the build writes them every run, and no figure's own files hold them)."""
    from figures.registry import shared_sources

    skip = shared_sources()
    h = hashlib.sha256()
    for name in modules:
        path = _module_path(name)
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        if path.name == "__init__.py":
            for data in (d for d in data_files(path.parent) if d.resolve() not in skip):
                h.update(str(data.relative_to(path.parent)).encode() + b"\0" + data.read_bytes() + b"\0")
    return h.hexdigest()


def figure_key(module: str, params: dict[str, Any], seed: int, quick: bool, device: str) -> str:
    """The cache key of one figure build."""
    payload = {
        "code": source_digest(dependencies(module)),
        "params": params,
        "seed": seed,
        "quick": quick,
        "device": device,
        "versions": library_versions(),
    }
    blob = json.dumps(payload, sort_keys=True, default=repr).encode()
    return hashlib.sha256(blob).hexdigest()


@cache
def cuda_available() -> bool:
    """Whether torch can use a CUDA device: the one answer the build uses everywhere. Asked of
    torch only where an NVIDIA device file exists, so a machine without one (and the no-op build
    on it) never pays for importing torch."""
    if not any(Path(f"/dev/{d}").exists() for d in ("nvidiactl", "nvidia0")):
        return False
    import torch

    return torch.cuda.is_available()


def tree_digest(package_dirs: list[Path], options: dict[str, Any]) -> str:
    """One hash over every file of the figure code (sources and data), the library versions, whether a GPU
    is present, and the build options: if it matches the last complete build, and the files
    on disk match the manifest, nothing can have changed and no module needs importing."""
    h = hashlib.sha256()
    for folder in package_dirs:
        for path in sorted(p for p in folder.rglob("*") if is_input(p)):
            h.update(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(json.dumps({"versions": library_versions(), "gpu": cuda_available(), **options}, sort_keys=True).encode())
    return h.hexdigest()
