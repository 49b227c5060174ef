// What the live figure draws besides the boundary: the input plane's grid carried through the
// net (the deformed grid of the hidden layer) and each first-layer unit's zero line on the plane.

/** Points along k+1 vertical then k+1 horizontal lines spanning ``extent`` [x0, x1, y0, y1], m
 * points per line, as (2 (k+1) m) x 2 coordinates row by row: line j's points are j*m .. j*m+m-1. */
export function gridLines(extent, k = 12, m = 41) {
  const [x0, x1, y0, y1] = extent, P = new Float64Array(2 * 2 * (k + 1) * m);
  let at = 0;
  for (const vertical of [true, false]) {
    for (let j = 0; j <= k; j++) {
      const fx = x0 + (j / k) * (x1 - x0), fy = y0 + (j / k) * (y1 - y0);
      for (let i = 0; i < m; i++) {
        P[at++] = vertical ? fx : x0 + (i / (m - 1)) * (x1 - x0);
        P[at++] = vertical ? y0 + (i / (m - 1)) * (y1 - y0) : fy;
      }
    }
  }
  return P;
}

/** Each first-layer unit's zero line, w . x + b = 0, where it crosses ``extent``: per unit
 * [xa, ya, xb, yb], or null when the unit is one sign over the whole extent. ``params`` is a
 * net's flat parameters (trainer.js: W (2 x width, row-major) then b first). */
export function unitSegments(params, sizes, extent) {
  const [x0, x1, y0, y1] = extent, width = sizes[1], out = [];
  for (let o = 0; o < width; o++) {
    const a = params[o], c = params[width + o], b = params[2 * width + o]; // a x + c y + b = 0
    const hits = [];
    const add = (x, y) => {
      const eps = 1e-12 * (x1 - x0 + y1 - y0);
      if (x < x0 - eps || x > x1 + eps || y < y0 - eps || y > y1 + eps) return;
      if (hits.some(([u, v]) => Math.abs(u - x) + Math.abs(v - y) <= eps)) return;
      hits.push([x, y]);
    };
    if (c !== 0) for (const x of [x0, x1]) add(x, -(a * x + b) / c);
    if (a !== 0) for (const y of [y0, y1]) add(-(c * y + b) / a, y);
    out.push(hits.length >= 2 ? [...hits[0], ...hits[1]] : null);
  }
  return out;
}
