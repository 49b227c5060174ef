// Page-level fixes for every reader (issue 8); figure behaviour lives in figures/render/scene.js.
(function () {
  "use strict";
  // Material's search dialog has no accessible name (axe-core: aria-dialog-name, serious).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
    if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Search");
  });
  // Print shows each scene's static image; lazy ones that were never on screen would print
  // blank, so every image loads when printing starts.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
  });
})();
