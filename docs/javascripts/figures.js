// Scene frames get their src when they come on screen or within 200 px below it, one frame at a
// time, visible frames first (each waits for the previous one's load event): two scenes that set
// up WebGL at once each take about twice as long, and the browser's own loading="lazy" starts
// frames far off screen, which then compete for the CPU with the one being read.
(function () {
  "use strict";
  var queue = [];
  var busy = false;

  function visible(frame) {
    var r = frame.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function next() {
    var i = queue.findIndex(visible);
    var frame = queue.splice(i < 0 ? 0 : i, 1)[0];
    busy = !!frame;
    if (frame) {
      frame.addEventListener("load", next, { once: true });
      frame.src = frame.dataset.src;
    }
  }

  function want(frame) {
    queue.push(frame);
    if (!busy) next();
  }

  var frames = document.querySelectorAll("iframe.mlp-scene[data-src]");
  if (!window.IntersectionObserver) {
    frames.forEach(want);
    return;
  }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) {
        seen.unobserve(e.target);
        want(e.target);
      }
    });
  }, { rootMargin: "0px 0px 200px 0px" });
  frames.forEach(function (f) { seen.observe(f); });
})();
