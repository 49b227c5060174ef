// The site's training in plain JavaScript (float64): stacked MLPs, the default PyTorch init
// (figures/models/nets.py), binary cross-entropy on a sigmoid output and full-batch Adam or gradient
// descent (figures/models/train.py). tests/test_live_trainer.py checks it against the Python path.

const LEAKY_SLOPE = 0.01; // torch.nn.functional.leaky_relu's default

// name -> [forward on z, derivative given the layer's output h]
export const ACTIVATIONS = {
  relu: [(z) => (z > 0 ? z : 0), (h) => (h > 0 ? 1 : 0)],
  leaky_relu: [(z) => (z > 0 ? z : z * LEAKY_SLOPE), (h) => (h > 0 ? 1 : LEAKY_SLOPE)],
  tanh: [Math.tanh, (h) => 1 - h * h],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (h) => (1 - h) * h],
  identity: [(z) => z, () => 1],
};
ACTIVATIONS.linear = ACTIVATIONS.identity;

// torch.optim.Adam's defaults
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Mersenne Twister MT19937, seeded as torch.Generator().manual_seed(seed) (init_genrand). */
export function mt19937(seed) {
  const mt = new Uint32Array(624);
  let i = 624;
  mt[0] = seed >>> 0;
  for (let k = 1; k < 624; k++) {
    const p = mt[k - 1] ^ (mt[k - 1] >>> 30);
    mt[k] = (Math.imul(1812433253, p) + k) >>> 0;
  }
  function twist() {
    for (let k = 0; k < 624; k++) {
      const yk = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
      mt[k] = mt[(k + 397) % 624] ^ (yk >>> 1) ^ (yk & 1 ? 0x9908b0df : 0);
    }
    i = 0;
  }
  function u32() {
    if (i >= 624) twist();
    let yk = mt[i++];
    yk ^= yk >>> 11;
    yk ^= (yk << 7) & 0x9d2c5680;
    yk ^= (yk << 15) & 0xefc60000;
    yk ^= yk >>> 18;
    return yk >>> 0;
  }
  return {
    u32,
    // torch.rand on the CPU, float32: the low 24 bits of one draw
    rand24: () => (u32() & 0xffffff) * 2 ** -24,
    // a double in [0, 1) from two draws (numpy's legacy random_sample)
    random: () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992,
  };
}

/** Number of weights and biases of a net of layer sizes ``sizes``. */
export function paramCount(sizes) {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += (sizes[l - 1] + 1) * sizes[l];
  return n;
}

/** The flat parameters of one seed, as nets.StackedMLP.init draws them (float32 values):
 * per layer W (in x out, row-major) then b, each U(-1/sqrt(in), 1/sqrt(in)). */
export function initParams(sizes, seed) {
  const rng = mt19937(seed);
  const out = new Float64Array(paramCount(sizes));
  const f = Math.fround;
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const bound = f(1 / Math.sqrt(sizes[l - 1]));
    const count = (sizes[l - 1] + 1) * sizes[l];
    for (let k = 0; k < count; k++) out[at++] = f(f(f(rng.rand24() * 2) - 1) * bound);
  }
  return out;
}

// A small net trains through a pass written for its shape (``kernel``): a larger one through the
// layer-by-layer loops of Net, which the generated code would outgrow.
const KERNEL_MAX_PARAMS = 160;
const KERNEL_ACT = {
  relu: [(z) => `(${z} > 0 ? ${z} : 0)`, (s, h) => `(${h} > 0 ? ${s} : 0)`],
  leaky_relu: [(z) => `(${z} > 0 ? ${z} : ${z} * ${LEAKY_SLOPE})`, (s, h) => `${s} * (${h} > 0 ? 1 : ${LEAKY_SLOPE})`],
  tanh: [(z) => `Math.tanh(${z})`, (s, h) => `${s} * (1 - ${h} * ${h})`],
  sigmoid: [(z) => `1 / (1 + Math.exp(-${z}))`, (s, h) => `${s} * ((1 - ${h}) * ${h})`],
  identity: [(z) => z, (s) => s],
};
KERNEL_ACT.linear = KERNEL_ACT.identity;

/** Net.lossAndGrad for one shape and activation as straight-line code, point by point: the
 * weights and the gradient sums live in local variables (registers), nothing is stored per point.
 * It adds in the same order as the layer-by-layer loops (each unit's inputs in order, the
 * gradients over the points in order), so both give the same numbers. Null for a large net. */
const KERNELS = new Map(); // one function per shape and activation, so the engine optimises it once
export function kernel(sizes, activation, withLoss = true) {
  const key = `${sizes.join("-")}/${activation}/${withLoss}`;
  if (!KERNELS.has(key)) KERNELS.set(key, write(sizes, activation, withLoss));
  return KERNELS.get(key);
}

function write(sizes, activation, withLoss) {
  const count = paramCount(sizes);
  if (count > KERNEL_MAX_PARAMS || sizes[0] !== 2 || sizes[sizes.length - 1] !== 1) return null;
  const [act, deriv] = KERNEL_ACT[activation], L = sizes.length - 1, W = [], B = [];
  for (let l = 1, at = 0; l <= L; l++) {  // layer l's weights (in x out), then its biases, at offset at
    const [ni, no, base] = [sizes[l - 1], sizes[l], at];
    W.push((k, o) => base + k * no + o);
    B.push((o) => base + ni * no + o);
    at += (ni + 1) * no;
  }
  const head = [], body = [], tail = [];
  for (let k = 0; k < count; k++) head.push(`const p${k} = P[${k}]; let g${k} = 0;`);
  body.push("const a0_0 = X[2 * i], a0_1 = X[2 * i + 1];");
  for (let l = 0; l < L; l++) {
    for (let o = 0; o < sizes[l + 1]; o++) {
      let z = `p${B[l](o)}`;
      for (let k = 0; k < sizes[l]; k++) z += ` + a${l}_${k} * p${W[l](k, o)}`;
      body.push(l < L - 1 ? `const z${l + 1}_${o} = ${z}; const a${l + 1}_${o} = ${act(`z${l + 1}_${o}`)};`
        : `const z = ${z};`);
    }
  }
  body.push("const u = y[i] ? -z : z, e = Math.exp(-Math.abs(u));",
    withLoss ? "loss += Math.max(u, 0) + Math.log1p(e);" : "",
    `const d${L}_0 = (y[i] ? -1 : 1) * (u >= 0 ? 1 / (1 + e) : e / (1 + e)) / n;`);
  for (let l = L - 1; l >= 0; l--) {
    for (let o = 0; o < sizes[l + 1]; o++) {
      body.push(`g${B[l](o)} += d${l + 1}_${o};`);
      for (let k = 0; k < sizes[l]; k++) body.push(`g${W[l](k, o)} += a${l}_${k} * d${l + 1}_${o};`);
    }
    if (!l) break;
    for (let k = 0; k < sizes[l]; k++) {
      const sum = Array.from({ length: sizes[l + 1] }, (_, o) => `p${W[l](k, o)} * d${l + 1}_${o}`).join(" + ");
      body.push(`const d${l}_${k} = ${deriv(`(0 + ${sum})`, `a${l}_${k}`)};`);
    }
  }
  for (let k = 0; k < count; k++) tail.push(`G[${k}] = g${k};`);
  const src = `${head.join("\n")}\nlet loss = 0;\nfor (let i = 0; i < n; i++) {\n${body.join("\n")}\n}\n` +
    `${tail.join("\n")}\nreturn ${withLoss ? "loss / n" : "NaN"};`;
  return new Function("P", "G", "X", "y", "n", src);
}

/** One model's views into its flat parameters: W[l] (in x out) and b[l]. */
function views(buf, sizes) {
  const W = [], b = [];
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const [i, o] = [sizes[l - 1], sizes[l]];
    W.push(buf.subarray(at, at + i * o));
    b.push(buf.subarray(at + i * o, at + (i + 1) * o));
    at += (i + 1) * o;
  }
  return { W, b };
}

/** A net of layer ``sizes`` with one activation: forward, loss and gradients on n points.
 * Each layer's outputs are stored unit by unit, (width x n), so that the inner loops run along
 * the n points (as figures/models/fasttrain.py lays them out): 3x faster than point by point. */
export class Net {
  constructor(sizes, activation, params) {
    if (!ACTIVATIONS[activation]) throw new Error(`unknown activation ${activation}`);
    this.sizes = sizes;
    this.activation = activation;
    this.params = Float64Array.from(params);
    this.grad = new Float64Array(this.params.length);
    this.p = views(this.params, sizes);
    this.g = views(this.grad, sizes);
    this.n = 0;
    this.X = null;
  }

  /** Buffers for n points, and the points X (n x 2, row by row) stored by coordinate. */
  prepare(X, n) {
    if (this.n !== n) {
      this.H = this.sizes.slice(1).map((w) => new Float64Array(n * w));
      this.G = this.sizes.slice(1).map((w) => new Float64Array(n * w));
      this.Xt = new Float64Array(n * this.sizes[0]);
      this.n = n;
      this.X = null;
    }
    if (this.X !== X) {
      const d = this.sizes[0];
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) this.Xt[k * n + i] = X[i * d + k];
      this.X = X;
    }
  }

  /** Each layer's output (width x n) for points X (n x in, row by row): hidden layers after the
   * activation, the last one the logits. */
  forward(X, n) {
    this.prepare(X, n);
    const act = ACTIVATIONS[this.activation][0];
    const L = this.sizes.length - 1;
    let h = this.Xt;
    for (let l = 0; l < L; l++) {
      const ni = this.sizes[l], no = this.sizes[l + 1];
      const W = this.p.W[l], b = this.p.b[l], out = this.H[l];
      for (let o = 0; o < no; o++) {
        const row = o * n;
        out.fill(b[o], row, row + n);
        for (let k = 0; k < ni; k++) {
          const w = W[k * no + o], col = k * n;
          for (let i = 0; i < n; i++) out[row + i] += h[col + i] * w;
        }
      }
      if (l === L - 1) break;
      if (this.activation === "relu") for (let j = 0; j < no * n; j++) out[j] = out[j] > 0 ? out[j] : 0;
      else for (let j = 0; j < no * n; j++) out[j] = act(out[j]);
      h = out;
    }
    return this.H;
  }

  /** Mean binary cross-entropy of the logits against labels y; gradients into this.grad.
   * Without ``wantLoss`` a small net skips the loss itself (NaN), a third of its time. */
  lossAndGrad(X, y, n, wantLoss = true) {
    if (this.kernel === undefined) this.kernel = kernel(this.sizes, this.activation);
    if (this.kernel) return (wantLoss ? this.kernel : kernel(this.sizes, this.activation, false))(this.params, this.grad, X, y, n);
    this.forward(X, n);
    const L = this.sizes.length - 1;
    const z = this.H[L - 1], gz = this.G[L - 1];
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const u = y[i] ? -z[i] : z[i]; // s z with s = 1 - 2y: the loss is softplus(s z)
      const e = Math.exp(-Math.abs(u)); // one exp for the loss and its slope s sigmoid(s z)
      loss += Math.max(u, 0) + Math.log1p(e);
      gz[i] = (y[i] ? -1 : 1) * (u >= 0 ? 1 / (1 + e) : e / (1 + e)) / n;
    }
    this.backward(n);
    return loss / n;
  }

  backward(n) {
    const deriv = ACTIVATIONS[this.activation][1];
    for (let l = this.sizes.length - 2; l >= 0; l--) {
      const ni = this.sizes[l], no = this.sizes[l + 1];
      const G = this.G[l], hin = l ? this.H[l - 1] : this.Xt;
      const W = this.p.W[l], gW = this.g.W[l], gb = this.g.b[l];
      for (let o = 0; o < no; o++) {
        const row = o * n;
        let sb = 0;
        for (let i = 0; i < n; i++) sb += G[row + i];
        gb[o] = sb;
        for (let k = 0; k < ni; k++) {
          const col = k * n;
          let sw = 0;
          for (let i = 0; i < n; i++) sw += hin[col + i] * G[row + i];
          gW[k * no + o] = sw;
        }
      }
      if (!l) break;
      const Gin = this.G[l - 1];
      for (let k = 0; k < ni; k++) {
        const col = k * n;
        Gin.fill(0, col, col + n);
        for (let o = 0; o < no; o++) {
          const w = W[k * no + o], row = o * n;
          for (let i = 0; i < n; i++) Gin[col + i] += w * G[row + i];
        }
        if (this.activation === "relu") for (let i = 0; i < n; i++) Gin[col + i] = hin[col + i] > 0 ? Gin[col + i] : 0;
        else for (let i = 0; i < n; i++) Gin[col + i] *= deriv(hin[col + i]);
      }
    }
  }

  /** Logits at points X (n x 2, row by row). */
  logits(X, n) {
    const H = this.forward(X, n);
    return H[H.length - 1].slice(0, n);
  }

  /** Hidden layer l's outputs, point by point (n x width). */
  hidden(l, X, n) {
    const h = this.forward(X, n)[l], w = this.sizes[l + 1], out = new Float64Array(n * w);
    for (let i = 0; i < n; i++) for (let k = 0; k < w; k++) out[i * w + k] = h[k * n + i];
    return out;
  }

  accuracy(X, y, n) {
    const z = this.logits(X, n);
    let right = 0;
    for (let i = 0; i < n; i++) right += (z[i] > 0 ? 1 : 0) === (y[i] ? 1 : 0) ? 1 : 0;
    return right / n;
  }
}

/** Full-batch Adam, torch.optim.Adam's arithmetic (foreach path), step by step. */
export class Adam {
  constructor(net, lr, { beta1, beta2, eps } = ADAM) {
    Object.assign(this, { net, lr, beta1, beta2, eps, t: 0 });
    this.m = new Float64Array(net.params.length);
    this.v = new Float64Array(net.params.length);
  }

  step() {
    const { beta1, beta2, eps, m, v } = this;
    const p = this.net.params, g = this.net.grad;
    this.t += 1;
    const stepSize = -(this.lr / (1 - beta1 ** this.t));
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const w1 = 1 - beta1, w2 = 1 - beta2;
    for (let k = 0; k < p.length; k++) {
      m[k] += w1 * (g[k] - m[k]); // lerp, as torch writes it for a weight below 1/2
      v[k] = v[k] * beta2 + w2 * g[k] * g[k];
      p[k] += stepSize * (m[k] / (Math.sqrt(v[k]) / bc2Sqrt + eps));
    }
  }
}

/** Plain full-batch gradient descent (torch.optim.SGD without momentum). */
export class GD {
  constructor(net, lr) {
    Object.assign(this, { net, lr });
  }

  step() {
    const p = this.net.params, g = this.net.grad;
    for (let k = 0; k < p.length; k++) p[k] += -this.lr * g[k];
  }
}

export const OPTIMIZERS = { adam: Adam, gd: GD };

/** Models of one shape trained together, one per seed (or per given initial parameters). */
export class Stack {
  constructor({ sizes, activation, seeds, params, lr, optimizer = "adam" }) {
    const inits = params || seeds.map((s) => initParams(sizes, s));
    this.nets = inits.map((p) => new Net(sizes, activation, p));
    this.opts = this.nets.map((net) => new OPTIMIZERS[optimizer](net, lr));
    this.steps = 0;
  }

  /** ``count`` steps of every model on (X, y), losses not computed (a seed run's). */
  fit(X, y, n, count) {
    for (let s = 0; s < count; s++) {
      this.nets.forEach((net, i) => {
        net.lossAndGrad(X, y, n, false);
        this.opts[i].step();
      });
      this.steps += 1;
    }
  }

  /** ``count`` steps of every model on (X, y); returns the losses, (count x models) rows. */
  train(X, y, n, count = 1) {
    const rows = [];
    for (let s = 0; s < count; s++) {
      rows.push(this.nets.map((net, i) => {
        const loss = net.lossAndGrad(X, y, n);
        this.opts[i].step();
        return loss;
      }));
      this.steps += 1;
    }
    return rows;
  }
}

/** 95% Wilson score interval of k successes in n (figures/measures.py's rates). */
export function wilson(k, n, z = 1.96) {
  if (!n) return [0, 1];
  const p = k / n, d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
