// The page's figure loader (issues 8 and 20): every scene shows its still at once (the scene's
// first frame), and its interactive page, with plotly.js, is loaded only when the reader shows
// an interest:
// - the page's first scene, once it is near the screen (within 200 px below) and the reader has
//   done anything on the page (scrolled, moved the pointer, touched, pressed a key);
// - every scene, at once, when the pointer enters it, a finger touches it, it takes the focus (its
//   "Interact" button, which Tab reaches) or the page was opened at its anchor (#fig-NAME).
// A page nobody touches thus never parses the 1.9 MB plotly.js, nor fetches it (603 KB gzipped),
// and reading down a page costs no more than its stills and the first scene. Scenes load one at a
// time, the wanted one first; the still gives way to the scene once it has drawn
// (figures/render/scene.js tells this page with a message).
//
// This file runs from the page's <head>, async (overrides/main.html): it holds up no paint, and
// it sees each scene's frame as the HTML parser adds it (or all at once, if it runs after the
// parser), so a reader's first gesture, or a link to a figure, starts its scene at once rather
// than behind the theme's scripts. Two scenes that set up WebGL at once each take
// about twice as long: hence one at a time.
(function () {
  "use strict";
  var queue = [];
  var busy = false;
  var engaged = false;
  var first = null;       // the page's first scene, and whether it is near the screen
  var firstNear = false;
  var near = window.IntersectionObserver && new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) {
        near.unobserve(e.target);
        firstNear = true;
        if (engaged) want(e.target);
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

  // The reader wants this scene: load it next (first, if it was waiting behind others).
  function want(frame) {
    if (frame.dataset.mlpWanted) return;
    frame.dataset.mlpWanted = "1";
    if (near) near.unobserve(frame);
    var button = frame.parentNode.querySelector(".mlp-load");
    if (button) {
      button.textContent = "Loading…";
      button.setAttribute("aria-busy", "true");
    }
    queue.unshift(frame);
    if (!busy) next();
  }

  // Something the reader did on the page: the first scene may load once near the screen.
  function engage() {
    if (engaged) return;
    engaged = true;
    ENGAGE.forEach(function (type) { window.removeEventListener(type, engage, true); });
    if (first && (firstNear || !near)) want(first);
  }
  var ENGAGE = ["scroll", "wheel", "pointermove", "pointerdown", "touchstart", "keydown"];
  ENGAGE.forEach(function (type) { window.addEventListener(type, engage, { capture: true, passive: true }); });

  // The figure's own signs of interest, and a control a keyboard reader can reach.
  function listen(frame) {
    var stage = frame.parentNode;
    var wanted = function () { want(frame); };
    ["pointerenter", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
      stage.addEventListener(type, wanted, { passive: true });
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mlp-load";
    button.textContent = "Interact";
    button.setAttribute("aria-label", "Interact with this figure: " + (frame.title || "scene"));
    button.addEventListener("click", wanted);
    stage.appendChild(button);
  }

  function found(frame) {
    if (frame.dataset.mlpSeen) return;
    frame.dataset.mlpSeen = "1";
    // An empty frame is no Tab stop: Tab reaches the scene's own controls once it has loaded.
    if (!frame.getAttribute("src")) frame.tabIndex = -1;
    listen(frame);
    var fig = frame.closest("figure");
    if (fig && location.hash && location.hash === "#" + fig.id) return want(frame);
    if (first) return;
    first = frame;
    if (near) near.observe(frame);
    else if (engaged) want(frame);
  }

  function sweep() {
    document.querySelectorAll("iframe.mlp-scene[data-src]").forEach(found);
  }

  // A scene that has drawn: show it in place of its image; the focus its button had goes to it.
  window.addEventListener("message", function (e) {
    if (!e.data || e.data.mlpScene !== "drawn") return;
    document.querySelectorAll("iframe.mlp-scene").forEach(function (frame) {
      if (frame.contentWindow !== e.source) return;
      var stage = frame.parentNode;
      stage.classList.add("mlp-drawn");
      var button = stage.querySelector(".mlp-load");
      if (!button) return;
      var focused = document.activeElement === button;
      button.remove();
      if (focused) frame.focus();
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
