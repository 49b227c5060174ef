"""No two labels of a static figure print over each other: every SVG the build writes (desktop,
phone and dark twins, scene stills) is opened in Chromium and the boxes of its one-line texts
(titles, tick and point labels, legend entries) are compared as the browser lays them out.
Multi-line <text> (matplotlib's mathtext: 10⁻², x₁) is left out: its box spans its sub- and
superscripts, which touch tick labels without covering them."""

from __future__ import annotations

from figures.pipeline import DEFAULT_OUT

OVERLAPS_JS = """() => {
  const t = [...document.querySelectorAll('text')]
    .filter(e => e.textContent.trim() && !e.textContent.includes('\\n'))
    .map(e => { const r = e.getBoundingClientRect();
                return [e.textContent.trim(), r.left, r.top, r.right, r.bottom]; });
  const out = [];
  for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) {
    const a = t[i], b = t[j];
    const ox = Math.min(a[3], b[3]) - Math.max(a[1], b[1]), oy = Math.min(a[4], b[4]) - Math.max(a[2], b[2]);
    if (ox > 1 && oy > 1) out.push(`'${a[0]}' and '${b[0]}' (${Math.round(ox)} x ${Math.round(oy)} px)`);
  }
  return out;
}"""


def overlapping_labels(page, svg_path) -> list[str]:
    page.goto(svg_path.resolve().as_uri())
    return page.evaluate(OVERLAPS_JS)


def test_no_two_labels_of_any_figure_overprint(manifest, browser):
    files = sorted(DEFAULT_OUT.rglob("*.svg"))
    assert len(files) > 50, files  # every static figure and its twins
    page = browser.new_page()
    bad = {str(f.relative_to(DEFAULT_OUT)): o for f in files if (o := overlapping_labels(page, f))}
    page.close()
    assert not bad, "\n".join(f"{k}: {'; '.join(v)}" for k, v in bad.items())


def test_the_overprint_check_sees_labels_that_meet(browser, tmp_path):
    """Can fail: two corner labels placed towards each other, as mp_units had them."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-size="12">'
           '<text x="10" y="30">(0, 0)</text><text x="28" y="30">(1, 0)</text>'
           '<text x="10" y="55">x</text><text x="150" y="55">y</text></svg>')
    (tmp_path / "t.svg").write_text(svg)
    page = browser.new_page()
    found = overlapping_labels(page, tmp_path / "t.svg")
    page.close()
    assert len(found) == 1 and "(0, 0)" in found[0] and "(1, 0)" in found[0], found


