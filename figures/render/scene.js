// What every scene page does for its reader, after the plot's own script has run: the wheel
// scrolls the page, a 3-D scene has zoom and reset buttons, the training slider and the play
// button work from the keyboard with a visible focus ring, and the colours follow the page's
// light or dark scheme. Shared by all scene pages (scenes.py ships it beside plotly.js).
(function () {
  "use strict";
  var gd = document.querySelector(".js-plotly-plot");
  if (!gd || !window.Plotly) return;

  // plotly.js gl3d calls preventDefault on every wheel event over a scene, even with
  // scrollZoom off (plotly.js issue 6458), so the page could not scroll past a scene. A
  // capture listener on the window runs before it and stops the event there: the browser's
  // default action, scrolling (chained to the page around this frame), still happens.
  window.addEventListener("wheel", function (e) { e.stopPropagation(); }, { capture: true, passive: true });

  var style = document.createElement("style");
  style.textContent = [
    ".mlp-ctl{position:absolute;top:8px;right:8px;height:auto;display:flex;gap:4px}",
    ".mlp-ctl button{font:16px/1 system-ui,sans-serif;width:32px;height:32px;padding:0;cursor:pointer;",
    "border:1px solid #767676;border-radius:4px;background:#fff;color:#222}",
    ".mlp-dark .mlp-ctl button{background:#2e303e;color:#e6e6e6;border-color:#8a8a8a}",
    ".mlp-ctl .mlp-rotate{width:64px;font-size:13px}",
    ".mlp-choice{display:flex;flex-wrap:wrap;justify-content:center;align-items:center;gap:4px;",
    "padding:4px 8px 6px;font:13px/1.2 system-ui,sans-serif;color:#222}",
    ".mlp-choice span{margin-right:4px}",
    ".mlp-choice button{font:inherit;min-height:28px;padding:2px 10px;cursor:pointer;border:1px solid #767676;",
    "border-radius:4px;background:#fff;color:#222}",
    ".mlp-choice button[aria-pressed=true]{background:#0072B2;border-color:#0072B2;color:#fff}",
    ".mlp-choice .mlp-toggle{margin-left:12px}",
    ".mlp-dark .mlp-choice{color:#e6e6e6}",
    ".mlp-dark .mlp-choice button{background:#2e303e;color:#e6e6e6;border-color:#8a8a8a}",
    ".mlp-dark .mlp-choice button[aria-pressed=true]{background:#3d8fd1;border-color:#3d8fd1;color:#111}",
    ".mlp-ctl .mlp-rotate[aria-pressed=true]{background:#1a73e8;border-color:#1a73e8;color:#fff}",
    // One focus ring for HTML buttons and the SVG slider and play button: Chromium draws an
    // outline around a focused SVG group, and the rail or button outline also turns thick blue.
    ":focus-visible{outline:3px solid #1a73e8;outline-offset:2px}",
    ".slider-container:focus-visible .slider-rail-rect,.updatemenu-button:focus-visible rect",
    "{stroke:#1a73e8!important;stroke-width:3px!important}",
  ].join("");
  document.head.appendChild(style);

  // Plotly.newPlot may still be drawing (a 3-D scene waits for WebGL): start once it is done.
  var ready = new Promise(function (resolve) {
    (function wait() {
      if (gd._fullLayout && gd.on && gd.querySelector(".main-svg")) resolve();
      else setTimeout(wait, 20);
    })();
  });

  ready.then(htmlControls).then(function () {
    if (gd.layout.meta && gd.layout.meta.panels) regrid();
    else stackColumns();
    // A map of cells has nothing to zoom into: no zoom buttons.
    var zoomable = !!gd._fullLayout.scene || !gd._fullData.some(function (t) { return t.type === "heatmap" && !t.zsmooth; });
    // a touch screen, or a phone's width (its still, drawn for a phone, has the toggle: a narrow
    // window with a mouse shows what the still showed, and the toggle does no harm there)
    var touch = !!gd._fullLayout.scene && (navigator.maxTouchPoints > 0 || window.matchMedia("(any-pointer: coarse)").matches
                                           || window.innerWidth < 480);
    if (touch) TOOLBAR_PX += ROTATE_PX;  // the rotate toggle sits in the toolbar too
    fitTitle(zoomable);
    fitLegend(zoomable);
    fitFrame();
    if (gd._fullLayout.scene) {
      ticks3d();
      fitCamera();
      return fitFrame3d().then(function () {
        addZoom();
        touchScrolls(touch);
        finish();
      });
    }
    // A drag (or a double click) over a 2-D plot zoomed it by accident: it stays put, and the
    // zoom buttons are the way to zoom (and back).
    Plotly.relayout(gd, { dragmode: false, "xaxis.fixedrange": true, "yaxis.fixedrange": true });
    if (zoomable) addZoom2d();
    finish();
  });

  function finish() {
    cellClicks();
    followTicks();
    keyboard();
    gd.on("plotly_afterplot", keyboard);  // Plotly redraws its slider and buttons: mark them again
    followScheme();
    // The page around the frame shows this scene's static image until the scene has drawn
    // (docs/javascripts/figures.js): tell it, after the frame that draws the last relayout.
    cameraDrawn(function () {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () {
          document.documentElement.setAttribute("data-mlp-ready", "");  // for tests: all of the above is done
          if (window.parent !== window) window.parent.postMessage({ mlpScene: "drawn" }, "*");
        });
      });
    });
  }

  // A 4x4 matrix (column-major, as WebGL's) times a 4-vector.
  function mul4(m, v) {
    return [0, 1, 2, 3].map(function (i) { return m[i] * v[0] + m[4 + i] * v[1] + m[8 + i] * v[2] + m[12 + i] * v[3]; });
  }

  // How far a 3-D scene's eye is from the point it looks at.
  function eyeDistance(cam) {
    return Math.hypot(cam.eye.x - cam.center.x, cam.eye.y - cam.center.y, cam.eye.z - cam.center.z);
  }

  // A 3-D scene draws a new camera on a later frame of its own: wait (a second at most) until
  // its view matrix puts the centre as far from the eye as the layout's camera says.
  function cameraDrawn(then) {
    var scene = gd._fullLayout.scene, s = scene && scene._scene, tries = 0;
    if (!s || !s.glplot || !s.glplot.cameraParams) return then();
    (function check() {
      var c = scene.camera.center, D = eyeDistance(scene.camera);
      var z = mul4(s.glplot.cameraParams.view, [c.x, c.y, c.z, 1])[2];
      if (Math.abs(z + D) < 1e-6 * D || ++tries > 60) then();
      else requestAnimationFrame(check);
    })();
  }

  // --- zoom in, zoom out, reset (3-D) ---------------------------------------------------------
  // Three buttons, top right: zoom(f) zooms by f (< 1 in, > 1 out), zoom(0) resets the view.
  var TOOLBAR_PX = 3 * 32 + 2 * 4 + 8, TOOLBAR_BOTTOM = 4 + 32;  // three buttons, two gaps, margins (CSS above)
  var ROTATE_PX = 64 + 4;  // the "Rotate" toggle of a touch screen and its gap
  function toolbar(zoom) {
    var bar = document.createElement("div");
    bar.className = "mlp-ctl";
    [["+", "Zoom in", 1 / 1.25], ["\u2212", "Zoom out", 1.25], ["\u27f2", "Reset view", 0]].forEach(function (b) {
      var el = document.createElement("button");
      el.type = "button";
      el.textContent = b[0];
      el.title = b[1];
      el.setAttribute("aria-label", b[1]);
      el.addEventListener("click", function () { zoom(b[2]); });
      bar.appendChild(el);
    });
    document.body.appendChild(bar);
  }

  function addZoom() {
    var home = JSON.parse(JSON.stringify(gd._fullLayout.scene.camera));
    toolbar(zoom);

    function zoom(f) {
      if (!f) return Plotly.relayout(gd, { "scene.camera": JSON.parse(JSON.stringify(home)) });
      var cam = gd._fullLayout.scene.camera, c = cam.center, e = cam.eye;
      return Plotly.relayout(gd, { "scene.camera.eye": {
        x: c.x + (e.x - c.x) * f, y: c.y + (e.y - c.y) * f, z: c.z + (e.z - c.z) * f } });
    }
  }

  // --- a click on a heatmap's cell tells the page which one (x, y, its panel's title, the chosen
  // view): a live figure there may retrain that cell (docs/javascripts/mlp-live/widget.js) ---------
  function cellClicks() {
    if (window.parent === window) return;
    gd.on("plotly_click", function (e) {
      var p = e.points && e.points[0], titles = gd.layout.annotations || [];
      if (!p || p.data.type !== "heatmap") return;
      var panel = titles[(parseInt(String(p.data.xaxis || "x").slice(1), 10) || 1) - 1];
      var chosen = document.querySelector(".mlp-choice button[aria-pressed='true']:not(.mlp-toggle)");
      window.parent.postMessage({ mlpCell: { x: p.x, y: p.y, panel: panel ? panel.text : "",
        choice: chosen ? chosen.textContent : "" } }, "*");
    });
  }

  // --- a choice between named views (layout.meta.choice, from scenes.choose) and a toggle that
  // writes what the hover shows into the cells (layout.meta.text_toggle): real HTML buttons under
  // the plot, labelled and reached by Tab, the plot a little shorter to make room ------------------
  // Plotly rejects a frame's promise (with no reason) when a later frame replaces it before it
  // is drawn: a reader's quick clicks or keys, not an error. Every animation goes through here.
  function animate(args) {
    return Plotly.animate(gd, args[0], args[1]).then(function () { return true; },
                                                     function () { return false; });
  }

  function htmlControls() {
    var meta = gd.layout.meta || {}, choice = meta.choice, toggle = meta.text_toggle;
    if (!choice && !toggle) return;
    var bar = document.createElement("div"), n = 0;
    bar.className = "mlp-choice";
    bar.style.height = "auto";  // the page's CSS makes every div of the body as tall as the frame
    var button = function (text, pressed, click) {
      var el = document.createElement("button");
      el.type = "button";
      el.textContent = text;
      el.setAttribute("aria-pressed", String(pressed));
      el.addEventListener("click", click);
      bar.appendChild(el);
      return el;
    };
    if (choice) {
      var label = document.createElement("span");
      label.id = "mlp-choice-label";
      label.textContent = choice.label;
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-labelledby", label.id);
      bar.appendChild(label);
      var all = choice.options.map(function (o, i) {
        return button(o.label, i === choice.active, function () {
          all.forEach(function (b, j) { b.setAttribute("aria-pressed", String(i === j)); });
          if (o.method === "animate") animate(o.args);
          else Plotly[o.method].apply(null, [gd].concat(o.args));
        });
      });
      n = all.length;
    }
    if (toggle) {
      // toggle.text: each trace's cells' other text (a heatmap's texttemplate has no customdata)
      var was = gd.data.map(function (t) { return t.text; });
      var on = false, el = button(toggle.label, false, function () {
        on = !on;
        el.setAttribute("aria-pressed", String(on));
        var idx = toggle.text.map(function (_, i) { return i; });
        Plotly.restyle(gd, { text: idx.map(function (i) { return on ? toggle.text[i] : was[i]; }) }, idx);
      });
      el.className = n ? "mlp-toggle" : "";
    }
    document.body.appendChild(bar);
    gd.parentNode.style.height = "calc(100% - " + bar.offsetHeight + "px)";
    return Plotly.Plots.resize(gd);
  }

  // --- touch: one finger over a 3-D scene scrolls the page; turning the scene is a deliberate
  // choice, a "Rotate" toggle in the toolbar (pressed: one finger turns the scene; pressed again:
  // it scrolls). plotly.js's gl3d camera calls preventDefault on every touchmove over the scene,
  // which stopped the page's scroll: a capture listener on the window keeps touches from reaching
  // it (as the wheel above) unless the toggle is on. Mouse drags still turn the scene.
  function touchScrolls(touch) {
    var box = gd._fullLayout.scene._scene.container, rotating = false;
    var hold = function (e) { if (!rotating && box.contains(e.target)) e.stopPropagation(); };
    ["touchstart", "touchmove", "touchend", "touchcancel"].forEach(function (type) {
      window.addEventListener(type, hold, { capture: true, passive: true });
    });
    var bar = document.querySelector(".mlp-ctl");
    if (!touch || !bar) return;
    var el = document.createElement("button");
    el.type = "button";
    el.className = "mlp-rotate";
    el.textContent = "Rotate";
    el.title = "Tap, then drag one finger to turn the scene; tap again to scroll the page";
    el.setAttribute("aria-pressed", "false");
    el.addEventListener("click", function () {
      rotating = !rotating;
      el.setAttribute("aria-pressed", String(rotating));
      box.style.touchAction = rotating ? "none" : "";
    });
    bar.insertBefore(el, bar.firstChild);
  }

  // --- zoom in, zoom out, reset (2-D): both axes about the centre, back to the figure's ranges --
  function addZoom2d() {
    var fl = gd._fullLayout, home = [fl.xaxis.range.slice(), fl.yaxis.range.slice()];
    toolbar(function (f) {
      if (!f) return Plotly.relayout(gd, { "xaxis.range": home[0].slice(), "yaxis.range": home[1].slice() });
      var scale = function (r) { var c = (r[0] + r[1]) / 2, h = (r[1] - r[0]) / 2 * f; return [c - h, c + h]; };
      return Plotly.relayout(gd, { "xaxis.range": scale(gd._fullLayout.xaxis.range),
                                   "yaxis.range": scale(gd._fullLayout.yaxis.range) });
    });
  }

  // --- tick labels of axes drawn in scaled units (grids.py sends int16 coordinates): after a
  // zoom, ticks are placed again at round values of the real coordinate ----------------------
  function followTicks() {
    var meta = gd._fullLayout.meta || {}, scale = meta.axis_scale;
    if (!scale) return;
    var place = function () {
      var upd = {}, fl = gd._fullLayout;
      ["xaxis", "yaxis"].forEach(function (k) {
        var r = fl[k].range.map(function (v) { return v / scale; }), t = niceTicks(Math.min(r[0], r[1]), Math.max(r[0], r[1]));
        var vals = t.map(function (v) { return v * scale; });
        if (JSON.stringify(vals) === JSON.stringify(fl[k].tickvals)) return;
        upd[k + ".tickvals"] = vals;
        upd[k + ".ticktext"] = t.map(tickText);
      });
      if (Object.keys(upd).length) Plotly.relayout(gd, upd);
    };
    gd.on("plotly_relayout", function (e) {
      if (Object.keys(e).some(function (k) { return /axis\.range|autorange/.test(k); })) place();
    });
  }

  function niceTicks(lo, hi, n) {
    var raw = (hi - lo) / (n || 5), mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (s) { return s * mag; })
      .reduce(function (a, b) { return Math.abs(b - raw) < Math.abs(a - raw) ? b : a; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(+v.toPrecision(12));
    return out;
  }

  // As style.tick_text: the shortest form, a real minus sign.
  function tickText(v) {
    var s = String(+v.toPrecision(6));
    return s === "-0" ? "0" : s.replace("-", "\u2212");
  }

  // --- a phone: the frame of a square 2-D plot grows only as tall as the plot needs --------------
  // (the page's CSS gives every scene frame a tall phone height; a square plot is as wide as the
  // screen, so the rest would be blank bands above and below it)
  function fitFrame() {
    var fl = gd._fullLayout, frame = null;
    try { frame = window.frameElement; } catch (err) { frame = null; }
    if (!frame || window.innerWidth >= 480 || fl.scene || !fl.yaxis || fl.yaxis.scaleanchor !== "x") return;
    var m = fl._size, need = Math.ceil(m.t + (fl.width - m.l - m.r) + m.b + 8);  // margins as drawn
    need += Math.max(0, window.innerHeight - fl.height);  // HTML controls under the plot
    if (need < fl.height - 8) frame.style.height = need + "px";
  }

  // --- a title wider than its room (a phone: the frame less the toolbar) breaks at the space
  // nearest its middle, or, where its halves are still too wide, into as many lines as it needs
  // (svg._phone_title draws the same). Every frame's title is broken alike, so a slider step
  // does not bring back one long line; the top margin holds the most lines of any -------------------
  function wrapTitle(text, room, width) {
    if (text.indexOf("<br>") >= 0 || width(text) <= room) return text;
    var mid = text.length / 2, at = -1;
    for (var i = 0; i < text.length; i++) if (text[i] === " " && (at < 0 || Math.abs(i - mid) < Math.abs(at - mid))) at = i;
    if (at < 0) return text;
    var halves = [text.slice(0, at), text.slice(at + 1)];
    if (width(halves[0]) <= room && width(halves[1]) <= room) return halves.join("<br>");
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      var longer = line ? line + " " + word : word;
      if (line && width(longer) > room) { lines.push(line); line = word; } else line = longer;
    });
    return lines.concat([line]).join("<br>");
  }

  function fitTitle(toolbar) {
    var el = gd.querySelector(".gtitle"), text = gd.layout.title && gd.layout.title.text;
    var room = gd._fullLayout.width - 16 - (toolbar ? TOOLBAR_PX : 0);
    if (el && text) {
      var measure = document.createElement("canvas").getContext("2d"), font = getComputedStyle(el);
      measure.font = font.fontSize + " " + font.fontFamily;
      var width = function (t) { return measure.measureText(t).width; };
      var most = 1, wrap = function (t) {
        var w = wrapTitle(t, room, width);
        most = Math.max(most, w.split("<br>").length);
        return w;
      };
      var upd = {}, shown = wrap(text);
      ((gd._transitionData || {})._frames || []).forEach(function (f) {
        var title = f.layout && f.layout.title;
        if (title && typeof title.text === "string") title.text = wrap(title.text);
      });
      if (shown !== text) upd["title.text"] = shown;
      var had = text.split("<br>").length;
      if (most > had) upd["margin.t"] = gd._fullLayout.margin.t + Math.round(gd._fullLayout.title.font.size * 1.3) * (most - had);
      if (Object.keys(upd).length) Plotly.relayout(gd, upd);
    }
    // Plotly hangs a title of two lines from its first line's baseline: the top line can rise
    // out of the frame. Move it down to 4 px from the top.
    el = gd.querySelector(".gtitle");
    var fl = gd._fullLayout, top = el ? el.getBoundingClientRect().top - gd.getBoundingClientRect().top : 4;
    if (top < 4 && fl.title.yref === "container") Plotly.relayout(gd, { "title.y": fl.title.y - (4 - top) / fl.height });
  }

  // --- a legend that wraps to more rows than its line (a phone) goes below the title and the
  // zoom buttons, not over them: the top margin (the legend sits on the plot's top edge) holds
  // them, a gap and the legend --------------------------------------------------------------------
  function fitLegend(toolbar) {
    var title = gd.querySelector(".gtitle"), legend = gd.querySelector(".legend");
    if (!legend) return;
    var top = gd.getBoundingClientRect().top, b = legend.getBoundingClientRect(), W = gd._fullLayout.width;
    var above = [title && title.getBoundingClientRect()];
    if (toolbar) above.push({ left: W - TOOLBAR_PX, right: W, top: top, bottom: top + TOOLBAR_BOTTOM });
    var low = 0;
    above.forEach(function (a) {
      if (a && a.bottom + 4 > b.top && b.left < a.right && a.left < b.right) low = Math.max(low, a.bottom - top + 4);
    });
    var need = Math.ceil(low + b.height);
    if (low && need > gd._fullLayout.margin.t) Plotly.relayout(gd, { "margin.t": need });
  }

  // --- a 3-D scene shows all its points: the eye moves straight back from the centre until
  // every point is inside the frame with a margin (a phone's narrow frame sees less across).
  // In the camera's frame a point (x, y, z) is drawn at (P0 x, P5 y) / -z; moving the eye k
  // times as far from the centre adds (k - 1) D to -z, D being the eye's distance now.
  var PHONE_FIT = 0.62;  // svg.PHONE_FIT
  function fitCamera(exact, points, fit) {
    var scene = gd._fullLayout.scene, s = scene._scene, cp = s && s.glplot && s.glplot.cameraParams;
    if (!cp || !cp.projection[5]) return;
    // exact (a phone's frame cut to fit): the eye may also come closer, until the points touch
    var P = cp.projection, cam = scene.camera, e = cam.eye, c = cam.center, FIT = fit || 0.9, k = exact ? 0 : 1;
    var D = eyeDistance(cam);
    (points || scenePoints()).forEach(function (q) {
      var p = [q[0] * s.dataScale[0], q[1] * s.dataScale[1], q[2] * s.dataScale[2], 1];
      var v = mul4(cp.view, mul4(cp.model, p));
      k = Math.max(k, 1 + (Math.max(Math.abs(P[0] * v[0]), Math.abs(P[5] * v[1])) / FIT + v[2]) / D);
    });
    if (k > 1.001 || (exact && k > 0 && k < 0.999)) {
      Plotly.relayout(gd, { "scene.camera.eye": { x: c.x + (e.x - c.x) * k, y: c.y + (e.y - c.y) * k, z: c.z + (e.z - c.z) * k } });
    }
  }

  // The points of a 3-D scene's visible scatter traces, and the 8 corners of its box.
  function scenePoints() {
    var out = [];
    gd._fullData.forEach(function (t) {
      if (t.type !== "scatter3d" || t.visible !== true) return;
      for (var i = 0; i < t.x.length; i++) out.push([t.x[i], t.y[i], t.z[i]]);
    });
    return out;
  }

  function boxCorners() {
    var sc = gd._fullLayout.scene, r = [sc.xaxis.range, sc.yaxis.range, sc.zaxis.range], out = [];
    for (var i = 0; i < 8; i++) out.push([r[0][i & 1], r[1][(i >> 1) & 1], r[2][(i >> 2) & 1]]);
    return out;
  }

  // --- 3-D tick labels only inside each axis's range: at the box's corners the end labels of two
  // axes met and overprinted. On a phone, fewer and a size smaller, but there (the scene page's
  // own script hides them on a narrow frame, and the axes then read as bare lines).
  // The build writes the desktop's ticks (scenes.layout3d) and says which axes' ticks are the
  // figure's own (meta.ticks_own): a desktop scene draws them as they are, a phone's are redone.
  // Plotly draws a 3-D tick label of size s about s * s / 12 px high (measured: 10 draws as a
  // 10 px tick would at 8.7 px, 11 at 10.3, 12 at 12, 14 at 16), where its axis titles are drawn
  // at their size: a phone's ticks ask for 11 to be drawn at the phone's least lettering, 10 px
  // (svg.PHONE_3D's ticks).
  var GL_TICK_PX = 11;
  function ticks3d() {
    var sc = gd._fullLayout.scene, phone = window.innerWidth < 480, upd = {};
    var own = gd.layout.meta && gd.layout.meta.ticks_own;
    if (own && !phone) return;
    ["xaxis", "yaxis", "zaxis"].forEach(function (a, i) {
      var ax = sc[a], lo = Math.min(ax.range[0], ax.range[1]), hi = Math.max(ax.range[0], ax.range[1]);
      var pad = 0.12 * (hi - lo), inside = function (v) { return v >= lo + pad && v <= hi - pad; };
      var vals, text, k = "scene." + a + ".";
      if (own ? own[i] : ax.tickvals && ax.tickvals.length) {  // the figure's own ticks (probabilities sent as bytes)
        var keep = ax.tickvals.map(function (v, i) { return i; }).filter(function (i) { return inside(ax.tickvals[i]); });
        vals = keep.map(function (i) { return ax.tickvals[i]; });
        text = keep.map(function (i) { return ax.ticktext ? ax.ticktext[i] : tickText(ax.tickvals[i]); });
      } else {
        vals = niceTicks(lo + pad, hi - pad, phone ? 3 : 4);
        text = vals.map(tickText);
      }
      upd[k + "tickmode"] = "array";
      upd[k + "tickvals"] = vals;
      upd[k + "ticktext"] = text;
      if (phone) {
        upd[k + "showticklabels"] = true;
        upd[k + "tickfont.size"] = GL_TICK_PX;
      }
    });
    Plotly.relayout(gd, upd);
  }

  // --- a phone: a 3-D scene is as wide as the screen and sees its points fill the width, leaving
  // blank bands above and below them; the frame is cut to the points' height, and the eye comes
  // as close as lets every point in (the drawn size follows the frame's height: a plot H px tall
  // whose points reach rx across and ry up, in clip units, is filled by a plot H ry / rx tall).
  function fitFrame3d() {
    var frame = null;
    try { frame = window.frameElement; } catch (err) { frame = null; }
    if (!frame || window.innerWidth >= 480) return Promise.resolve();
    // A frame the build shaped for a phone (its still's phone twin, figures/render/svg.py): the
    // eye as close as lets the whole box in, so the axis titles and tick labels around it are too
    if (getComputedStyle(frame).getPropertyValue("--mlp-phone-ratio").trim()) {
      return new Promise(cameraDrawn).then(function () { fitCamera(true, boxCorners(), PHONE_FIT); });
    }
    return new Promise(cameraDrawn).then(function () {
      var r = reach(), fl = gd._fullLayout, m = fl._size, H = fl.height - m.t - m.b;
      if (!r || r[0] <= r[1]) return;
      var spare = Math.floor(0.7 * H * (1 - r[1] / r[0]));  // the rest: room for the axis titles
      if (spare < 24) return;
      frame.style.height = Math.round(frame.getBoundingClientRect().height - spare) + "px";
      return Plotly.Plots.resize(gd).then(function () { fitCamera(true); });
    });
  }

  // How far the points of a 3-D scene reach across and up, in clip units (1: the frame's edge).
  function reach() {
    var s = gd._fullLayout.scene._scene, cp = s.glplot && s.glplot.cameraParams, rx = 0, ry = 0;
    if (!cp) return null;
    gd._fullData.forEach(function (t) {
      if (t.type !== "scatter3d" || t.visible !== true) return;
      for (var i = 0; i < t.x.length; i++) {
        var p = [t.x[i] * s.dataScale[0], t.y[i] * s.dataScale[1], t.z[i] * s.dataScale[2], 1];
        var c = mul4(cp.projection, mul4(cp.view, mul4(cp.model, p)));
        rx = Math.max(rx, Math.abs(c[0] / c[3]));
        ry = Math.max(ry, Math.abs(c[1] / c[3]));
      }
    });
    return [rx, ry];
  }

  // --- a phone: subplots side by side are stacked, each as wide as the frame -------------------
  function stackColumns() {
    var fl = gd._fullLayout, xs = Object.keys(fl).filter(function (k) { return /^xaxis\d*$/.test(k); }).sort();
    if (window.innerWidth >= 480 || xs.length < 2) return;
    var ys = xs.map(function (k) { return "yaxis" + fl[k].anchor.slice(1); });
    var row = fl[ys[0]].domain;
    if (!ys.every(function (y) { return fl[y].domain[0] === row[0] && fl[y].domain[1] === row[1]; })) return;
    var n = xs.length, gap = 0.2, h = (row[1] - row[0] - gap * (n - 1)) / n;
    var upd = { "margin.l": 44, "margin.r": 8 };
    var notes = JSON.parse(JSON.stringify(gd.layout.annotations || []));
    xs.forEach(function (xk, i) {
      var top = row[1] - i * (h + gap), x = fl[xk].domain, mid = (x[0] + x[1]) / 2;
      upd[xk + ".domain"] = [0, 1];
      upd[ys[i] + ".domain"] = [top - h, top];
      notes.forEach(function (a) {  // the column's title (make_subplots puts it on top, centred)
        if (a.xref === "paper" && Math.abs(a.x - mid) < 1e-6 && Math.abs(a.y - row[1]) < 1e-6) { a.x = 0.5; a.y = top; }
      });
    });
    upd.annotations = notes;
    // cell labels a size smaller, as the phone's other lettering (stills.PHONE_FONT_PX)
    if (gd._fullData.some(function (t) { return t.type === "heatmap" && t.texttemplate; })) {
      Plotly.restyle(gd, { "textfont.size": 10 });
    }
    Plotly.relayout(gd, upd);
  }

  // --- a grid of square panels (figures/render/panels.py): as many columns as make them largest
  function regrid() {
    var fl = gd._fullLayout, m = fl.margin;
    var num = function (k) { return +k.slice(5) || 1; };
    var xs = Object.keys(fl).filter(function (k) { return /^xaxis\d*$/.test(k); })
      .sort(function (a, b) { return num(a) - num(b); });
    var n = xs.length, W = fl.width - m.l - m.r, H = fl.height - m.t - m.b, best = 0, cols = 1;
    for (var c = 1; c <= n; c++) {
      var size = Math.min(W / c, H / Math.ceil(n / c));
      if (size > best + 0.5) { best = size; cols = c; }
    }
    var rows = Math.ceil(n / cols), gx = 0.03, gy = 0.16 / rows;
    var w = (1 - gx * (cols - 1)) / cols, h = (1 - gy * (rows - 1)) / rows, upd = {};
    var notes = JSON.parse(JSON.stringify(gd.layout.annotations || []));
    xs.forEach(function (xk, i) {
      var yk = "yaxis" + fl[xk].anchor.slice(1);
      var r = Math.floor(i / cols), c = i % cols, left = c * (w + gx), top = 1 - r * (h + gy);
      upd[xk + ".domain"] = [left, left + w];
      upd[yk + ".domain"] = [top - h, top];
      var a = notes[i];  // make_subplots' panel titles come one per panel, in the panels' order
      if (a && notes.length === n) {
        a.x = left + w / 2; a.y = top;
        if (window.innerWidth < 480) a.font = { size: 10 };  // a phone's least lettering (11 px elsewhere)
      }
    });
    upd.annotations = notes;
    Plotly.relayout(gd, upd);
  }

  // --- keyboard: slider (arrows, Home, End, Page Up/Down) and play button (Enter, Space) -------
  function keyboard() {
    var fl = gd._fullLayout, slider = fl.sliders && fl.sliders[0];
    var grip = gd.querySelector(".slider-container");
    if (slider && grip) {
      var n = slider.steps.length, i = slider.active;
      grip.setAttribute("tabindex", "0");
      grip.setAttribute("role", "slider");
      grip.setAttribute("aria-label", gd.layout.sliders[0].name);  // what it moves through (scenes._slider)
      grip.setAttribute("aria-valuemin", "0");
      grip.setAttribute("aria-valuemax", String(n - 1));
      grip.setAttribute("aria-valuenow", String(i));
      grip.setAttribute("aria-valuetext", slider.steps[i].label);
      if (!grip.mlpKeys) {
        grip.mlpKeys = true;
        grip.addEventListener("keydown", onSliderKey);
      }
    }
    var play = gd.querySelector(".updatemenu-button");
    if (play && !play.mlpKeys) {
      play.mlpKeys = true;
      play.setAttribute("tabindex", "0");
      play.setAttribute("role", "button");
      play.setAttribute("aria-label", "Play the training");
      play.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        var args = gd.layout.updatemenus[0].buttons[0].args;
        animate(args);
      });
    }
  }

  // The grip (and aria-valuenow) moves once its frame is shown, so both always agree; a key
  // pressed before that counts from the step it is going to (pendingStep), so none is lost.
  var pendingStep = null;
  function onSliderKey(e) {
    var slider = gd._fullLayout.sliders[0], n = slider.steps.length;
    var i = pendingStep !== null ? pendingStep : slider.active;
    var to = { ArrowLeft: i - 1, ArrowDown: i - 1, ArrowRight: i + 1, ArrowUp: i + 1,
               PageDown: i - 5, PageUp: i + 5, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    to = Math.max(0, Math.min(n - 1, to));
    if (to === i) return;
    pendingStep = to;
    var args = slider.steps[to].args;
    animate(args).then(function (shown) {
      // not shown (replaced by a later key's frame), or a later key on its way: that key moves the grip
      if (!shown || pendingStep !== to) return;
      return Plotly.relayout(gd, { "sliders[0].active": to }).then(function () {
        pendingStep = null;
        var g = gd.querySelector(".slider-container");  // keep the focus if Plotly redrew it
        if (g && document.activeElement !== g) { keyboard(); g.focus(); }
      });
    });
  }

  // --- light or dark, as the page around the frame (Material's toggle) or the system says ------
  function followScheme() {
    var host = null;
    try { host = window.parent !== window && window.parent.document.body; } catch (err) { host = null; }
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    var light = snapshot();
    var apply = function () {
      var scheme = host && host.getAttribute("data-md-color-scheme");
      var dark = scheme ? scheme === "slate" : media.matches;
      if (dark === document.documentElement.classList.contains("mlp-dark")) return;
      document.documentElement.classList.toggle("mlp-dark", dark);
      document.body.style.background = dark ? "#1e2029" : "";
      Plotly.relayout(gd, dark ? darkLayout() : light);
      recolour(dark);
    };
    apply();
    if (host) new MutationObserver(apply).observe(host, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    if (media.addEventListener) media.addEventListener("change", apply);
  }

  // Colour scales and fills the figure marked (layout.meta.dark, from style.plotly_meta): the
  // light probability field becomes its dark twin, and back, trace by trace.
  var lightTraces = null;
  function recolour(dark) {
    var meta = (gd.layout.meta || {}).dark;
    if (!meta) return;
    var get = function (t, path) { return path.split(".").reduce(function (o, p) { return o && o[p]; }, t); };
    var COLOURS = ["fillcolor", "line.color", "contours.z.color", "textfont.color", "marker.color"];
    if (!lightTraces) {
      lightTraces = gd.data.map(function (t) {
        var was = { colorscale: t.colorscale };
        COLOURS.forEach(function (p) { was[p] = get(t, p); });
        return was;
      });
    }
    var key = function (v) { return JSON.stringify(v); };
    gd.data.forEach(function (t, i) {
      var was = lightTraces[i], upd = {};
      if (was.colorscale) {
        var pair = meta.scales.filter(function (p) { return key(p[0]) === key(was.colorscale); })[0];
        if (pair) upd.colorscale = [dark ? pair[1] : pair[0]];
      }
      COLOURS.forEach(function (p) {
        var c = was[p] && meta.colors[String(was[p]).toLowerCase()];
        if (c) upd[p] = dark ? c : was[p];
      });
      if (Object.keys(upd).length) Plotly.restyle(gd, upd, [i]);
    });
  }

  // The layout values that darkLayout() changes, as the page drew them (to switch back).
  function snapshot() {
    var out = {}, dark = darkLayout();
    Object.keys(dark).forEach(function (k) {
      var v = k.split(".").reduce(function (o, p) {
        var m = p.match(/^(\w+)\[(\d+)\]$/);
        return o == null ? o : m ? (o[m[1]] || [])[+m[2]] : o[p];
      }, gd.layout);
      out[k] = v === undefined ? null : v;
    });
    return out;
  }

  function darkLayout() {
    var ink = "#e6e6e6", fl = gd._fullLayout, out = {
      paper_bgcolor: "#1e2029", plot_bgcolor: "#1e2029", "font.color": ink, "title.font.color": ink,
    };
    if (fl.sliders && fl.sliders.length) out["sliders[0].currentvalue.font.color"] = ink;
    if (fl.updatemenus && fl.updatemenus.length) {
      out["updatemenus[0].bgcolor"] = "#2e303e";
      out["updatemenus[0].font.color"] = ink;
    }
    Object.keys(fl).forEach(function (k) {
      if (/^scene\d*$/.test(k)) {
        ["xaxis", "yaxis", "zaxis"].forEach(function (a) {
          out[k + "." + a + ".backgroundcolor"] = "#2a2c38";
          out[k + "." + a + ".gridcolor"] = "#4a4c58";
        });
      }
    });
    return out;
  }
})();
