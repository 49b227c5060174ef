"""Citations link to the page's reference list: ``[Cybenko 1989](#ref-cybenko1989)`` in the
text, and the entry in the list carries the anchor on its own line (attr_list)::

    - G. Cybenko, "Approximation by superpositions of a sigmoidal function", 1989.
      {#ref-cybenko1989}

A citation with no entry, or an entry that nothing cites, fails the build."""

from __future__ import annotations

import re

from figures.site.errors import SiteError

ANCHOR_RE = re.compile(r'\bid="(ref-[\w.-]+)"')
CITE_RE = re.compile(r'\bhref="#(ref-[\w.-]+)"')


def check_citations(html_text: str, where: str) -> None:
    anchors = set(ANCHOR_RE.findall(html_text))
    cited = set(CITE_RE.findall(html_text))
    if missing := sorted(cited - anchors):
        raise SiteError(f"{where}: citation of {', '.join('#' + m for m in missing)} has no entry in the "
                        "reference list; end the entry with a line '{#ref-...}'")
    if uncited := sorted(anchors - cited):
        raise SiteError(f"{where}: reference {', '.join(uncited)} is never cited; link to it from the text "
                        "as [Author Year](#ref-...)")
