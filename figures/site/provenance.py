"""Under every figure, closed by default: the function that drew it and the recipe it ran with.

The source is read from the real file when the page is built, so it can never drift from the
code; everything else comes from the figure's manifest entry.
"""

from __future__ import annotations

import ast
import html
import json
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from figures.site.errors import SiteError

# The markup pymdownx.highlight gives a fenced block: Material styles it and adds a copy button.
FORMATTER = HtmlFormatter(cssclass="language-python highlight", wrapcode=True)


def module_file(root: Path, module: str) -> Path:
    return Path(root) / (module.replace(".", "/") + ".py")


def function_source(path: Path, function: str) -> tuple[str, int]:
    """The top-level ``def`` of ``function`` in ``path``, decorators included, and its first line."""
    text = path.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            lines = text.splitlines(keepends=True)[first - 1 : node.end_lineno]
            return "".join(lines), first
    raise SiteError(f"{path}: no top-level function '{function}' (named by the manifest's provenance)")


def disclosure_html(name: str, entry: dict, root: Path, where: str) -> str:
    """The <details> block for figure ``name``: its source, highlighted, then its recipe."""
    prov = entry.get("provenance") or {}
    if not prov.get("module") or not prov.get("function"):
        raise SiteError(f"{where}: the manifest records no source for figure '{name}': "
                        "rebuild it with `python build_figures.py --force`")
    path = module_file(root, prov["module"])
    if not path.is_file():
        raise SiteError(f"{where}: figure '{name}' comes from {prov['module']}, but {path} does not exist")
    source, first = function_source(path, prov["function"])
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    facts = recipe(prov, entry)
    return "\n".join([
        f'<details class="mlp-code" data-figure="{html.escape(name)}">',
        "<summary>Code and provenance</summary>",
        f'<p class="mlp-code-where"><code>{html.escape(rel)}</code>, line {first}</p>',
        highlight(source, PythonLexer(), FORMATTER).strip(),
        '<dl class="mlp-recipe">',
        *(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in facts),
        "</dl>",
        "</details>",
    ])


def recipe(prov: dict, entry: dict) -> list[tuple[str, str]]:
    """(label, HTML) pairs: how to rebuild the figure and what it ran with."""
    code = lambda text: f"<code>{html.escape(str(text))}</code>"  # noqa: E731
    facts = []
    if prov.get("command"):
        facts.append(("Rebuild", code(prov["command"])))
    if "seed" in prov:
        facts.append(("Seed", code(prov["seed"])))
    params = prov.get("params") or {}
    if params:
        facts.append(("Parameters", ", ".join(code(f"{k}={json.dumps(v)}") for k, v in sorted(params.items()))))
    if entry.get("device"):
        facts.append(("Device", code(entry["device"])))
    if isinstance(entry.get("seconds"), (int, float)):
        facts.append(("Build time", f"{entry['seconds']:.1f} s"))
    if entry.get("quick"):
        facts.append(("Mode", "quick (few steps and seeds, for tests)"))
    versions = prov.get("versions") or {}
    if versions:
        facts.append(("Libraries", ", ".join(code(f"{k} {v}") for k, v in sorted(versions.items()))))
    return facts
