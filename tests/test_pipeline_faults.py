"""The build under faults (issue 10): bad metrics, figure code that exits, half-written
figures, dead workers, full disks, read-only folders, corrupt manifests, a held lock."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from test_build import FLAKY_BAD, FLAKY_OK, GOOD, clean_registry, make_package, write_modules  # noqa: F401

import build_figures
from figures.pipeline import build, cache, manifest, runner, store

PAIR_V1 = '''
from figures.registry import Artifact, Result, figure

@figure()
def pair(ctx):
    return Result([Artifact("pair", "txt", "one v1"), Artifact("pair-b", "txt", "two v1")], {{"v": 1}})
'''
PAIR_V2 = PAIR_V1.replace("v1", "v2").replace('"v": 1', '"v": 2')


def fig(name: str, body: str) -> str:
    """A module with one figure whose body is ``body`` (indented code ending in a return)."""
    body = body.replace("{", "{{").replace("}", "}}")  # make_package formats modules with {pkg}
    return (f"import os, signal, time\nimport numpy as np\nfrom figures.registry import Artifact, Result, figure\n\n"
            f"@figure()\ndef {name}(ctx):\n" + textwrap.indent(textwrap.dedent(body), "    "))


def outcomes(report) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


def consistent(out: Path) -> dict:
    """manifest.json is valid, every entry's files are on disk as recorded, no stray file."""
    m = manifest.read(out / "manifest.json")
    for entry in m["figures"].values():
        assert manifest.verify_entry(out, entry) == []
    assert store.strays(out, m) == []
    return m


# --- 1. metrics -------------------------------------------------------------------------------


def test_numpy_metrics_are_converted_and_unencodable_ones_fail_that_figure(tmp_path):
    pkg = make_package(tmp_path, {
        "demo": GOOD,
        "npy": fig("npy", 'return Result([Artifact("npy", "txt", "n")], '
                          '{"acc": np.float32(0.5), "n": np.int64(3), "ok": np.bool_(True), "xs": [np.float64(1.5)]})'),
        "arr": fig("arr", 'return Result([Artifact("arr", "txt", "a")], {"curve": np.zeros(3)})'),
        "nan": fig("nan", 'return Result([Artifact("nan", "txt", "a")], {"loss": float("nan")})'),
    })
    out = tmp_path / "out"
    report = build(out_dir=out, package=pkg, progress=False)
    assert outcomes(report) == {"good": "built", "npy": "built", "arr": "failed", "nan": "failed"}
    errors = {o.name: o.error for o in report.failed}
    assert "metrics.curve is a numpy.ndarray" in errors["arr"] and "'arr'" in errors["arr"]
    assert "metrics.loss is nan" in errors["nan"]
    m = consistent(out)
    assert m["figures"]["npy"]["metrics"] == {"acc": 0.5, "n": 3, "ok": True, "xs": [1.5]}
    assert set(m["figures"]) == {"good", "npy"} and not (out / "arr").exists()


# --- 2. a figure's files as a set -------------------------------------------------------------


def test_error_while_writing_a_figure_keeps_its_old_files_and_entry(tmp_path, monkeypatch):
    pkg = make_package(tmp_path, {"pair": PAIR_V1})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    old = store.load_manifest(out)["figures"]["pair"]
    write_modules(tmp_path / "src" / pkg, pkg, {"pair": PAIR_V2})
    real = store.write_atomic

    def second_file_fails(path, data):
        if path.name == "pair-b.txt":
            raise OSError(errno.EIO, "I/O error", str(path))
        real(path, data)

    monkeypatch.setattr(store, "write_atomic", second_file_fails)
    report = build(out_dir=out, package=pkg, progress=False)
    assert [o.name for o in report.failed] == ["pair"] and "I/O error" in report.failed[0].error
    assert (out / "pair" / "pair.txt").read_text() == "one v1"  # not half v2
    assert consistent(out)["figures"]["pair"] == old


# --- 3. workers die with the build ------------------------------------------------------------


def children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def driver(tmp_path: Path, pkg: str, out: Path, jobs: int, force: bool = False) -> list[str]:
    """A command that builds the throwaway package in its own process."""
    code = (f"import sys; sys.path.insert(0, {str(tmp_path / 'src')!r}); from pathlib import Path; "
            f"from figures.pipeline import build; "
            f"r = build(out_dir=Path({str(out)!r}), package={pkg!r}, jobs={jobs}, progress=False, force={force}); "
            f"sys.exit(0 if r.ok else 1)")
    return [sys.executable, "-c", code]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_build(tmp_path, monkeypatch, sig):
    monkeypatch.setattr(runner, "cores", lambda: 2)
    pkg = make_package(tmp_path, {f"slow{i}": fig(f"slow{i}", 'time.sleep(60)\nreturn Result([], {})')
                                  for i in range(2)})
    proc = subprocess.Popen(driver(tmp_path, pkg, tmp_path / "out", jobs=2), stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    workers: set[int] = set()
    while time.time() < deadline and len(workers) < 2:
        # the pool's workers, not multiprocessing's resource tracker
        workers = {c for c in children(proc.pid)
                   if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")}
        time.sleep(0.1)
    assert len(workers) == 2, "the build never started its workers"
    time.sleep(1.0)  # let them reach the figure code
    proc.send_signal(sig)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers outlived the build"


# --- 4. a dead worker is named, the others build ----------------------------------------------


def test_killed_worker_is_named_and_innocent_figures_build(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "cores", lambda: 2)
    pkg = make_package(tmp_path, {
        "demo": GOOD, "flaky": FLAKY_OK,
        "killer": fig("killer", "time.sleep(0.5)\nos.kill(os.getpid(), signal.SIGKILL)"),
    })
    out = tmp_path / "out"
    report = build(out_dir=out, package=pkg, progress=False, jobs=2)
    assert outcomes(report) == {"good": "built", "flaky": "built", "killer": "failed"}
    assert "figure 'killer'" in report.failed[0].error and "worker process died" in report.failed[0].error
    assert "BrokenProcessPool" not in report.failed[0].error
    assert "died while running" in capsys.readouterr().err
    consistent(out)


# --- 5. every input in the key ----------------------------------------------------------------


def test_data_files_beside_the_code_are_in_the_keys(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD})
    vendor = tmp_path / "src" / pkg / "vendor"
    vendor.mkdir()
    (vendor / "bundle.js.gz").write_bytes(b"one")
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    key = store.load_manifest(out)["figures"]["good"]["key"]
    (vendor / "bundle.js.gz").write_bytes(b"two")
    again = build(out_dir=out, package=pkg, progress=False)
    assert outcomes(again) == {"good": "built"}  # the no-op path saw it, and so did the key
    assert store.load_manifest(out)["figures"]["good"]["key"] != key
    (vendor / "bundle.js.gz").write_bytes(b"one")  # a revert is a change too
    assert outcomes(build(out_dir=out, package=pkg, progress=False)) == {"good": "built"}


SHARED = '''
from pathlib import Path
from figures.registry import Artifact, Result, figure, shared_asset

JS = Path(__file__).parent / "vendor" / "page.js"
shared_asset("page.js", JS.read_bytes, source=JS)

@figure()
def good(ctx):
    return Result([Artifact("good", "txt", "drawn")], {{}})
'''


def test_a_shared_asset_edit_is_written_but_rebuilds_no_figure(tmp_path):
    """A file pages load beside the figures (as scene.js and plotly.js): the build writes its
    new content, but no figure's key holds it, so no figure is rebuilt; its declaring module's
    own code still is in the key."""
    name = make_package(tmp_path, {})
    (tmp_path / "src" / name / "vendor").mkdir()
    (tmp_path / "src" / name / "vendor" / "page.js").write_text("// one\n")
    write_modules(tmp_path / "src" / name, name, {"demo": SHARED})
    out = tmp_path / "out"
    assert outcomes(build(out_dir=out, package=name, progress=False)) == {"good": "built"}
    assert (out / "page.js").read_text() == "// one\n"
    (tmp_path / "src" / name / "vendor" / "page.js").write_text("// two\n")
    assert outcomes(build(out_dir=out, package=name, progress=False)) == {"good": "cached"}
    assert (out / "page.js").read_text() == "// two\n"
    # a top-level statement counts for every figure of its module (a comment would count for none)
    write_modules(tmp_path / "src" / name, name, {"demo": SHARED + "\nlen([])\n"})
    assert outcomes(build(out_dir=out, package=name, progress=False)) == {"good": "built"}


def test_the_sites_shared_assets_are_declared_with_their_sources():
    from figures.registry import shared_sources
    from figures.render import scenes

    vendored = [p.name for p in cache.data_files(Path(cache.__file__).parents[1] / "render")]
    assert "plotly-mlp.min.js.gz" in vendored  # in the tree digest: the no-op check sees an edit
    assert {scenes.SCENE_JS.resolve(), (scenes.VENDOR / "plotly-mlp.min.js.gz").resolve()} <= shared_sources()


# --- 6. full disk ------------------------------------------------------------------------------


def test_full_disk_stops_cleanly_and_keeps_the_failure_reports(tmp_path, monkeypatch, capsys):
    a_flaky = FLAKY_BAD.replace("def flaky", "def a_flaky").replace('"flaky"', '"a_flaky"')
    pkg = make_package(tmp_path, {"a_flaky": a_flaky, "pair": PAIR_V1, "zz": fig("zz", 'return Result([Artifact("zz", "txt", "z")], {})')})  # noqa: E501
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    monkeypatch.setattr(runner, "_expected_first", lambda spec, timings: spec.name)  # a_flaky runs first
    out = tmp_path / "out"
    build(out_dir=out, package=pkg, progress=False)  # a_flaky fails, the folder exists
    real = os.fsync

    def full_after_first(fd):
        # pair.txt is staged, then the disk is full while pair-b.txt is written
        if ".pair-b.txt." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    write_modules(tmp_path / "src" / pkg, pkg, {"pair": PAIR_V2})
    monkeypatch.setattr(os, "fsync", full_after_first)
    code = build_figures.main(["--out", str(out), "--quick", "--jobs", "1"])  # serial: a fixed order
    monkeypatch.setattr(os, "fsync", real)
    err = capsys.readouterr().err
    assert code == 1
    assert "FAILED a_flaky" in err and "ZeroDivisionError" in err  # the report collected before
    assert "error: the build stopped: cannot write" in err and "the disk is full" in err
    assert "FAILED pair:\ncannot save: cannot write" in err and "FAILED zz:\nnot built: cannot write" in err
    m = consistent(out)  # no staging or temporary file left
    assert (out / "pair" / "pair.txt").read_text() == "one v1" and m["figures"]["pair"]["metrics"] == {"v": 1}


# --- 8. corrupt manifests ----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"\xff\xfe{not utf8", b"[]", b"null", b"{}", b'{"schema": 2}',
                                     b'{"schema": 2, "figures": []}', b'{"schema": 2, "figures": {"x": 1}}',
                                     b"{bad json"])
def test_corrupt_manifest_is_recovered_with_a_message_naming_it(tmp_path, monkeypatch, capsys, content):
    pkg = make_package(tmp_path, {"demo": GOOD})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_bytes(content)
    assert build_figures.main(["--out", str(out), "--list"]) == 0
    assert f"{out / 'manifest.json'}" in capsys.readouterr().err
    assert build_figures.main(["--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and str(out / "manifest.json") in err and "rebuilt" in err
    assert set(consistent(out)["figures"]) == {"good"}


def test_manifest_schema_rejects_paths_outside_the_folder():
    entry = {"article": "a", "key": "k", "device": "cpu", "metrics": {}, "quick": False, "provenance": {},
             "files": {"x.txt": {"path": "../../etc/passwd", "bytes": 1, "sha256": "0", "width": None,
                                 "height": None}}}
    found = manifest.problems({"schema": manifest.SCHEMA, "figures": {"x": entry}})
    assert found == ["figures.x.files.x.txt.path '../../etc/passwd' leaves the figures folder"]
    entry["files"]["x.txt"]["path"] = "a/x.txt"
    assert manifest.problems({"schema": manifest.SCHEMA, "figures": {"x": entry}}) == []


def test_verify_entry_names_missing_and_changed_files(tmp_path):
    pkg = make_package(tmp_path, {"pair": PAIR_V1})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    entry = store.load_manifest(out)["figures"]["pair"]
    assert manifest.verify_entry(out, entry) == []
    (out / "pair" / "pair.txt").write_text("tampered")
    (out / "pair" / "pair-b.txt").unlink()
    assert sorted(manifest.verify_entry(out, entry)) == [
        "pair/pair-b.txt: missing", "pair/pair.txt: content differs from the manifest (sha256)"]


# --- 10. figure code cannot end the build -----------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_system_exit_and_keyboard_interrupt_fail_only_their_figure(tmp_path, monkeypatch, capsys, jobs):
    monkeypatch.setattr(runner, "cores", lambda: 2)
    pkg = make_package(tmp_path, {"demo": GOOD, "quits": fig("quits", "raise SystemExit(3)"),
                                  "interrupts": fig("interrupts", "raise KeyboardInterrupt")})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    code = build_figures.main(["--out", str(tmp_path / "out"), "--jobs", str(jobs)])
    err = capsys.readouterr().err
    assert code == 1
    assert "FAILED quits" in err and "SystemExit: 3" in err
    assert "FAILED interrupts" in err and "KeyboardInterrupt" in err
    assert set(consistent(tmp_path / "out")["figures"]) == {"good"}


# --- 11. read-only folder ----------------------------------------------------------------------


def read_only(monkeypatch, out: Path) -> None:
    """Every write under ``out`` fails with EROFS (we run as root, so chmod would not stop us)."""
    inside = lambda p: str(Path(os.fsdecode(p)).resolve()).startswith(str(out.resolve()))  # noqa: E731

    def guard(func, arg=0):
        def wrapped(*a, **k):
            if inside(a[arg]) and (func is not os.open or a[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)):
                raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(a[arg]))
            return func(*a, **k)
        return wrapped

    for name in ("open", "mkdir", "replace", "rename", "unlink", "rmdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))


def test_read_only_folder_no_op_works_and_real_build_says_it_cannot_write(tmp_path, monkeypatch, capsys):
    pkg = make_package(tmp_path, {"demo": GOOD})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    out = tmp_path / "out"
    assert build_figures.main(["--out", str(out)]) == 0
    capsys.readouterr()
    read_only(monkeypatch, out)
    assert build_figures.main(["--out", str(out)]) == 0
    assert "1 figures: 0 built, 1 cached" in capsys.readouterr().out
    # --force rebuilds the same bytes and so writes nothing: it works in a read-only folder too.
    assert build_figures.main(["--out", str(out), "--force"]) == 0
    capsys.readouterr()
    helper = tmp_path / "src" / pkg / "helper.py"  # an edit: the new key must be saved
    helper.write_text(helper.read_text() + "# edited\n")
    assert build_figures.main(["--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error: the build stopped: cannot write" in err and "read-only" in err and "Traceback" not in err


# --- 13. the lock ------------------------------------------------------------------------------


def test_arguments_are_checked_before_the_lock_and_waits_are_announced(tmp_path, monkeypatch, capsys):
    pkg = make_package(tmp_path, {"demo": GOOD})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    out = tmp_path / "out"
    release = threading.Event()

    def hold():
        with store.build_lock(out):
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    try:
        start = time.time()
        assert build_figures.main(["--out", str(out), "nosuch"]) == 2  # at once, not after the lock
        assert time.time() - start < 5 and "no figure matches 'nosuch'" in capsys.readouterr().err
        result = {}
        waiter = threading.Thread(target=lambda: result.update(code=build_figures.main(["--out", str(out)])))
        waiter.start()
        deadline = time.time() + 20
        err = ""
        while time.time() < deadline and "waiting" not in err:
            time.sleep(0.1)
            err += capsys.readouterr().err
        assert f"waiting for another build (pid {os.getpid()})" in err
    finally:
        release.set()
        holder.join()
    waiter.join(60)
    assert result == {"code": 0}


# --- 14. strays, --jobs, reproducible manifest ------------------------------------------------


def test_stray_files_are_removed_and_owned_ones_kept(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    (out / "demo" / "old_name.svg").write_text("from a renamed figure")
    (out / "gone-article").mkdir()
    (out / "gone-article" / "x.png").write_bytes(b"x")
    (out / ".staging" / "good" / "demo").mkdir(parents=True)
    (out / ".staging" / "good" / "demo" / "good.txt").write_text("half")
    report = build(out_dir=out, package=pkg, progress=False)
    assert outcomes(report) == {"good": "cached"}
    assert not (out / "gone-article").exists() and not (out / ".staging").exists()
    assert sorted(p.name for p in (out / "demo").iterdir()) == ["good.txt"]
    consistent(out)


def test_jobs_are_capped_at_the_cores(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "cores", lambda: 1)
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    assert build_figures.main(["--out", str(tmp_path / "out"), "--jobs", "64"]) == 0
    assert "--jobs 64 is more than the 1 cores here; using 1" in capsys.readouterr().err


def test_manifest_has_no_timings_and_a_rebuild_publishes_identical_bytes(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    first = (out / "manifest.json").read_bytes()
    assert "seconds" not in json.dumps(json.loads(first))
    assert build(out_dir=out, package=pkg, progress=False, force=True).ok
    assert (out / "manifest.json").read_bytes() == first
    assert set(store.load_timings(out)) == {"good", "flaky"}  # kept, apart, for the table


def test_building_some_figures_keeps_the_no_op_fast_path(tmp_path, monkeypatch):
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    (out / "demo" / "good.txt").write_text("tampered")  # so that its files really switch
    assert outcomes(build(["good"], out_dir=out, package=pkg, progress=False)) == {"good": "built"}
    monkeypatch.setattr(runner, "discover", lambda *a, **k: pytest.fail("the no-op imported figure code"))
    assert set(outcomes(build(out_dir=out, package=pkg, progress=False)).values()) == {"cached"}
