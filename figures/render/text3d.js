// A 3-D scene's lettering from the font of its still (figures/render/text3d.py): plotly.js's 3-D
// axes take each string's triangles from window.__TEXT_CACHE, read once as plotly.js starts, and
// trace the text themselves only for a string missing there. This file, loaded before
// plotly.js, makes every string of the glyphs below on demand: laid out with each glyph's
// advance, in vectorize-text's units (1 = the font size, centred on the ink, y downwards).
(function () {
  "use strict";
  var UNITS = /*UNITS*/1;
  var GLYPHS = /*GLYPHS*/{};

  function layout(text) {
    if (text.indexOf("<") >= 0) return undefined;  // Plotly's style tags: plotly.js lays them out
    var chars = Array.from(text), pen = 0, positions = [], cells = [];
    for (var c = 0; c < chars.length; c++) {
      var g = GLYPHS[chars[c]];
      if (!g) return undefined;
      var base = positions.length, xy = g[1], tri = g[2];
      for (var i = 0; i < xy.length; i += 2) positions.push([(pen + xy[i]) / UNITS, xy[i + 1] / UNITS]);
      for (var j = 0; j < tri.length; j += 3) cells.push([base + tri[j], base + tri[j + 1], base + tri[j + 2]]);
      pen += g[0];
    }
    var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    positions.forEach(function (p) {
      for (var k = 0; k < 2; k++) {
        lo[k] = Math.min(lo[k], p[k]);
        hi[k] = Math.max(hi[k], p[k]);
      }
    });
    var dx = positions.length ? (lo[0] + hi[0]) / 2 : 0, dy = positions.length ? (lo[1] + hi[1]) / 2 : 0;
    positions.forEach(function (p) { p[0] -= dx; p[1] -= dy; });
    return { positions: positions, cells: cells, mlp: true };
  }

  // plotly.js keys the cache by font ("style_weight_variant_family") and then by string; only
  // the regular weight comes from the table.
  function strings(font) {
    var made = {};
    return new Proxy(made, {
      get: function (t, s) {
        if (typeof s === "string" && !(s in t) && font.indexOf("normal_normal_normal_") === 0) {
          var g = layout(s);
          if (g) t[s] = g;
        }
        return t[s];
      },
    });
  }
  // plotly.js replaces window.__TEXT_CACHE once it has read it: mlpTextCache keeps it in view.
  var fonts = {};
  window.mlpTextCache = window.__TEXT_CACHE = new Proxy(fonts, {
    get: function (t, font) {
      if (typeof font === "string" && !(font in t)) t[font] = strings(font);
      return t[font];
    },
  });
})();
