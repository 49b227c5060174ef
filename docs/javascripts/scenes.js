// Load each figure's scene (an iframe with data-src) only when it comes near the viewport.
// The browser's native lazy loading starts iframes thousands of pixels away; on a phone or a
// 2-core laptop those compete with the scene the reader is looking at.
(function () {
  function load(frame) {
    if (!frame.src && frame.dataset.src) frame.src = frame.dataset.src;
  }
  function start() {
    var frames = document.querySelectorAll("iframe.mlp-scene[data-src]");
    if (!("IntersectionObserver" in window)) {
      frames.forEach(load);
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          load(e.target);
          seen.unobserve(e.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    frames.forEach(function (f) { seen.observe(f); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
