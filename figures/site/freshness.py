"""Is every figure in the manifest what its code makes now? Asked once per `mkdocs build` (by the
hook), so a page never shows a figure older than the code its "Code and provenance" box shows.

The build's own cache key decides (``runner.plan``, the key the build compares), so this check
and the build never disagree. When the figure code is unchanged since the build (the tree digest
in each entry), nothing is imported; otherwise the article modules are, once.
"""

from __future__ import annotations

from figures.site.manifest import ARTICLES, defined_figures


def stale(manifest: dict | None) -> list[str]:
    """One sentence per figure whose recorded cache key is not what its code gives now, each
    with its place in the code and the command that rebuilds it. Entries of other packages
    (tests' fake manifests) are not checked."""
    prefix = ARTICLES + "."
    mine = {n: e for n, e in (manifest or {}).get("figures", {}).items()
            if str(e.get("provenance", {}).get("module", "")).startswith(prefix)}
    if not mine:
        return []
    from figures.pipeline import runner  # the pipeline only when there is something to check

    trees: dict[tuple, str] = {}

    def tree(quick: bool, device: str) -> str:
        if (quick, device) not in trees:
            trees[quick, device] = runner._tree(ARTICLES, quick, device)
        return trees[quick, device]

    # A build records the tree it saw (asked for --device auto or a named one): same tree, same code.
    todo = {n: e for n, e in mine.items()
            if e.get("tree") not in (tree(e["quick"], "auto"), tree(e["quick"], e["device"]))}
    if not todo:
        return []
    broken: dict[str, str] = {}
    specs = runner.discover(ARTICLES, broken)
    where = defined_figures()
    out = []
    for name, entry in sorted(todo.items()):
        module = entry["provenance"]["module"]
        command = f"`python build_figures.py {name}{' --quick' if entry['quick'] else ''}`"
        if module in broken:
            out.append(f"figure '{name}' cannot be checked: {module} cannot be imported: {broken[module]}")
        elif name not in specs:
            out.append(f"figure '{name}' is in the manifest but no code defines it any more: run "
                       "`python build_figures.py` (a complete build drops it), or restore its function")
        elif runner.plan(specs[name], entry["quick"], entry["device"])[1] != entry["key"]:
            out.append(f"{where.get(name, module)}: figure '{name}' is stale (its code, parameters or libraries "
                       f"changed since it was built): run {command}")
    return out
