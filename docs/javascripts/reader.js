// Page-level fixes for every reader (issue 8); figure behaviour lives in figures/render/scene.js.
(function () {
  "use strict";
  // Material's search dialog has no accessible name (axe-core: aria-dialog-name, serious).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
    if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Search");
  });
  // A display equation wider than the column scrolls inside its own box: a keyboard reader must
  // be able to focus it to scroll it (axe-core: scrollable-region-focusable, serious).
  function focusableEquations() {
    document.querySelectorAll("div.arithmatex").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", "Equation (scrolls sideways)");
      } else if (!scrolls && el.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { el.removeAttribute(a); });
      }
    });
  }
  focusableEquations();
  window.addEventListener("resize", focusableEquations);
  // Print shows each scene's static image; lazy ones that were never on screen would print
  // blank, so every image loads when printing starts.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
  });
})();
