"""Cache keys: a hash of everything that can change a figure's output.

The key covers the figure's own code: its function, the functions, classes, constants and
imports of its module that it mentions (followed transitively; comments left out, so a comment
or another figure's edit rebuilds nothing else), and every ``figures`` module those imports
reach (followed transitively, so editing a shared helper rebuilds exactly the figures that use
it), the data files beside those modules (vendored bundles, tables), the parameters, seed,
quick mode, library versions and the device kind.
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
LIBRARIES = ("torch", "numba", "llvmlite", "numpy", "scipy", "plotly", "matplotlib", "pillow", "scikit-learn",
             "jinja2")


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    versions = {"python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = "missing"
    return tuple(versions.items())


def library_versions() -> dict[str, str]:
    """Versions of Python and every library that draws or computes figures (read once per
    process: installing a library restarts the build)."""
    return dict(_versions())


def _module_path(name: str) -> Path | None:
    """Source file of a module, or None for a name that is no module (an imported function)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, AttributeError, ValueError):
        return None
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def _imported_modules(path: Path, module: str, roots: set[str]) -> frozenset[str]:
    """Names of modules under ``roots`` imported by one source file (absolute or relative)."""
    return _imports_in(path.read_text(encoding="utf-8"), module, path.name == "__init__.py", frozenset(roots))


@cache
def _imports_in(source: str, module: str, is_package: bool, roots: frozenset[str]) -> frozenset[str]:
    """_imported_modules of a source text: parsed once per text (the build's 51 figures reach
    the same few modules; parsing them again for each was 2.5 s of every full build's planning)."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
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
    return frozenset(m for m in found if m.split(".")[0] in roots)


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


def _bound_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> dict[str, str]:
    """The names an import statement binds, each with the module whose source it stands for
    (the module itself, or the module a function or constant was imported from)."""
    if isinstance(node, ast.Import):
        return {(a.asname or a.name).split(".")[0]: a.name for a in node.names}  # a.b.c: all of it
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{parent}.{base}" if base else parent
    roots = {PACKAGE, module.split(".")[0]}
    return {a.asname or a.name: (f"{base}.{a.name}" if base.split(".")[0] in roots and _module_path(f"{base}.{a.name}")
                                 else base) for a in node.names if a.name != "*"}


def _names(nodes: list[ast.AST]) -> set[str]:
    """Every name that ``nodes`` mention (read, written, declared global): a superset of the
    module-level names they use, which is the safe side for a cache key."""
    found: set[str] = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                found.add(sub.id)
            elif isinstance(sub, (ast.Global, ast.Nonlocal)):
                found.update(sub.names)
    return found


# (statements by the names they bind, statements for every figure, imported names -> modules,
#  id(statement) -> (names it mentions, its source without comments))
Parsed = tuple[dict[str, list[ast.stmt]], list[ast.stmt], dict[str, set[str]], dict[int, tuple[set[str], str]]]


@cache
def _parse(source: str, module: str, is_package: bool) -> Parsed:
    """A module's top-level statements by the names they bind; the statements that bind no
    name we can follow (loops, calls, conditionals: they count for every figure); and the
    imported names with their modules. A pure side-effect import counts for every figure."""
    tree = ast.parse(source)
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    binds: dict[str, list[ast.stmt]] = {}
    always: list[ast.stmt] = []
    imports: dict[str, set[str]] = {}
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name, source_module in _bound_modules(node, module, is_package).items():
                imports.setdefault(name, set()).add(source_module)
                binds.setdefault(name, []).append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            binds.setdefault(node.name, []).append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in _names(targets):
                binds.setdefault(name, []).append(node)
        else:
            always.append(node)
    facts = {id(n): (_names([n]), ast.unparse(n)) for n in body}
    used = set().union(*(facts[id(n)][0] for n in body if not isinstance(n, (ast.Import, ast.ImportFrom))))
    always += [n for n in body if isinstance(n, (ast.Import, ast.ImportFrom))
               and not set(_bound_modules(n, module, is_package)) & used]
    return binds, always, imports, facts


# builtins that reach module-level names by a string: a figure mentioning one depends on it all
DYNAMIC = {"globals", "vars", "eval", "exec", "__import__", "getattr", "sys"}


def figure_code(module: str, function: str) -> tuple[str, tuple[str, ...]]:
    """What one figure's output can depend on in its own module: the source (comments left
    out) of ``function``, of the module-level functions, classes, constants and imports it
    mentions, followed transitively, and of top-level statements that bind nothing nameable;
    with the modules of ``figures`` (or of the article's package) that those imports reach.
    Another figure's function, or a comment, is no part of it."""
    path = _module_path(module)
    binds, always, imports, facts = _parse(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    roots = {PACKAGE, module.split(".")[0]}
    everywhere = set().union(*(facts[id(n)][0] for n in always))
    todo, seen, nodes = [function, *everywhere], set(), list(always)
    mentioned = set(todo)
    while todo:
        name = todo.pop()
        mentioned.add(name)
        if name in seen or name not in binds:
            continue
        seen.add(name)
        for node in binds[name]:
            if node not in nodes:
                nodes.append(node)
                todo.extend(facts[id(node)][0])
    if mentioned & DYNAMIC:  # names looked up at run time: any part of the module may count
        nodes = [n for ns in binds.values() for n in ns] + list(always)
        seen = set(binds)
    used = {m for n in seen | everywhere for m in imports.get(n, ())}
    for node in always:  # side-effect imports
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            used.update(_bound_modules(node, module, path.name == "__init__.py").values())
    shared = {dep for m in used if m.split(".")[0] in roots and _module_path(m) for dep in dependencies(m)}
    # importing the article module first runs its parent packages
    shared.update(module.rsplit(".", k)[0] for k in range(1, module.count(".") + 1))
    nodes = sorted({id(n): n for n in nodes}.values(), key=lambda n: (n.lineno, n.col_offset))
    return "\n".join(facts[id(n)][1] for n in nodes), tuple(sorted(shared - {module}))


def _defines(module: str, function: str) -> bool:
    """Whether ``module`` defines ``function`` by a top-level def (not in a loop, not made by a call)."""
    path = _module_path(module)
    binds = _parse(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")[0]
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in binds.get(function, ()))


def code_digest(module: str, function: str | None = None) -> str:
    """The digest of the code a figure depends on: per figure function if ``function`` is
    given, else the whole module and what it imports."""
    if function is None or not _defines(module, function):
        return source_digest(dependencies(module))  # a figure made at run time: its whole module
    own, shared = figure_code(module, function)
    return hashlib.sha256(own.encode() + b"\0" + source_digest(shared).encode()).hexdigest()


def figure_key(module: str, params: dict[str, Any], seed: int, quick: bool, device: str,
               function: str | None = None) -> str:
    """The cache key of one figure build; ``function`` (the figure function's name) keys it on
    that function and what it uses rather than on its whole module."""
    payload = {
        "code": code_digest(module, function),
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
