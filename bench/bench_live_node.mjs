// Model-steps/s of the live trainer in Node, and the 64-seed rate on the build's rings:
// node bench/bench_live_node.mjs [seeds]  (reads docs/assets/figures/playground/live_data-rings-1000.json)
import { readFileSync } from "node:fs";
import { Stack } from "../docs/javascripts/mlp-live/trainer.js";

const d = JSON.parse(readFileSync("docs/assets/figures/playground/live_data-rings-1000.json", "utf8"));
const X = Float64Array.from(d.X), y = Uint8Array.from(d.y), n = y.length;
const seeds = Number(process.argv[2] || 64), accs = [];
let t = performance.now();
const one = new Stack({ sizes: [2, 3, 3, 1], activation: "relu", seeds: [0], lr: 0.05 });
one.train(X, y, n, 1000);
console.log(`seed 0: 1000 Adam steps on ${n} points in ${((performance.now() - t) / 1000).toFixed(3)} s,` +
  ` accuracy ${one.nets[0].accuracy(X, y, n)}`);
t = performance.now();
for (let s = 0; s < seeds; s++) {
  const st = new Stack({ sizes: [2, 3, 3, 1], activation: "relu", seeds: [s], lr: 0.05 });
  st.train(X, y, n, 1000);
  accs.push(st.nets[0].accuracy(X, y, n));
}
const secs = (performance.now() - t) / 1000;
console.log(`${seeds} seeds in ${secs.toFixed(2)} s (${((seeds * 1000) / secs).toFixed(0)} model-steps/s);` +
  ` solved (>= 0.97): ${accs.filter((a) => a >= 0.97 - 1e-6).length}`);
console.log(JSON.stringify(accs.map((a) => Math.round(a * 1000) / 1000)));
