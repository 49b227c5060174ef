"""`python build_figures.py --check`: the claims of the figures it rebuilt, each failing one said as
a sentence of its article, not a bare assert (issue 22, item 6)."""

import copy
import json

import build_figures


def mutated(manifest: dict, tmp_path, name: str, metric: str, value) -> str:
    out = tmp_path / "figures"
    out.mkdir()
    changed = copy.deepcopy(manifest)
    changed["figures"][name]["metrics"][metric] = value
    (out / "manifest.json").write_text(json.dumps(changed))
    return out


def test_claims_files_are_picked_by_the_figures_they_read():
    files = ["test_claims.py", "test_claims_can_fail.py", "test_claims_sources.py"]  # each reads relu_net
    assert [p.name for p in build_figures.claims_files({"relu_net"})] == files
    assert build_figures.claims_files({"no_such_figure"}) == []


def test_a_false_claim_is_said_as_a_sentence(manifest, tmp_path):
    out = mutated(manifest, tmp_path, "relu_net", "accuracy", 0.729)
    threshold = manifest["figures"]["relu_seeds"]["metrics"]["threshold"]
    failed = build_figures.check_claims({"relu_net"}, out)
    assert f"why-more-layers: 'picked because it succeeds' — relu_net.accuracy is 72.9%, needs >= {threshold:.1%}" \
        in failed
    # a claim not yet written with claim() still names its test and its assert
    assert any(line.startswith("tests/test_claims.py::test_shown_seed_matches_its_slot_in_the_sweep: ")
               for line in failed), failed


def test_check_prints_it_and_fails(manifest, tmp_path, capsys):
    out = mutated(manifest, tmp_path, "relu_net", "accuracy", 0.729)
    assert not build_figures.print_claims({"relu_net"}, out, quick=False)
    captured = capsys.readouterr()
    assert "claims: 3 test files for 1 figures: 2 failing" in captured.out
    assert "  why-more-layers: 'picked because it succeeds' — relu_net.accuracy is 72.9%" in captured.err


def test_true_claims_pass(manifest, tmp_path):
    same = manifest["figures"]["relu_net"]["metrics"]["accuracy"]
    assert build_figures.check_claims({"relu_net"}, mutated(manifest, tmp_path, "relu_net", "accuracy", same)) == []
