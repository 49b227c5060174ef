"""The @figure decorator and discovery of every registered figure.

A figure is a small pure function ``f(ctx, **params) -> Result``: it receives a read-only
Context and plain, hashable parameters, and returns the files it made (as bytes or text)
with the metrics it measured. It never writes files, picks a device or prints: the build
owns all of that.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTICLES_PACKAGE = "figures.articles"


@dataclass(frozen=True)
class Artifact:
    """One output file of a figure: ``<stem>.<ext>`` with its content."""

    stem: str
    ext: str
    data: bytes | str
    width: int | None = None
    height: int | None = None

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.ext}"

    def as_bytes(self) -> bytes:
        return self.data.encode("utf-8") if isinstance(self.data, str) else self.data


@dataclass
class Result:
    """What a figure function returns: its files and the numbers it measured."""

    artifacts: list[Artifact]
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its function, parameters and where it lives."""

    name: str
    article: str
    module: str
    func: Callable[..., Result]
    params: dict[str, Any]
    quick: dict[str, Any]
    seed: int
    sweep: bool

    def params_for(self, quick: bool) -> dict[str, Any]:
        """Full parameters, or with the quick-mode overrides applied."""
        return {**self.params, **self.quick} if quick else dict(self.params)


_REGISTRY: dict[str, FigureSpec] = {}


def figure(
    name: str | None = None,
    *,
    seed: int = 0,
    sweep: bool = False,
    quick: dict[str, Any] | None = None,
    **params: Any,
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Register ``func`` as a figure of the article named like its module.

    ``params`` are the full-build parameters, ``quick`` overrides some of them for the
    quick (test) build, ``sweep`` marks work that trains many models at once (it may go to
    the GPU), ``seed`` is the figure's explicit seed.
    """
    quick = quick or {}
    unknown = set(quick) - set(params)
    if unknown:
        raise ValueError(f"quick overrides unknown parameters: {sorted(unknown)}")

    def register(func: Callable[..., Result]) -> Callable[..., Result]:
        fig_name = name or func.__name__
        module = func.__module__
        article = module.rsplit(".", 1)[-1].replace("_", "-")
        if fig_name in _REGISTRY and _REGISTRY[fig_name].module != module:
            raise ValueError(f"figure {fig_name!r} registered twice ({module})")
        _REGISTRY[fig_name] = FigureSpec(fig_name, article, module, func, params, quick, seed, sweep)
        return func

    return register


_SHARED: dict[str, Callable[[], bytes]] = {}
_SHARED_SOURCES: set[Path] = set()


def shared_asset(name: str, load: Callable[[], bytes], source: Path | None = None) -> None:
    """Declare a file that pages load from the figures folder (one copy for every figure).

    Renderers declare their vendored bundles when imported; articles import renderers, so
    ``discover()`` declares them all, and the build writes them without knowing who drew what.
    ``source``, the file it is made from, is then no input of any figure's cache key: the build
    writes shared files on every run and no figure's files hold them, so an edit to one rebuilds
    no figure (the no-op check, over the whole tree, still sees it).
    """
    _SHARED[name] = load
    if source is not None:
        _SHARED_SOURCES.add(Path(source).resolve())


def shared_sources() -> frozenset[Path]:
    """The files that shared assets are made from (``shared_asset(..., source=)``)."""
    return frozenset(_SHARED_SOURCES)


def shared_assets() -> dict[str, bytes]:
    """Every declared shared file, {name: content}, sorted by name."""
    return {name: _SHARED[name]() for name in sorted(_SHARED)}


def lookup(module: str, name: str) -> FigureSpec:
    """The figure ``name`` of ``module``, importing the module if needed (in a worker)."""
    importlib.import_module(module)
    return _REGISTRY[name]


def discover(package: str = ARTICLES_PACKAGE, failed: dict[str, str] | None = None) -> dict[str, FigureSpec]:
    """Import every article module in ``package`` and return the figures, sorted by name.

    With ``failed`` given, a module that cannot be imported is recorded there ({module: one
    line saying where and why}) and the others are still discovered; without it, it raises."""
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        module = f"{package}.{info.name}"
        try:
            importlib.import_module(module)
        except Exception as e:
            if failed is None:
                raise
            failed[module] = import_error_line(e)
    prefix = package + "."
    bad = failed or {}
    return {k: v for k, v in sorted(_REGISTRY.items()) if v.module.startswith(prefix) and v.module not in bad}


def import_error_line(e: BaseException) -> str:
    """'file:line: Error: message' at the innermost frame of the project's own code (or the syntax
    error's own place): one line that says where to look."""
    if isinstance(e, SyntaxError) and e.filename:
        return f"{_rel(e.filename)}:{e.lineno}: {type(e).__name__}: {e.msg}"
    libraries = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
    where = ""
    tb = e.__traceback__
    while tb is not None:
        path = tb.tb_frame.f_code.co_filename
        real = os.path.realpath(path)
        if not path.startswith("<") and not any(real.startswith(lib + os.sep) for lib in libraries):
            where = f"{_rel(path)}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return f"{where}{type(e).__name__}: {e}"


def _rel(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
