"""A Triton kernel that trains a stack of 2-a-b-1 ReLU nets, one program per model.

Each program keeps its model's weights and Adam moments in registers and sweeps the points in
blocks, so no activation ever goes to memory: a model-step reads only the 1,000 shared points
(from cache) and writes one loss. ``n_steps`` steps run in one launch. The maths is fasttrain's
(binary cross-entropy as softplus(s z) with s = 1 - 2y, torch.optim.Adam's default betas and
eps); only the order of the float32 sums differs. The weights live in fasttrain._Chunk's flat
layout: Wt0 (S, a, 2), Wt1 (S, b, a), Wt2 (S, 1, b), then the biases b0 (S, a), b1 (S, b), b2 (S,).

Imported only where triton is installed; TRITON_INTERPRET=1 runs it on the CPU (tests do).
"""

from __future__ import annotations

import triton
import triton.language as tl

BLOCK = 128  # points per block: (BLOCK, 4, 4) products fit a 4-warp program's registers


@triton.jit
def _adam(p, g, m, v, lr, bc1, bc2_sqrt):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g * g
    p = p - (lr / bc1) * m / (tl.sqrt(v) / bc2_sqrt + 1e-8)
    return p, m, v


@triton.jit
def _store(buf, w1a_o, w1b_o, w2_o, w3_o, b1_o, b2_o, b3_o, ma, mb, mab, w1a, w1b, w2, w3, b1, b2, b3):
    tl.store(buf + w1a_o, w1a, ma)
    tl.store(buf + w1b_o, w1b, ma)
    tl.store(buf + w2_o, w2, mab)
    tl.store(buf + w3_o, w3, mb)
    tl.store(buf + b1_o, b1, ma)
    tl.store(buf + b2_o, b2, mb)
    tl.store(buf + b3_o, b3)


@triton.jit
def train_kernel(flat, mom1, mom2, X, sign, loss, t_done, S, n, n_steps, lr,
                 A: tl.constexpr, B: tl.constexpr, PA: tl.constexpr, PB: tl.constexpr, BLOCK: tl.constexpr):
    i = tl.program_id(0)
    ja = tl.arange(0, PA)
    kb = tl.arange(0, PB)
    ma, mb = ja < A, kb < B
    mab = ma[:, None] & mb[None, :]
    # offsets of this model's tensors in the flat buffers (see the module docstring)
    o_w1 = i * A * 2
    o_w2 = S * A * 2 + i * B * A
    o_w3 = S * (A * 2 + B * A) + i * B
    o_b1 = S * (A * 2 + B * A + B) + i * A
    o_b2 = S * (A * 3 + B * A + B) + i * B
    o_b3 = S * (A * 3 + B * A + 2 * B) + i
    w1a_o, w1b_o = o_w1 + ja * 2, o_w1 + ja * 2 + 1  # weights from x0 and from x1 to hidden unit j
    w2_o = o_w2 + kb[None, :] * A + ja[:, None]  # W2[j, k] = Wt1[k, j]
    w3_o, b1_o, b2_o = o_w3 + kb, o_b1 + ja, o_b2 + kb
    w1a, w1b = tl.load(flat + w1a_o, ma, 0.0), tl.load(flat + w1b_o, ma, 0.0)
    w2, w3 = tl.load(flat + w2_o, mab, 0.0), tl.load(flat + w3_o, mb, 0.0)
    b1, b2, b3 = tl.load(flat + b1_o, ma, 0.0), tl.load(flat + b2_o, mb, 0.0), tl.load(flat + o_b3)
    m_w1a, m_w1b = tl.load(mom1 + w1a_o, ma, 0.0), tl.load(mom1 + w1b_o, ma, 0.0)
    m_w2, m_w3 = tl.load(mom1 + w2_o, mab, 0.0), tl.load(mom1 + w3_o, mb, 0.0)
    m_b1, m_b2, m_b3 = tl.load(mom1 + b1_o, ma, 0.0), tl.load(mom1 + b2_o, mb, 0.0), tl.load(mom1 + o_b3)
    v_w1a, v_w1b = tl.load(mom2 + w1a_o, ma, 0.0), tl.load(mom2 + w1b_o, ma, 0.0)
    v_w2, v_w3 = tl.load(mom2 + w2_o, mab, 0.0), tl.load(mom2 + w3_o, mb, 0.0)
    v_b1, v_b2, v_b3 = tl.load(mom2 + b1_o, ma, 0.0), tl.load(mom2 + b2_o, mb, 0.0), tl.load(mom2 + o_b3)
    t0 = tl.load(t_done)
    for step in range(n_steps):
        g_w1a = tl.zeros((PA,), tl.float32)
        g_w1b = tl.zeros((PA,), tl.float32)
        g_b1 = tl.zeros((PA,), tl.float32)
        g_w2 = tl.zeros((PA, PB), tl.float32)
        g_b2 = tl.zeros((PB,), tl.float32)
        g_w3 = tl.zeros((PB,), tl.float32)
        g_b3 = tl.sum(tl.zeros((PB,), tl.float32), 0)  # fp32 scalars, as loop-carried values must be
        total = tl.sum(tl.zeros((PB,), tl.float32), 0)
        for start in range(0, n, BLOCK):
            p = start + tl.arange(0, BLOCK)
            inside = p < n
            x0 = tl.load(X + p * 2, inside, 0.0)
            x1 = tl.load(X + p * 2 + 1, inside, 0.0)
            s = tl.load(sign + p, inside, 0.0)  # 0 outside: no gradient from padding
            z1 = x0[:, None] * w1a[None, :] + x1[:, None] * w1b[None, :] + b1[None, :]
            h1 = tl.maximum(z1, 0.0)
            z2 = tl.sum(h1[:, :, None] * w2[None, :, :], 1) + b2[None, :]
            h2 = tl.maximum(z2, 0.0)
            u = s * (tl.sum(h2 * w3[None, :], 1) + b3)
            softplus = tl.where(u > 20.0, u, tl.log(1.0 + tl.exp(u)))  # torch's threshold
            total += tl.sum(tl.where(inside, softplus, 0.0), 0)
            g3 = tl.sigmoid(u) * s / n
            g_w3 += tl.sum(h2 * g3[:, None], 0)
            g_b3 += tl.sum(g3, 0)
            g2 = tl.where(h2 > 0, g3[:, None] * w3[None, :], 0.0)
            g_w2 += tl.sum(h1[:, :, None] * g2[:, None, :], 0)
            g_b2 += tl.sum(g2, 0)
            g1 = tl.where(h1 > 0, tl.sum(g2[:, None, :] * w2[None, :, :], 2), 0.0)
            g_w1a += tl.sum(x0[:, None] * g1, 0)
            g_w1b += tl.sum(x1[:, None] * g1, 0)
            g_b1 += tl.sum(g1, 0)
        tl.store(loss + step * S + i, total / n)
        t = t0 + step + 1.0
        bc1 = 1.0 - tl.exp(t * -0.10536051565782628)  # 1 - 0.9^t
        bc2_sqrt = tl.sqrt(1.0 - tl.exp(t * -0.0010005003335835344))  # sqrt(1 - 0.999^t)
        w1a, m_w1a, v_w1a = _adam(w1a, g_w1a, m_w1a, v_w1a, lr, bc1, bc2_sqrt)
        w1b, m_w1b, v_w1b = _adam(w1b, g_w1b, m_w1b, v_w1b, lr, bc1, bc2_sqrt)
        b1, m_b1, v_b1 = _adam(b1, g_b1, m_b1, v_b1, lr, bc1, bc2_sqrt)
        w2, m_w2, v_w2 = _adam(w2, g_w2, m_w2, v_w2, lr, bc1, bc2_sqrt)
        b2, m_b2, v_b2 = _adam(b2, g_b2, m_b2, v_b2, lr, bc1, bc2_sqrt)
        w3, m_w3, v_w3 = _adam(w3, g_w3, m_w3, v_w3, lr, bc1, bc2_sqrt)
        b3, m_b3, v_b3 = _adam(b3, g_b3, m_b3, v_b3, lr, bc1, bc2_sqrt)
    _store(flat, w1a_o, w1b_o, w2_o, w3_o, b1_o, b2_o, o_b3, ma, mb, mab, w1a, w1b, w2, w3, b1, b2, b3)
    _store(mom1, w1a_o, w1b_o, w2_o, w3_o, b1_o, b2_o, o_b3, ma, mb, mab, m_w1a, m_w1b, m_w2, m_w3, m_b1, m_b2, m_b3)
    _store(mom2, w1a_o, w1b_o, w2_o, w3_o, b1_o, b2_o, o_b3, ma, mb, mab, v_w1a, v_w1b, v_w2, v_w3, v_b1, v_b2, v_b3)

def launch(flat, mom1, mom2, X, sign, loss, t_done, sizes: tuple[int, ...], n_steps: int, lr: float) -> None:
    """Run ``n_steps`` steps of every model; loss is (n_steps, S); t_done holds the steps already
    taken (the caller adds n_steps to it afterwards, as Adam's step count)."""
    _, a, b, _ = sizes
    S, n = loss.shape[1], X.shape[0]
    train_kernel[(S,)](flat, mom1, mom2, X, sign, loss, t_done, S, n, n_steps, lr, A=a, B=b,
                       PA=triton.next_power_of_2(a), PB=triton.next_power_of_2(b), BLOCK=BLOCK, num_warps=4)
