"""The figure build's manifest as the pages see it: figures by name, files by stem, checked."""

from __future__ import annotations

import ast
import difflib
import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from figures.pipeline import manifest as schema
from figures.pipeline.store import load_timings
from figures.site.errors import SiteError
from figures.stills import STILLS, fallback_for

FIG_DIR = "assets/figures"
ARTICLES = "figures.articles"  # where figures are defined (registry.ARTICLES_PACKAGE)


@dataclass(frozen=True)
class Figure:
    """One stem as a page names it: its figure's name and manifest entry, and its files by ext."""

    name: str
    stem: str
    entry: dict
    files: dict[str, dict]


def manifest_path(docs_dir: Path) -> Path:
    return Path(docs_dir) / FIG_DIR / "manifest.json"


def read_manifest(docs_dir: Path) -> dict | None:
    """The manifest, or None when there is none (an error once a page needs it), with each
    figure's build seconds. Its shape is checked by the build's own schema
    (figures/pipeline/manifest.py), defined once."""
    path = manifest_path(docs_dir)
    if not path.exists():
        return None
    try:
        manifest = schema.read(path)
    except schema.ManifestError as exc:
        detail = str(exc).removeprefix(f"{path}: ")
        raise SiteError(f"{path} is not a valid figure manifest ({detail}): "
                        "rebuild it with `python build_figures.py --force`") from None
    # Build seconds live apart (so manifest.json is reproducible); the disclosure shows them.
    timings = load_timings(path.parent)  # from the build's state folder, outside docs/
    for name, entry in manifest["figures"].items():
        if isinstance(timings.get(name), (int, float)):
            entry["seconds"] = timings[name]
    return manifest


def need(manifest: dict | None, where: str) -> dict:
    if manifest is None:
        raise SiteError(
            f"{where}: no figure manifest at docs/{FIG_DIR}/manifest.json: run `python build_figures.py` first"
        )
    return manifest


def close(name: str, known) -> str:
    known = sorted(known)
    near = difflib.get_close_matches(name, known, n=5, cutoff=0.5)
    return f"did you mean: {', '.join(near)}?" if near else f"known: {', '.join(known) or 'none'}"


def by_stem(manifest: dict) -> dict[str, Figure]:
    """Every stem of every figure's files. A PNG's record carries its 1x copy, ``<stem>.1x.webp``
    (render.one_x), as "one_x"."""
    out: dict[str, Figure] = {}
    for name, entry in manifest["figures"].items():
        for fname, info in entry["files"].items():
            stem, ext = os.path.splitext(fname)
            fig = out.setdefault(stem, Figure(name, stem, entry, {}))
            if fig.name != name or ext in fig.files:
                raise SiteError(f"two figures write a file named {fname}: pages could not tell them apart")
            fig.files[ext] = info
    for stem, fig in out.items():
        one = out.get(f"{stem}.1x")
        if ".png" in fig.files and one is not None and ".webp" in one.files:
            fig.files[".png"] = fig.files[".png"] | {"one_x": one.files[".webp"]}
    return out


def defined_figures(package: str | None = None) -> dict[str, str]:
    """{figure name: 'file:line'} of every ``@figure`` function in the article modules, read from
    their source: the site never imports figure code (nor torch) to tell an author what to do."""
    spec = importlib.util.find_spec(package or ARTICLES)
    found: dict[str, str] = {}
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for path in sorted(Path(folder).glob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                continue
            for node in tree.body:
                name = _figure_name(node) if isinstance(node, ast.FunctionDef) else None
                if name:
                    found[name] = f"{os.path.relpath(path)}:{node.lineno}"
    return found


def _figure_name(node: ast.FunctionDef) -> str | None:
    for dec in node.decorator_list:
        call = dec.func if isinstance(dec, ast.Call) else dec
        if getattr(call, "id", getattr(call, "attr", None)) == "figure":
            args = [*dec.args[:1], *(k.value for k in dec.keywords if k.arg == "name")] if dec is not call else []
            for v in args:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    return v.value
            return node.name
    return None


def unknown(name: str, known, where: str, what: str) -> SiteError:
    """The error for a figure the manifest lacks: if its code defines it, say how to build it."""
    defined = defined_figures()
    if name in defined:
        return SiteError(f"{where}: figure '{name}' is defined ({defined[name]}) but not built yet: "
                         f"run `python build_figures.py {name}`")
    return SiteError(f"{where}: unknown figure {what}; {close(name, known)}")


def lookup(manifest: dict | None, stem: str, where: str) -> Figure:
    stems = by_stem(need(manifest, where))
    if stem not in stems:
        raise unknown(stem.split("-", 1)[0], stems, where, f"'fig:{stem}'") from None
    return stems[stem]


def static_of(fig: Figure, where: str) -> dict:
    """The figure's static stand-in, by the renderers' one rule (figures.stills.fallback_for)."""
    ext = fallback_for(fig.files)
    if ext is None:
        raise SiteError(f"{where}: figure '{fig.stem}' has no static image ({'/'.join(STILLS)})")
    return fig.files[f".{ext}"]


TWINS = ("dark", "phone", "phone.dark")


def twins_of(manifest: dict, stem: str, still: dict) -> dict[str, dict]:
    """{suffix: file} of the other versions of the still ``still`` of ``stem`` (render.Drawn's
    twins: <stem>.dark, <stem>.phone, <stem>.phone.dark, of the still's own type)."""
    stems, ext = by_stem(manifest), os.path.splitext(still["path"])[1]
    return {s: stems[f"{stem}.{s}"].files[ext] for s in TWINS
            if f"{stem}.{s}" in stems and ext in stems[f"{stem}.{s}"].files}


# (path, size, mtime_ns) -> sha256: each file is hashed once per process, again when it changes.
_digests: dict[tuple, str] = {}


def check_files(fig: Figure, docs_dir: Path, where: str) -> None:
    """Refuse to publish a file that is missing or is not the one the manifest records."""
    for info in [f for file in fig.files.values() for f in (file, file.get("one_x")) if f]:
        path = Path(docs_dir) / FIG_DIR / info["path"]
        if not path.is_file():
            raise SiteError(f"{where}: figure file docs/{FIG_DIR}/{info['path']} is missing: "
                            f"run `python build_figures.py {fig.name}`")
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _digests:
            _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        if _digests[key] != info.get("sha256"):
            raise SiteError(f"{where}: figure file docs/{FIG_DIR}/{info['path']} differs from the manifest "
                            f"(sha256): run `python build_figures.py {fig.name}`")
