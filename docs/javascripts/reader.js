// Page-level fixes for every reader (issue 8); figure behaviour lives in figures/render/scene.js.
(function () {
  "use strict";
  // Material's search dialog has no accessible name (axe-core: aria-dialog-name, serious).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
    if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Search");
  });
  // A display equation wider than the column, or a row of panels on a phone, scrolls inside
  // its own box: a keyboard reader must be able to focus it to scroll it (axe-core:
  // scrollable-region-focusable, serious).
  function focusableScrollers() {
    document.querySelectorAll("div.arithmatex, .mlp-wide").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.classList.contains("mlp-wide") ? "Figure (scrolls sideways)" : "Equation (scrolls sideways)");
      } else if (!scrolls && el.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { el.removeAttribute(a); });
      }
    });
  }
  // A row of panels that scrolls (a phone): which edges have more to show (site.css fades them).
  function more(el) {
    var sides = [];
    if (el.scrollLeft > 1) sides.push("left");
    if (el.scrollLeft + el.clientWidth < el.scrollWidth - 1) sides.push("right");
    if (sides.length) el.setAttribute("data-more", sides.join(" "));
    else el.removeAttribute("data-more");
  }
  var wide = document.querySelectorAll(".mlp-wide");
  wide.forEach(function (el) {
    el.addEventListener("scroll", function () { more(el); }, { passive: true });
    var img = el.querySelector("img");
    if (img && !img.complete) img.addEventListener("load", function () { more(el); });
  });
  // A display equation still wider than its column once broken into lines (a wide matrix on a
  // phone) is drawn smaller to fit, down to 70 % of its size; wider than that, it scrolls.
  function fitMath() {
    document.querySelectorAll("div.arithmatex > math").forEach(function (m) {
      m.style.fontSize = "";
      var lo = Infinity, hi = -Infinity, cs = getComputedStyle(m);
      m.querySelectorAll("*").forEach(function (c) {
        var r = c.getBoundingClientRect();
        if (!r.width) return;
        lo = Math.min(lo, r.left);
        hi = Math.max(hi, r.right);
      });
      var room = m.parentNode.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 2;
      if (hi - lo > room) m.style.fontSize = Math.max(0.7, room / (hi - lo)) * 1.15 + "em";  // site.css: 1.15em
    });
  }
  function scrollers() {
    fitMath();
    focusableScrollers();
    wide.forEach(more);
  }
  scrollers();
  window.addEventListener("resize", scrollers);
  // Tapping a figure enlarges the picture the page shows: on a phone, the twin drawn for a phone
  // (its <picture>'s phone <source>), whose lettering is larger than the desktop still's, where
  // it fits the screen's height (the lightbox would shrink a taller one below its inline size). This
  // runs before the lightbox reads its links (its script comes after this one), and again, with
  // the lightbox re-reading them, when the window crosses the phone's width.
  function lightboxSources() {
    document.querySelectorAll("a.glightbox").forEach(function (a) {
      var source = a.querySelector("picture > source[media]");
      if (!source) return;
      if (!a.dataset.desktop) a.dataset.desktop = a.getAttribute("href");
      var w = +source.getAttribute("width"), h = +source.getAttribute("height");
      var fits = !h || h * Math.min(1, window.innerWidth / w) <= 0.9 * window.innerHeight;
      a.setAttribute("href", matchMedia(source.media).matches && fits ? source.getAttribute("srcset") : a.dataset.desktop);
    });
  }
  lightboxSources();
  var phoneSource = document.querySelector("a.glightbox picture > source[media]");
  if (phoneSource) {
    matchMedia(phoneSource.media).addEventListener("change", function () {
      lightboxSources();
      if (lightbox) lightbox.reload();
    });
  }
  // The lightbox (mkdocs-glightbox) loads on the first tap on a figure, not with the page
  // (figures/site/hook.py leaves its files and options in mlpLightbox): its stylesheet goes in
  // before the plugin's own overrides (#glightbox-style), and it opens at the tapped figure.
  var lightbox = null, loading = null;
  function loadLightbox() {
    /* global mlpLightbox, GLightbox */
    var got = function (el) { return new Promise(function (done, fail) { el.onload = done; el.onerror = fail; }); };
    var css = document.createElement("link"), js = document.createElement("script");
    css.rel = "stylesheet";
    css.href = mlpLightbox.css;
    js.src = mlpLightbox.js;
    document.head.insertBefore(css, document.getElementById("glightbox-style"));
    document.head.appendChild(js);
    return Promise.all([got(css), got(js)]).then(function () {
      lightbox = GLightbox(mlpLightbox.options);
      return lightbox;
    });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.glightbox");
    if (!a || lightbox || typeof mlpLightbox === "undefined") return;
    e.preventDefault();
    if (loading) return;
    loading = loadLightbox().then(function (box) {
      box.openAt(Array.prototype.indexOf.call(document.querySelectorAll("a.glightbox"), a));
    }, function () { loading = null; window.location.href = a.href; });  // no lightbox: the picture itself
  }, true);
  // Print shows each scene's static image; lazy ones that were never on screen would print
  // blank, so every image loads when printing starts.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
  });
})();
