// The site's toy data sets (figures/data.py), one signature: (n, noise, draws) -> {X, y}.
// ``draws`` supplies the randomness: uniform(count) in [0, 1), normal(count) standard normals,
// permutation(n). Given the same draws as NumPy/scikit-learn made, the points are the same
// (tests/test_live_trainer.py); in the page the draws come from a seeded Mersenne Twister.
import { mt19937 } from "./trainer.js";

const f = Math.fround; // the Python sets are float32

function out(pts, labels, order) {
  const n = labels.length, X = new Float64Array(2 * n), y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = order ? order[i] : i;
    X[2 * i] = pts[2 * j];
    X[2 * i + 1] = pts[2 * j + 1];
    y[i] = labels[j];
  }
  return { X, y };
}

function addNoise(X, noise, draws) {
  const z = draws.normal(X.length);
  for (let k = 0; k < X.length; k++) X[k] += 0 + noise * z[k];
}

function f32(d) {
  d.X = d.X.map(f);
  return d;
}

function linspace(stop, count, endpoint) {
  const step = stop / (endpoint ? count - 1 : count);
  return Array.from({ length: count }, (_, k) => k * step);
}

function twoArcs(n, arcs) {
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const pts = new Float64Array(2 * n), labels = new Uint8Array(n);
  [nOut, nIn].forEach((count, cls) => {
    const start = cls ? nOut : 0;
    arcs[cls](count).forEach(([a, b], k) => {
      pts[2 * (start + k)] = a;
      pts[2 * (start + k) + 1] = b;
      labels[start + k] = cls;
    });
  });
  return { pts, labels };
}

/** sklearn.datasets.make_circles(factor=0.5): shuffled, then noise. */
export function circles(n, noise, draws) {
  const ring = (r) => (c) => linspace(2 * Math.PI, c, false).map((t) => [Math.cos(t) * r, Math.sin(t) * r]);
  const { pts, labels } = twoArcs(n, [ring(1), ring(0.5)]);
  const d = out(pts, labels, draws.permutation(n));
  addNoise(d.X, noise, draws);
  return f32(d);
}

/** sklearn.datasets.make_moons, moved to the origin and scaled by 1/1.2. */
export function moons(n, noise, draws) {
  const outer = (c) => linspace(Math.PI, c, true).map((t) => [Math.cos(t), Math.sin(t)]);
  const inner = (c) => linspace(Math.PI, c, true).map((t) => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
  const { pts, labels } = twoArcs(n, [outer, inner]);
  const d = out(pts, labels, draws.permutation(n));
  addNoise(d.X, noise, draws);
  d.X = d.X.map((v, k) => (v - (k % 2 ? 0.25 : 0.5)) / 1.2);
  return f32(d);
}

/** sklearn.datasets.make_blobs at given centres, then shuffled; class of centre k = cls(k). */
function blobs(n, std, centers, cls, draws) {
  const per = centers.map((_, k) => Math.floor(n / centers.length) + (k < n % centers.length ? 1 : 0));
  const pts = new Float64Array(2 * n), labels = new Uint8Array(n);
  let at = 0;
  centers.forEach((c, k) => {
    const z = draws.normal(2 * per[k]);
    for (let i = 0; i < per[k]; i++, at++) {
      pts[2 * at] = c[0] + std * z[2 * i];
      pts[2 * at + 1] = c[1] + std * z[2 * i + 1];
      labels[at] = cls(k);
    }
  });
  return f32(out(pts, labels, draws.permutation(n)));
}

export function separable(n, noise, draws) {
  return blobs(n, noise, [[-0.9, -0.6], [0.9, 0.6]], (k) => k, draws);
}

export function xor(n, noise, draws) {
  return blobs(n, noise, [[-0.6, -0.6], [0.6, 0.6], [-0.6, 0.6], [0.6, -0.6]], (k) => (k >= 2 ? 1 : 0), draws);
}

/** Two interleaved spirals of one and a half turns each. */
export function spirals(n, noise, draws) {
  const u = draws.uniform(n), X = new Float64Array(2 * n), y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const t = Math.sqrt(0.02 + (1.0 - 0.02) * u[i]) * 3 * Math.PI;
    X[2 * i] = (t * Math.cos(t + Math.PI * y[i])) / (3 * Math.PI);
    X[2 * i + 1] = (t * Math.sin(t + Math.PI * y[i])) / (3 * Math.PI);
  }
  addNoise(X, noise, draws);
  return f32({ X, y });
}

/** A filled disk of radius 0.4 (class 1) inside a ring between radii 0.7 and 1 (class 0). */
export function disk_in_ring(n, noise, draws) {
  const y = Uint8Array.from({ length: n }, (_, i) => i % 2);
  const inner = draws.uniform(n), outer = draws.uniform(n), t = draws.uniform(n);
  const X = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = y[i] ? 0.4 * Math.sqrt(inner[i]) : Math.sqrt(0.49 + (1.0 - 0.49) * outer[i]);
    const a = 2 * Math.PI * t[i];
    X[2 * i] = r * Math.cos(a);
    X[2 * i + 1] = r * Math.sin(a);
  }
  addNoise(X, noise, draws);
  return f32({ X, y });
}

export const DATASETS = { separable, circles, moons, xor, spirals, disk_in_ring };
// the noise each data set is drawn with unless a page says otherwise
export const NOISE = { separable: 0.35, circles: 0.05, moons: 0.1, xor: 0.2, spirals: 0.03, disk_in_ring: 0.03 };

/** Draws from a seeded Mersenne Twister (polar Box-Muller normals, Fisher-Yates shuffle). */
export function seededDraws(seed) {
  const rng = mt19937(seed);
  let spare = null;
  function gauss() {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let a, b, r;
    do {
      a = 2 * rng.random() - 1;
      b = 2 * rng.random() - 1;
      r = a * a + b * b;
    } while (r >= 1 || r === 0);
    const k = Math.sqrt((-2 * Math.log(r)) / r);
    spare = a * k;
    return b * k;
  }
  return {
    uniform: (count) => Float64Array.from({ length: count }, rng.random),
    normal: (count) => Float64Array.from({ length: count }, gauss),
    permutation(count) {
      const p = Array.from({ length: count }, (_, i) => i);
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(rng.random() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    },
  };
}

/** ``n`` points of the data set ``name`` drawn with the page's own seeded draws. */
export function make(name, n, noise, seed) {
  if (!DATASETS[name]) throw new Error(`unknown data set ${name}`);
  return DATASETS[name](n, noise ?? NOISE[name], seededDraws(seed));
}
