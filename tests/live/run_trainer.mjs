// Runs the browser trainer in Node for tests/test_live_trainer.py: a JSON job on stdin, JSON out.
// MLP_LIVE_DIR names the folder of trainer.js and data.js (a test points it at a mutated copy).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const dir = resolve(process.env.MLP_LIVE_DIR || "docs/javascripts/mlp-live");
const { Stack, initParams } = await import(pathToFileURL(`${dir}/trainer.js`).href);
const data = await import(pathToFileURL(`${dir}/data.js`).href);
const geometry = await import(pathToFileURL(`${dir}/geometry.js`).href);
const job = JSON.parse(readFileSync(0, "utf8"));

function replay(draws) {
  const queue = (values) => {
    let at = 0;
    return (count) => {
      if (at + count > values.length) throw new Error("ran out of recorded draws");
      return Float64Array.from(values.slice(at, (at += count)));
    };
  };
  return { uniform: queue(draws.uniform || []), normal: queue(draws.normal || []), permutation: (n) => draws.permutation };
}

const jobs = {
  init: () => ({ params: job.seeds.map((s) => Array.from(initParams(job.sizes, s))) }),
  data: () => {
    const d = data.DATASETS[job.name](job.n, job.noise, replay(job.draws));
    return { X: Array.from(d.X), y: Array.from(d.y) };
  },
  train: () => {
    const stack = new Stack({ ...job, params: job.params });
    const X = Float64Array.from(job.X), y = Uint8Array.from(job.y);
    const loss = stack.train(X, y, job.y.length, job.steps);
    return { loss, params: stack.nets.map((net) => Array.from(net.params)) };
  },
  // the same training through the generated kernel and through the layer-by-layer loops
  paths: () => {
    const X = Float64Array.from(job.X), y = Uint8Array.from(job.y);
    const run = (loops) => {
      const stack = new Stack({ ...job, params: job.params });
      if (loops) for (const net of stack.nets) net.kernel = null;
      const loss = stack.train(X, y, job.y.length, job.steps);
      return { loss, params: stack.nets.map((net) => Array.from(net.params)), kernel: !!stack.nets[0].kernel };
    };
    const fit = new Stack({ ...job, params: job.params });
    fit.fit(X, y, job.y.length, job.steps);
    return { kernel: run(false), loops: run(true), fit: fit.nets.map((net) => Array.from(net.params)) };
  },
  geometry: () => {
    const stack = new Stack({ ...job, params: [job.params], lr: 0 });
    const P = geometry.gridLines(job.extent, job.k, job.m), count = P.length / 2;
    const net = stack.nets[0], L = job.sizes.length - 2;
    return { points: Array.from(P), grid: Array.from(net.hidden(L - 1, P, count)),
      units: geometry.unitSegments(net.params, job.sizes, job.extent) };
  },
};
process.stdout.write(JSON.stringify(jobs[job.mode]()));
