// Live figures: every .mlp-live root on the page becomes a small lab. The reader trains the
// site's network in a Web Worker (worker.js) and sees the boundary, the loss and the hidden
// layer; "Run N seeds" measures the success rate beside the build's (figures/site/live.py).
import { wilson } from "./trainer.js";
import { unitSegments } from "./geometry.js";

const CLASS = ["#0072B2", "#D55E00"]; // figures/render/style.py CLASS_COLORS
const ACCENT = "#009E73", MUTED = "#999999"; // style.py: units' lines; the deformed grid
const LRS = [0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1];
const STEPS = [100, 300, 1000, 3000];
const ACTS = { relu: "ReLU", leaky_relu: "leaky ReLU", tanh: "tanh", sigmoid: "sigmoid", identity: "linear" };
const OPTS = { adam: "Adam", gd: "gradient descent" };
const SETS = { "rings-1000": "rings (1,000 points)", "circles-300": "rings (300)", "xor-300": "XOR (300)",
  "moons-300": "moons (300)", "spirals-300": "spirals (300)", "disk_in_ring-300": "disk in a ring (300)",
  corners: "XOR, four corners" };
const pct = (v) => `${Math.round(100 * v)}%`;

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids);
  return e;
}

let uid = 0;
const FEW = 6; // a choice of at most this many options is a row of buttons; more, a menu

function field(label, control) {
  const id = `mlp-live-${++uid}`;
  if (control.tagName !== "DIV") {
    control.id = id;
    return el("div", { class: "mlp-live-knob" }, el("label", { for: id, text: label }), control);
  }
  control.setAttribute("aria-labelledby", id);
  return el("div", { class: "mlp-live-knob" }, el("span", { id, class: "mlp-live-label", text: label }), control);
}

function select(options, value) {
  const s = el("select");
  for (const [v, text] of Object.entries(options)) s.append(el("option", { value: v, text }));
  s.value = String(value);
  return s;
}

/** Segmented buttons (one pressed): the group's ``value`` is the pressed one's; a press fires
 * "change" on the group. Tab reaches each button, the arrow keys move between them. */
function segmented(options, value) {
  const g = el("div", { class: "mlp-live-seg", role: "group" });
  const buttons = Object.entries(options).map(([v, text]) => {
    const b = el("button", { type: "button", "data-value": v, text });
    b.addEventListener("click", () => {
      g.set(v);
      g.dispatchEvent(new Event("change"));
    });
    b.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      buttons[(buttons.indexOf(b) + step + buttons.length) % buttons.length].focus();
    });
    return b;
  });
  g.set = (v) => {
    g.value = String(v);
    for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.value === g.value));
  };
  g.append(...buttons);
  g.set(value);
  return g;
}

const choice = (options, value) => (Object.keys(options).length <= FEW ? segmented : select)(options, value);
const setValue = (control, v) => (control.set ? control.set(v) : (control.value = String(v)));

/** The page's background as [r, g, b] (white where the page sets none). */
function pageColour() {
  const m = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g) || [];
  return m.length >= 3 && Number(m[3] ?? 1) > 0 ? m.slice(0, 3).map(Number) : [255, 255, 255];
}

/** A map cell's colours: the site's blue laid over the page, deeper with the rate, and black or
 *  white lettering, whichever stands out more (at least 4.5:1 against any such blue). */
function cellColours(rate, page) {
  const a = 0.08 + 0.85 * rate, rgb = [0, 114, 178].map((c, i) => Math.round(page[i] + (c - page[i]) * a));
  const lin = rgb.map((c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return [`rgb(${rgb.join(", ")})`, lum > 0.179 ? "#000" : "#fff"];
}

/** The points, one path per class (two fills, not one per point): at(i) is point i's [x, y]. */
function dots(g, y, r, at) {
  for (const cls of [0, 1]) {
    g.fillStyle = CLASS[cls];
    g.beginPath();
    for (let i = 0; i < y.length; i++) {
      if ((y[i] ? 1 : 0) !== cls) continue;
      const [u, v] = at(i);
      g.moveTo(u + r, v);
      g.arc(u, v, r, 0, 2 * Math.PI);
    }
    g.fill();
  }
}

function cssVar(root, name, fallback) {
  return getComputedStyle(root).getPropertyValue(name).trim() || fallback;
}

class Live {
  constructor(root) {
    this.root = root;
    this.c = JSON.parse(root.dataset.config);
    this.data = {};
    this.workers = [];
    this.build();
    this.set({ state: "idle", steps: 0 });
    this.drawData();
  }

  /** The figure's state on its root's data- attributes (tests and CSS read them); null removes one. */
  set(attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null) delete this.root.dataset[k];
      else this.root.dataset[k] = String(v);
    }
  }

  build() {
    const c = this.c, knobs = new Set(c.knobs);
    this.root.textContent = "";
    const k = {};
    const cells = c.build && c.build.cells;
    const sets = cells ? Object.fromEntries(Object.entries(c.build.names).map(([label, key]) => [key, label]))
      : Object.fromEntries(Object.keys(c.sets).map((s) => [s, SETS[s] || s]));
    const acts = cells ? Object.fromEntries(Object.entries(c.build.acts).map(([label, key]) => [key, label])) : ACTS;
    if (knobs.has("data")) k.data = field("Data", choice(sets, c.data));
    if (knobs.has("width")) k.width = field("Width", el("input", { type: "number", min: 1, max: 16, value: c.net[1] }));
    if (knobs.has("depth")) k.depth = field("Hidden layers", el("input", { type: "number", min: 1, max: 6, value: c.net.length - 2 }));
    if (knobs.has("act")) k.act = field("Activation", choice(acts, c.act));
    if (knobs.has("opt")) k.opt = field("Optimiser", choice(OPTS, c.opt));
    if (knobs.has("lr")) k.lr = field("Learning rate", choice(Object.fromEntries(LRS.map((v) => [v, v])), c.lr));
    if (knobs.has("steps")) k.steps = field("Steps", choice(Object.fromEntries(STEPS.map((v) => [v, v])), c.steps));
    if (knobs.has("seed")) k.seed = field("Seed", el("input", { type: "number", min: 0, max: 99999, value: c.seed }));
    this.knobs = k;
    const knobRow = el("div", { class: "mlp-live-knobs" }, ...Object.values(k));
    for (const f of Object.values(k)) f.lastChild.addEventListener("change", () => this.reconfigure());
    this.trainBtn = el("button", { type: "button", class: "md-button md-button--primary" });
    this.stopBtn = el("button", { type: "button", class: "md-button", text: "Stop", disabled: "" });
    this.seedBtn = el("button", { type: "button", class: "md-button" });
    this.trainBtn.addEventListener("click", () => this.train());
    this.stopBtn.addEventListener("click", () => this.stop());
    this.seedBtn.addEventListener("click", () => this.runSeeds());
    this.progress = el("progress", { max: 1, value: 0, "aria-label": "training progress" });
    this.status = el("p", { class: "mlp-live-status", "aria-live": "polite", text: "Not trained yet." });
    this.result = el("p", { class: "mlp-live-result", "aria-live": "polite" });
    this.plane = el("canvas", { class: "mlp-live-plane", role: "img", "aria-label": "decision boundary on the input plane" });
    this.layer = el("canvas", { class: "mlp-live-layer", role: "img", "aria-label": "the last hidden layer's points, over the input plane's grid lines as the net carries them" });
    this.loss = el("canvas", { class: "mlp-live-loss", role: "img", "aria-label": "loss curve" });
    const buttons = el("div", { class: "mlp-live-buttons" }, this.trainBtn, this.stopBtn, this.seedBtn, this.progress);
    const pics = el("div", { class: "mlp-live-pics" }, this.plane, this.layer, this.loss);
    this.cells = el("div", { class: "mlp-live-cells", role: "group" });
    this.root.append(knobRow, buttons, this.status, pics, this.result);
    if (cells) {
      this.root.insertBefore(this.cells, buttons);
      window.addEventListener("message", (e) => this.fromMap(e));
    }
    this.labels();
    for (const type of ["pointerenter", "focusin"]) this.root.addEventListener(type, () => this.warm(), { once: true });
    this.turnable();
    // The untrained net is drawn once the figure comes near the screen (not on every page load).
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      this.near = true;
      this.preview();
    }, { rootMargin: "200px" });
    seen.observe(this.root);
  }

  /** The 3-D hidden layer turns: a drag (mouse, or a sideways finger: the page still scrolls),
   * or the arrow keys once the picture has the focus. */
  turnable() {
    this.view = [0.6, 0.45];
    const cv = this.layer, redraw = () => this.shown && this.drawLayer(...this.shown);
    const turn = (da, db) => {
      this.view = [this.view[0] + da, Math.max(-1.5, Math.min(1.5, this.view[1] + db))];
      redraw();
    };
    cv.tabIndex = 0;
    cv.addEventListener("keydown", (e) => {
      const d = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] }[e.key];
      if (!d || !this.shown || this.shown[0].length / this.shown[1].length < 3) return;
      e.preventDefault();
      turn(...d);
    });
    let from = null;
    cv.addEventListener("pointerdown", (e) => {
      from = [e.clientX, e.clientY];
      cv.setPointerCapture(e.pointerId);
    });
    cv.addEventListener("pointermove", (e) => {
      if (!from) return;
      turn((e.clientX - from[0]) * 0.01, (e.clientY - from[1]) * 0.01);
      from = [e.clientX, e.clientY];
    });
    for (const type of ["pointerup", "pointercancel"]) cv.addEventListener(type, () => (from = null));
  }

  // --- the map's cells (compare=FIGURE:cells): the build's count for each width and depth of the
  // chosen data set and activation, as buttons that retrain the cell; the map's own scene says
  // which cell was clicked in it (figures/render/scene.js posts mlpCell) -------------------------

  /** The build's count for the configuration ``cfg``, if it measured it: {k, n, low, high}. */
  measured(cfg) {
    const b = this.c.build, c = this.c;
    if (!b) return null;
    if (!b.cells) return this.sameAsBuild(cfg) ? b : null;
    const rows = b.cells[`${cfg.data}/${cfg.act}`], [w, d] = [cfg.net[1], cfg.net.length - 2];
    const uniform = cfg.net.slice(1, -1).every((v) => v === w);
    const same = cfg.opt === c.opt && cfg.lr === c.lr && cfg.steps === c.steps;
    const k = rows && uniform && same && rows[d - 1] ? rows[d - 1][w - 1] : undefined;
    if (k === undefined) return null;
    const [low, high] = wilson(k, b.n);
    return { k, n: b.n, low, high };
  }

  drawCells() {
    const b = this.c.build, cfg = this.current(), rows = b.cells[`${cfg.data}/${cfg.act}`];
    const label = `The map's cells for ${this.knobText("data", cfg.data)}, ${this.knobText("act", cfg.act)}: ` +
      `seeds of ${b.n} that fit every point in the build; pick a cell to retrain it`;
    this.cells.setAttribute("aria-label", label);
    this.cells.textContent = "";
    this.cells.append(el("p", { class: "mlp-live-cells-title", text: label + "." }));
    const grid = el("div", { class: "mlp-live-cells-grid" }), page = pageColour();
    grid.style.gridTemplateColumns = `auto repeat(${rows[0].length}, minmax(1.9em, 1fr))`;
    for (let d = rows.length; d >= 1; d--) {
      grid.append(el("span", { class: "mlp-live-cells-axis", text: `depth ${d}` }));
      rows[d - 1].forEach((k, j) => {
        const w = j + 1, rate = k / b.n, here = cfg.net.length - 2 === d && cfg.net[1] === w;
        const btn = el("button", { type: "button", text: String(k), "aria-pressed": String(here),
          "aria-label": `width ${w}, depth ${d}: ${k} of ${b.n} seeds solved in the build; measure it again` });
        const [bg, fg] = cellColours(rate, page);
        btn.style.background = bg;
        btn.style.color = fg;
        btn.addEventListener("click", () => this.pickCell(cfg.data, cfg.act, w, d));
        grid.append(btn);
      });
    }
    grid.append(el("span"), ...rows[0].map((_, j) => el("span", { class: "mlp-live-cells-axis", text: String(j + 1) })));
    this.cells.append(grid, el("p", { class: "mlp-live-cells-axis", text: "width (units per hidden layer)" }));
  }

  knobText(name, value) {
    const k = this.knobs[name], b = k && k.lastChild.querySelector && k.lastChild.querySelector(`[data-value="${value}"]`);
    return b ? b.textContent : value;
  }

  /** Set the knobs to a cell of the map and run its seeds, drawing the first seed's net. */
  pickCell(data, act, width, depth) {
    const k = this.knobs;
    for (const [name, v] of [["data", data], ["act", act], ["width", width], ["depth", depth]]) {
      if (k[name]) setValue(k[name].lastChild, v);
    }
    this.reconfigure();
    this.runSeeds(true);
  }

  /** A click in the map's scene (an iframe of this page): retrain that cell here. */
  fromMap(e) {
    const m = e.data && e.data.mlpCell, b = this.c.build;
    if (!m || ![...document.querySelectorAll("iframe")].some((f) => f.contentWindow === e.source)) return;
    const data = b.names[m.choice], act = b.acts[m.panel];
    if (!data || !act || !Number.isInteger(m.x) || !Number.isInteger(m.y)) return;
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.root.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
    this.pickCell(data, act, m.x, m.y);
  }

  /** The configuration the knobs now say. */
  current() {
    const c = this.c, k = this.knobs, v = (name, parse) => (k[name] ? parse(k[name].lastChild.value) : undefined);
    const width = v("width", (x) => Math.max(1, Math.min(16, parseInt(x, 10) || 1))) ?? c.net[1];
    const depth = v("depth", (x) => Math.max(1, Math.min(6, parseInt(x, 10) || 1))) ?? c.net.length - 2;
    const net = k.width || k.depth ? [2, ...Array(depth).fill(width), 1] : c.net;
    return { ...c, net, data: v("data", String) ?? c.data, act: v("act", String) ?? c.act, opt: v("opt", String) ?? c.opt,
      lr: v("lr", Number) ?? c.lr, steps: v("steps", Number) ?? c.steps, seed: v("seed", (x) => parseInt(x, 10) || 0) ?? c.seed };
  }

  /** Whether the knobs describe the recipe the build measured. */
  sameAsBuild(cfg) {
    const c = this.c;
    return c.build && cfg.data === c.data && cfg.act === c.act && cfg.opt === c.opt && cfg.lr === c.lr &&
      cfg.steps === c.steps && cfg.net.join("-") === c.net.join("-");
  }

  labels() {
    const cfg = this.current();
    this.trainBtn.textContent = `Train ${cfg.net.join("-")}`;
    this.seedBtn.textContent = `Run ${cfg.seeds} seeds`;
    if (this.c.build && this.c.build.cells) this.drawCells();
  }

  reconfigure() {
    this.stop();
    this.labels();
    this.set({ state: "idle", steps: 0, accuracy: null });
    this.drawData();
  }

  async points(key) {
    if (!this.data[key]) {
      const r = await fetch(this.c.sets[key]);
      const d = await r.json();
      this.data[key] = { X: d.X, y: d.y };
    }
    return this.data[key];
  }

  extent(X) {
    let m = 0;
    for (const v of X) m = Math.max(m, Math.abs(v));
    m = Math.max(1.2, m * 1.1);
    return [-m, m, -m, m];
  }

  async job(extra) {
    const cfg = this.current();
    const d = await this.points(cfg.data);
    const extent = cfg.data === "corners" ? [-0.5, 1.5, -0.5, 1.5] : this.extent(d.X);
    return { cfg, d, job: { ...cfg, X: d.X, y: d.y, extent, ...extra } };
  }

  /** A worker started ahead (the reader's pointer or focus came to the figure), or kept from
   * the last run: a click then trains at once, without loading the scripts again. */
  warm() {
    if (!this.spare) this.spare = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  }

  startWorker(onmessage) {
    const w = this.spare || new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.spare = null;
    w.onmessage = (e) => e.data.type !== "preview" && onmessage(e.data); // a preview it was still drawing
    w.onerror = (e) => {
      this.finish();
      this.set({ state: "idle" });
      this.status.textContent = `Training failed: ${e.message}`;
      console.error("mlp-live worker:", e.message);
    };
    this.workers.push(w);
    this.stopBtn.disabled = false;
    return w;
  }

  /** End the run's workers, but ``keep`` (one that finished its job) for the next run. */
  finish(keep) {
    for (const w of this.workers) {
      if (w === keep && !this.spare) this.spare = w;
      else w.terminate();
    }
    this.workers = [];
    this.stopBtn.disabled = true;
  }

  stop() {
    if (!this.workers.length) return;
    this.finish();
    if (this.root.dataset.state === "training") {
      this.set({ state: "idle" });
      this.status.textContent = `Stopped after ${this.root.dataset.steps} steps.`;
    }
  }

  async train() {
    const { cfg, d, job } = await this.job({});
    this.stop();
    this.lossCurve = [];
    this.set({ state: "training", steps: 0, preview: null });
    this.status.textContent = "Training…";
    this.progress.value = 0;
    const draw = (m) => {
      this.drawPlane(m.grid, d, job.extent, unitSegments(m.params, cfg.net, job.extent));
      this.drawLoss(cfg.steps);
      this.drawLayer(m.layer, d.y, m.warp, m.lines);
    };
    let pending = null; // progress drawn once per frame at most: the latest, the others skipped
    const worker = this.startWorker((m) => {
      this.lossCurve.push(...m.losses);
      this.set({ steps: m.steps });
      this.progress.value = m.steps / cfg.steps;
      if (m.type !== "done") {
        if (!pending) requestAnimationFrame(() => pending && (draw(pending), (pending = null)));
        pending = m;
        return;
      }
      pending = null;
      draw(m);
      this.finish(worker);
      this.set({ state: "done", accuracy: m.accuracy.toFixed(4) });
      this.status.textContent = `Seed ${cfg.seed}: ${pct(m.accuracy)} of the training points right after ${m.steps} steps` +
        ` (loss ${this.lossCurve[this.lossCurve.length - 1].toFixed(3)}).`;
    });
    worker.postMessage({ cmd: "train", job });
  }

  /** Train seeds 0..N-1 of the current recipe, split over a few workers (one per core, up to 4). */
  async runSeeds(picture = false) {
    const list = Array.from({ length: this.c.seeds }, (_, i) => i);
    const { cfg, job } = await this.job({ threshold: this.c.threshold });
    this.stop();
    this.set({ state: "training", steps: 0, preview: null, seeds: null, solved: null });
    this.progress.value = 0;
    this.result.textContent = "";
    this.status.textContent = `Training ${list.length} seeds…`;
    const parts = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2, list.length));
    let done = 0, solved = 0, finished = 0;
    for (let p = 0; p < parts; p++) {
      const mine = list.filter((_, i) => i % parts === p);
      const worker = this.startWorker((m) => {
        if (m.type === "picture") {
          this.lossCurve = m.losses;
          this.drawPlane(m.grid, this.data[cfg.data], job.extent, unitSegments(m.params, cfg.net, job.extent));
          this.drawLoss(cfg.steps);
          this.drawLayer(m.layer, job.y, m.warp, m.lines);
          return;
        }
        if (m.type === "seed") {
          done += 1;
          solved += m.accuracy >= this.c.threshold - 1e-6 ? 1 : 0;
          this.progress.value = done / list.length;
          this.status.textContent = `${done} of ${list.length} seeds trained: ${solved} solved so far.`;
          return;
        }
        if (++finished < parts) return;
        this.finish(worker);
        this.set({ state: "done", steps: cfg.steps, seeds: list.length, solved });
        this.status.textContent = `${list.length} seeds trained.`;
        this.result.textContent = this.verdict(cfg, solved, list.length);
      });
      worker.postMessage({ cmd: "seeds", job: { ...job, list: mine, picture: picture && p === 0 } });
    }
  }

  verdict(cfg, k, n) {
    const [lo, hi] = wilson(k, n);
    let text = `Your browser: ${k} of ${n} seeds reached ${pct(this.c.threshold)} accuracy, ` +
      `a rate of ${pct(k / n)} (95% Wilson interval ${pct(lo)} to ${pct(hi)}).`;
    const b = this.measured(cfg);
    if (b) text += ` The article measured ${b.k} of ${b.n} (${pct(b.low)} to ${pct(b.high)}).`;
    return text;
  }

  // --- drawing -------------------------------------------------------------------------------

  /** The canvas's context in CSS pixels (drawn sharp on any screen), its width and height. */
  canvas(cv, aspect) {
    const dpr = window.devicePixelRatio || 1, w = cv.getBoundingClientRect().width || 300, h = w * aspect;
    const [W, H] = [Math.round(w * dpr), Math.round(h * dpr)];
    if (cv.width !== W || cv.height !== H) [cv.width, cv.height] = [W, H];
    const g = cv.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.font = "12px sans-serif";
    return [g, w, h];
  }

  /** The knobs' seed before its first step, drawn as training will draw it (its boundary, its first
   * layer's lines, its last hidden layer): the reader sees where training starts before pressing
   * Train, in the spare worker (kept for that training). */
  async preview() {
    const { cfg, d, job } = await this.job({});
    const key = JSON.stringify([cfg.data, cfg.net, cfg.act, cfg.seed]);
    this.previewing = key;
    this.warm();
    this.spare.onmessage = (e) => {
      const m = e.data;
      if (m.type !== "preview" || m.key !== this.previewing || this.root.dataset.state !== "idle") return;
      this.drawPlane(m.grid, d, job.extent, unitSegments(m.params, cfg.net, job.extent));
      this.drawLayer(m.layer, d.y, m.warp, m.lines);
      this.set({ preview: cfg.seed });
      this.status.textContent = `Not trained yet: seed ${cfg.seed}'s starting weights, before the first step.`;
    };
    this.spare.postMessage({ cmd: "preview", job: { ...job, key } });
  }

  async drawData() {
    const cfg = this.current();
    this.set({ preview: null });
    try {
      const d = await this.points(cfg.data);
      const extent = cfg.data === "corners" ? [-0.5, 1.5, -0.5, 1.5] : this.extent(d.X);
      this.drawPlane(null, d, extent);
    } catch {
      this.status.textContent = "The data could not be loaded.";
    }
    this.lossCurve = [];
    this.drawLoss(cfg.steps);
    this.canvas(this.layer, 1)[0].clearRect(0, 0, this.layer.width, this.layer.height);
    if (this.near) this.preview();
  }

  /** The boundary (a grid of probabilities), the points and each first-layer unit's zero line. */
  drawPlane(grid, d, extent, units = []) {
    const [g, S] = this.canvas(this.plane, 1);
    this.units = units;
    g.clearRect(0, 0, S, S);
    if (grid) {
      const n = Math.round(Math.sqrt(grid.length)), img = new ImageData(n, n);
      for (let i = 0; i < grid.length; i++) {
        const p = grid[i], t = Math.abs(p - 0.5) * 2;
        const [r, gg, b] = p > 0.5 ? [213, 94, 0] : [0, 114, 178];
        img.data.set([r, gg, b, Math.round(150 * t * t) + (Math.abs(p - 0.5) < 0.02 ? 100 : 0)], 4 * i);
      }
      const off = new OffscreenCanvas(n, n);
      off.getContext("2d").putImageData(img, 0, 0);
      g.imageSmoothingEnabled = true;
      g.drawImage(off, 0, 0, S, S);
    }
    const [x0, x1, y0, y1] = extent, n = d.y.length, r = n > 100 ? 1.6 : 5;
    dots(g, d.y, r, (i) => [((d.X[2 * i] - x0) / (x1 - x0)) * S, ((y1 - d.X[2 * i + 1]) / (y1 - y0)) * S]);
    const px = (x, y) => [((x - x0) / (x1 - x0)) * S, ((y1 - y) / (y1 - y0)) * S];
    g.strokeStyle = g.fillStyle = ACCENT;
    g.lineWidth = 1.5;
    units.forEach((seg, o) => {
      if (!seg) return;
      const [a, b] = [px(seg[0], seg[1]), px(seg[2], seg[3])];
      g.beginPath();
      g.moveTo(...a);
      g.lineTo(...b);
      g.stroke();
      const at = a[0] + a[1] < b[0] + b[1] ? a : b; // the end nearer the top left, inset
      g.fillText(String(o + 1), Math.min(S - 12, Math.max(4, at[0] + 4)), Math.min(S - 4, Math.max(12, at[1] + 12)));
    });
    if (units.length) this.plane.setAttribute("aria-label", `decision boundary on the input plane, with the lines where ` +
      `each of the first layer's ${units.length} units switches (${units.filter(Boolean).length} cross the plane)`);
  }

  drawLoss(steps) {
    const [g, W, H] = this.canvas(this.loss, 0.6), L = this.lossCurve;
    const fg = cssVar(this.root, "--md-default-fg-color", "#000"), muted = cssVar(this.root, "--md-default-fg-color--light", "#888");
    g.clearRect(0, 0, W, H);
    g.fillStyle = muted;
    g.fillText("loss (log scale)", 6, 14);
    g.textAlign = "right";
    g.fillText(`step ${L.length} of ${steps}`, W - 6, H - 6);
    g.textAlign = "left";
    if (L.length < 2) return;
    const lo = Math.log(Math.max(1e-4, Math.min(...L))), hi = Math.log(Math.max(...L) + 1e-12);
    g.strokeStyle = fg;
    g.lineWidth = 1.5;
    g.beginPath();
    const every = Math.max(1, Math.floor(L.length / 600));
    for (let i = 0; i < L.length; i += every) {
      const x = 6 + (i / steps) * (W - 12);
      const y = 22 + (1 - (Math.log(Math.max(1e-4, L[i])) - lo) / (hi - lo || 1)) * (H - 44);
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    }
    g.stroke();
  }

  /** The last hidden layer's points, as they are (width 2) or seen from ``this.view`` (width 3:
   * turned by a drag or the arrow keys), over the input plane's grid lines carried there by the
   * net (``warp``: lines[0] + 1 lines per direction, lines[1] points each). */
  drawLayer(h, y, warp, lines) {
    this.shown = [h, y, warp, lines];
    const [g, S] = this.canvas(this.layer, 1), n = y.length, w = h.length / n;
    g.clearRect(0, 0, S, S);
    g.fillStyle = cssVar(this.root, "--md-default-fg-color--light", "#888");
    if (w > 3) {
      g.fillText(`last hidden layer: ${w} units`, 6, 14);
      g.fillText("(drawn for widths 2 and 3)", 6, 30);
      return;
    }
    const [a, b] = this.view;
    if (w > 2) {
      this.layer.setAttribute("aria-label", "the last hidden layer's 3 units in 3-D, over the input plane's grid " +
        `lines as the net carries them; turned ${Math.round((a * 180) / Math.PI)}° and tilted ` +
        `${Math.round((b * 180) / Math.PI)}°: drag, or the arrow keys, to turn it`);
    }
    const project = (h, count) => {
      const P = new Float64Array(2 * count);
      for (let i = 0; i < count; i++) {
        const u = h[i * w], v = w > 1 ? h[i * w + 1] : 0, z = w > 2 ? h[i * w + 2] : 0;
        P[2 * i] = w > 2 ? u * Math.cos(a) - v * Math.sin(a) : u;
        P[2 * i + 1] = w > 2 ? z * Math.cos(b) + (u * Math.sin(a) + v * Math.cos(a)) * Math.sin(b) : v;
      }
      return P;
    };
    const P = project(h, n), Q = warp ? project(warp, warp.length / w) : new Float64Array(0);
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < P.length; i += 2) { // framed on the data; the grid runs on past the frame
      [x0, x1] = [Math.min(x0, P[i]), Math.max(x1, P[i])];
      [y0, y1] = [Math.min(y0, P[i + 1]), Math.max(y1, P[i + 1])];
    }
    const span = Math.max(x1 - x0, y1 - y0) || 1, pad = 20;
    [x0, y0] = [(x0 + x1 - span) / 2, (y0 + y1 - span) / 2];
    const X = (u) => pad + ((u - x0) / span) * (S - 2 * pad), Y = (v) => S - pad - ((v - y0) / span) * (S - 2 * pad);
    g.fillText(`last hidden layer, ${w} unit${w > 1 ? "s" : ""}`, 6, 14);
    if (warp) {
      const [k, m] = lines;
      g.save();
      g.beginPath();
      g.rect(0, 20, S, S - 20);
      g.clip();
      g.strokeStyle = MUTED;
      g.lineWidth = 1;
      for (let j = 0; j < 2 * (k + 1); j++) {
        g.beginPath();
        for (let i = 0; i < m; i++) {
          const at = 2 * (j * m + i);
          i ? g.lineTo(X(Q[at]), Y(Q[at + 1])) : g.moveTo(X(Q[at]), Y(Q[at + 1]));
        }
        g.stroke();
      }
      g.restore();
    }
    dots(g, y, n > 100 ? 1.6 : 5, (i) => [X(P[2 * i]), Y(P[2 * i + 1])]);
  }
}

for (const root of document.querySelectorAll(".mlp-live[data-config]:not([data-ready])")) {
  root.dataset.ready = "1";
  root.live = new Live(root);
}
