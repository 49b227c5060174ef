"""Shared fixtures: the full figure build (through the cache) that claims and pages are checked on,
and the built site, its local server and one Chromium for every browser test (test_browser.py,
test_reader.py): two Playwright instances in one session would clash."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock
from playwright.sync_api import sync_playwright

from figures.pipeline import DEFAULT_OUT, build, runner
from figures.pipeline.store import load_manifest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_SCHEMES = ("data:", "blob:", "about:")

# --- running in parallel (pytest-xdist; pyproject.toml's addopts: -n auto --dist loadgroup) ----------

# Module fixtures that open every scene page or build a whole site: the tests of one module that use
# one of them run in one worker (an xdist_group), so that each is computed once, not once per worker;
# two such fixtures of one module (the scene pages at 688 px and on a phone) can run side by side.
SHARED_MODULE_FIXTURES = {"scene_facts", "phone_facts", "zensical_site", "fake_site", "built"}
GROUPS = "xdist-groups"  # {test id: group}, written by each worker as it collects, read by the scheduler


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto`: one worker more than the cores. A browser test spends much of its time waiting on
    Chromium (its own processes) and on fixed pauses, so one more worker keeps the cores busy;
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides where it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else None


def pytest_itemcollected(item) -> None:
    if shared := sorted(SHARED_MODULE_FIXTURES & set(getattr(item, "fixturenames", ()))):
        item.add_marker(pytest.mark.xdist_group("-".join([item.module.__name__, *shared])))


def pytest_collection_modifyitems(config, items) -> None:
    """In a worker: write down each test's group. xdist 3.8 marks a group in the test's id, which
    pytest 9 no longer lets a plugin change (Node._nodeid is gone), so its loadgroup mode runs every
    test apart; the scheduler below reads the groups from this file instead."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    groups = {}
    for item in items:
        marks = item.iter_markers("xdist_group")
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks}
        if names:
            groups[item.nodeid] = "_".join(sorted(names))
    folder = config._tmp_path_factory.getbasetemp().parent / GROUPS  # the controller's basetemp
    folder.mkdir(exist_ok=True)
    tmp = folder / f"{worker}.tmp"
    tmp.write_text(json.dumps(groups))
    tmp.replace(folder / f"{worker}.json")


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup as xdist means it: the tests of one group go to one worker, as one unit."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduling(LoadGroupScheduling):
        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:  # every worker has collected (and written its file) by now
                folder = config._tmp_path_factory.getbasetemp() / GROUPS
                self.groups = {}
                for f in sorted(folder.glob("*.json")):
                    self.groups |= json.loads(f.read_text())
            return self.groups.get(nodeid, nodeid)

    return Scheduling(config, log)


def shared_tmp(tmp_path_factory) -> Path:
    """A folder every worker of this run sees (the parent of the workers' own), or this run's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture
def one_torch_thread():
    """Tiny models: one intra-op thread is much faster than two here (as in the build); torch's
    worker threads would only spin on a busy machine."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def manifest() -> dict:
    """Run the full (published) build into docs/assets/figures, as an author would (a worker
    per core, as build_figures.py does: on a clean clone the build is what every browser test
    waits for), and return its manifest. Cached figures are not rebuilt, so a second run costs
    about a second. FIGURES_MANIFEST=DIR checks the manifest of a build made elsewhere (the
    GPU run) instead."""
    if os.environ.get("FIGURES_MANIFEST"):
        return load_manifest(Path(os.environ["FIGURES_MANIFEST"]))
    report = build(out_dir=DEFAULT_OUT, progress=False, jobs=runner.cores())
    failed = "\n".join(f"{o.name}:\n{o.error}" for o in report.failed)
    assert report.ok, f"figure build failed:\n{failed}"
    return load_manifest(DEFAULT_OUT)


@pytest.fixture(scope="session")
def metrics(manifest) -> dict:
    """name -> metrics of every figure of the full build."""
    assert not any(f.get("quick") for f in manifest["figures"].values()), "claims need the full build"
    return {name: entry["metrics"] for name, entry in manifest["figures"].items()}


# --- fixtures: built site, local server, browser ----------------------------------------------


@pytest.fixture(scope="session")
def site_dir(manifest, tmp_path_factory) -> Path:
    """The site built once per run (`mkdocs build --strict`): the first worker to get here builds it,
    the others wait on the lock and use it."""
    root = shared_tmp(tmp_path_factory)
    out, done_mark = root / "browser" / "site", root / "browser" / "built"
    with FileLock(str(root / "browser.lock")):
        if not done_mark.exists():
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
            done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
            done_mark.touch()
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """The built site for the browser tests. A page asks for many files at once (its pictures,
    the scene's frame and bundle) from several browsers on a loaded machine: socketserver's
    backlog of 5 waiting connections can overflow, and a refused connection is a picture that
    never loads (a poster never complete, CI at 3849bfa). A browser that drops a request it no
    longer needs (a page closed mid-load) is no error."""

    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(site_dir):
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: "
            "install with `apt-get update && apt-get install -y chromium`"
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Every request and console error of a browser context, its iframes included."""

    def __init__(self, context, base: str) -> None:
        # Context-level events cover every page and iframe in the context.
        self.base, self.requests, self.errors = base, [], []
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        context.on("weberror", lambda e: self.errors.append(str(e.error)))
        context.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))

    def remote(self) -> list[str]:
        ours = urlsplit(self.base).netloc
        return [
            u for u in self.requests
            if not u.startswith(LOCAL_SCHEMES) and urlsplit(u).netloc != ours
        ]


@pytest.fixture
def context(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.watch = Watch(ctx, server)
    yield ctx
    ctx.close()
