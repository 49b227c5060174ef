"""Shared fixtures: the full figure build (through the cache) that claims and pages are checked on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from figures.pipeline import DEFAULT_OUT, build
from figures.pipeline.store import load_manifest


@pytest.fixture(scope="session")
def manifest() -> dict:
    """Run the full (published) build into docs/assets/figures, as an author would, and
    return its manifest. Cached figures are not rebuilt, so a second run costs about a second.
    FIGURES_MANIFEST=DIR checks the manifest of a build made elsewhere (the GPU run) instead."""
    if os.environ.get("FIGURES_MANIFEST"):
        return load_manifest(Path(os.environ["FIGURES_MANIFEST"]))
    report = build(out_dir=DEFAULT_OUT, progress=False)
    failed = "\n".join(f"{o.name}:\n{o.error}" for o in report.failed)
    assert report.ok, f"figure build failed:\n{failed}"
    return load_manifest(DEFAULT_OUT)


@pytest.fixture(scope="session")
def metrics(manifest) -> dict:
    """name -> metrics of every figure of the full build."""
    assert not any(f.get("quick") for f in manifest["figures"].values()), "claims need the full build"
    return {name: entry["metrics"] for name, entry in manifest["figures"].items()}
