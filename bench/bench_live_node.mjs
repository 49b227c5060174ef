// Model-steps/s of the live trainer in Node, and the seed run on the build's rings:
// node bench/bench_live_node.mjs [seeds] [--loops]  (reads docs/assets/figures/playground/live_data-rings-1000.json)
// --loops trains through the layer-by-layer loops instead of the generated kernel (trainer.js).
// The last line is JSON for bench/bench_live_vs_python.py.
import { readFileSync } from "node:fs";
import { Stack } from "../docs/javascripts/mlp-live/trainer.js";

const d = JSON.parse(readFileSync("docs/assets/figures/playground/live_data-rings-1000.json", "utf8"));
const X = Float64Array.from(d.X), y = Uint8Array.from(d.y), n = y.length;
const seeds = Number(process.argv.find((a) => /^\d+$/.test(a)) || 64), loops = process.argv.includes("--loops");
const net = (seed) => {
  const st = new Stack({ sizes: [2, 3, 3, 1], activation: "relu", seeds: [seed], lr: 0.05 });
  if (loops) st.nets[0].kernel = null;
  return st;
};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let t = performance.now(), c = cpu();
const one = net(0);
one.train(X, y, n, 1000);
const first = { wall: (performance.now() - t) / 1000, cpu: cpu() - c };
console.log(`seed 0: 1000 Adam steps on ${n} points in ${first.wall.toFixed(3)} s (${first.cpu.toFixed(3)} s CPU),` +
  ` accuracy ${one.nets[0].accuracy(X, y, n)}${loops ? " [loops]" : ""}`);
const accs = [];
t = performance.now();
c = cpu();
for (let s = 0; s < seeds; s++) { // as a seed run trains them (worker.js): no loss computed
  const st = net(s);
  st.fit(X, y, n, 1000);
  accs.push(st.nets[0].accuracy(X, y, n));
}
const secs = (performance.now() - t) / 1000, cpuSecs = cpu() - c;
console.log(`${seeds} seeds in ${secs.toFixed(2)} s, ${cpuSecs.toFixed(2)} s CPU (${((seeds * 1000) / secs).toFixed(0)} model-steps/s);` +
  ` solved (>= 0.97): ${accs.filter((a) => a >= 0.97 - 1e-6).length}`);
console.log(JSON.stringify({ first, seeds, wall: secs, cpu: cpuSecs, rate: (seeds * 1000) / secs,
  solved: accs.filter((a) => a >= 0.97 - 1e-6).length }));
