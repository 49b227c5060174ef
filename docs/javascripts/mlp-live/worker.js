// The live figure's training, off the page's thread. Messages in: {cmd: "train" | "seeds" | "preview",
// job}; out: progress (steps, new losses, the boundary grid), each seed's accuracy, done; or the
// untrained net's pictures (preview).
import { Stack } from "./trainer.js";
import { gridLines } from "./geometry.js";

const GRID = 64; // boundary heat map: GRID x GRID probabilities
const REPORT_MS = 40; // post progress about this often

function gridPoints(extent) {
  const [x0, x1, y0, y1] = extent, P = new Float64Array(2 * GRID * GRID);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      P[2 * (r * GRID + c)] = x0 + ((c + 0.5) / GRID) * (x1 - x0);
      P[2 * (r * GRID + c) + 1] = y1 - ((r + 0.5) / GRID) * (y1 - y0); // row 0 at the top
    }
  }
  return P;
}

function boundary(net, P) {
  const z = net.logits(P, GRID * GRID);
  return Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
}

// What the pictures need besides the boundary: the first layer's weights (its units' lines), the
// last hidden layer's points and the plane's grid lines carried there (GRID_LINES per direction).
const GRID_LINES = 12, GRID_POINTS = 41;
function shapes(net, X, n, lines) {
  const last = net.sizes.length - 3;
  return { params: Float64Array.from(net.params.subarray(0, 3 * net.sizes[1])),
    layer: Float32Array.from(net.hidden(last, X, n)), warp: Float32Array.from(net.hidden(last, lines, lines.length / 2)),
    lines: [GRID_LINES, GRID_POINTS] };
}

function train(job) {
  const { X, y, n, steps, extent } = job;
  const stack = new Stack({ sizes: job.net, activation: job.act, seeds: [job.seed], lr: job.lr, optimizer: job.opt });
  const net = stack.nets[0], P = gridPoints(extent), lines = gridLines(extent, GRID_LINES, GRID_POINTS);
  let last = performance.now(), losses = [];
  for (let s = 0; s < steps; s++) {
    losses.push(stack.train(X, y, n, 1)[0][0]);
    const now = performance.now();
    if (now - last >= REPORT_MS && s + 1 < steps) {
      postMessage({ type: "progress", steps: s + 1, losses, grid: boundary(net, P), ...shapes(net, X, n, lines) });
      losses = [];
      last = now;
    }
  }
  postMessage({ type: "done", steps, losses, grid: boundary(net, P), ...shapes(net, X, n, lines),
    accuracy: net.accuracy(X, y, n) });
}

function seeds(job) {
  const { X, y, n, steps, list, threshold } = job;
  let solved = 0;
  list.forEach((seed, i) => {
    const stack = new Stack({ sizes: job.net, activation: job.act, seeds: [seed], lr: job.lr, optimizer: job.opt });
    const draw = job.picture && !i, rows = draw ? stack.train(X, y, n, steps) : stack.fit(X, y, n, steps);
    const net = stack.nets[0], accuracy = net.accuracy(X, y, n);
    if (draw) { // the first seed drawn, as a single run draws its net
      postMessage({ type: "picture", losses: rows.map((r) => r[0]), grid: boundary(net, gridPoints(job.extent)),
        ...shapes(net, X, n, gridLines(job.extent, GRID_LINES, GRID_POINTS)), accuracy });
    }
    solved += accuracy >= threshold - 1e-6 ? 1 : 0;
    postMessage({ type: "seed", i, seed, accuracy, solved });
  });
  postMessage({ type: "seeds-done", solved, total: list.length });
}

// The seed's net before its first step, drawn as training draws it: where training starts.
function preview(job) {
  const stack = new Stack({ sizes: job.net, activation: job.act, seeds: [job.seed], lr: job.lr, optimizer: job.opt });
  const net = stack.nets[0];
  postMessage({ type: "preview", key: job.key, grid: boundary(net, gridPoints(job.extent)),
    ...shapes(net, job.X, job.n, gridLines(job.extent, GRID_LINES, GRID_POINTS)) });
}

const COMMANDS = { train, seeds, preview };
onmessage = (e) => {
  const { cmd, job } = e.data;
  job.X = Float64Array.from(job.X);
  job.y = Uint8Array.from(job.y);
  job.n = job.y.length;
  COMMANDS[cmd](job);
};
