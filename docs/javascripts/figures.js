// The page's figure loader (issue 8): every scene shows its static image at once, and its
// interactive page is loaded when the figure comes on screen (or within 200 px below it), one
// frame at a time, visible frames first; the image gives way to the scene once the scene has
// drawn (figures/render/scene.js tells this page with a message).
//
// This file runs from the page's <head> (overrides/main.html), so it sees each scene's frame as
// the HTML parser adds it and can start the first visible scene long before the page has
// finished loading: waiting for DOMContentLoaded (behind the theme's scripts) cost about 0.4 s.
// Two scenes that set up WebGL at once each take about twice as long, and the browser's own
// loading="lazy" starts frames far off screen, which then compete for the CPU with the one
// being read: hence one at a time.
(function () {
  "use strict";
  var queue = [];
  var busy = false;
  var seen = window.IntersectionObserver && new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) {
        seen.unobserve(e.target);
        want(e.target);
      }
    });
  }, { rootMargin: "0px 0px 200px 0px" });

  function visible(frame) {
    var r = frame.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function next() {
    var i = queue.findIndex(visible);
    var frame = queue.splice(i < 0 ? 0 : i, 1)[0];
    busy = !!frame;
    if (frame) {
      frame.addEventListener("load", function () {
        frame.removeAttribute("tabindex");
        next();
      }, { once: true });
      afterStill(frame, function () { frame.src = frame.dataset.src; });
    }
  }

  // A same-origin frame runs on this page's thread: while its plotly.js is parsed nothing here
  // is painted. So the frame starts once its still is on screen (loaded, then two frames drawn).
  function afterStill(frame, start) {
    var still = frame.parentNode.querySelector(".mlp-poster");
    var painted = function () { requestAnimationFrame(function () { requestAnimationFrame(start); }); };
    if (!still || (still.complete && still.naturalWidth)) return painted();
    if (still.loading === "lazy") still.loading = "eager";
    still.addEventListener("load", painted, { once: true });
    still.addEventListener("error", painted, { once: true });
  }

  function want(frame) {
    queue.push(frame);
    if (!busy) next();
  }

  function found(frame) {
    if (frame.dataset.mlpSeen) return;
    frame.dataset.mlpSeen = "1";
    // An empty frame is no Tab stop: Tab reaches the scene's own controls once it has loaded.
    if (!frame.getAttribute("src")) frame.tabIndex = -1;
    if (seen) seen.observe(frame);
    else want(frame);
  }

  function sweep() {
    document.querySelectorAll("iframe.mlp-scene[data-src]").forEach(found);
  }

  // A scene that has drawn: show it in place of its image.
  window.addEventListener("message", function (e) {
    if (!e.data || e.data.mlpScene !== "drawn") return;
    document.querySelectorAll("iframe.mlp-scene").forEach(function (frame) {
      if (frame.contentWindow === e.source) frame.parentNode.classList.add("mlp-drawn");
    });
  });

  if (document.readyState === "loading") {
    var parsing = new MutationObserver(sweep);
    parsing.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      parsing.disconnect();
      sweep();
    });
  } else {
    sweep();
  }
})();
