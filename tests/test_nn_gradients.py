"""Gradients of the network core against central finite differences, in float64.

The plain NumPy network (`NumpyNet`) defined here is the reference that the
autoencoder and VAE tests also compare whole training steps against.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from lowdim import _core

ACTIVATIONS = ("identity", "tanh", "relu", "sigmoid")
LOG_VAR_BOUND = 20.0


# ---------------------------------------------------------------------------
# Plain NumPy reference
# ---------------------------------------------------------------------------


def activate(name, z):
    if name == "identity":
        return z
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    return 1 / (1 + np.exp(-z))


def activation_derivative(name, a):
    """f'(z) written in terms of a = f(z)."""
    if name == "identity":
        return np.ones_like(a)
    if name == "tanh":
        return 1 - a**2
    if name == "relu":
        return (a > 0).astype(a.dtype)
    return a * (1 - a)


class NumpyNet:
    """Forward and backward passes written out with NumPy, from the layer table."""

    def __init__(self, layers, spec):
        self.layers = layers
        self.spec = spec
        self.k = spec["n_components"]
        # The encoder ends at the layer that outputs k (or 2k) values.
        n_enc = len(spec["hidden"]) + 1
        self.enc, self.dec = range(0, n_enc), range(n_enc, len(layers))

    def unpack(self, p):
        Ws, bs = [], []
        for n_in, n_out, _, w, b in self.layers:
            Ws.append(p[w : w + n_in * n_out].reshape(n_in, n_out))
            bs.append(p[b : b + n_out])
        return Ws, bs

    def _forward(self, Ws, bs, idx, x):
        acts = [x]
        for i in idx:
            acts.append(activate(self.layers[i][2], acts[-1] @ Ws[i] + bs[i]))
        return acts

    def _backward(self, Ws, idx, acts, delta, grads):
        idx = list(idx)
        for j in range(len(idx) - 1, -1, -1):
            i = idx[j]
            grads[i] = (acts[j].T @ delta, delta.sum(axis=0))
            delta = delta @ Ws[i].T
            if j > 0:
                below = self.layers[idx[j - 1]][2]
                delta = delta * activation_derivative(below, acts[j])
        return delta

    def loss_and_grad(self, p, X, eps=None):
        """Returns (total, reconstruction, kl) and the flat gradient."""
        Ws, bs = self.unpack(p)
        n, d = X.shape
        vae = self.spec["variational"]
        ce = self.spec["reconstruction"] == "cross_entropy"
        scale = 1 / n if vae else 1 / (n * d)
        if vae:
            enc = self._forward(Ws, bs, self.enc, X)
            H = enc[-1]
            mu, raw = H[:, : self.k], H[:, self.k :]
            lv = np.clip(raw, -LOG_VAR_BOUND, LOG_VAR_BOUND)
            z = mu + np.exp(lv / 2) * eps
            dec = self._forward(Ws, bs, self.dec, z)
        else:
            dec = self._forward(Ws, bs, range(len(self.layers)), X)
        out = dec[-1]
        if ce:
            rec = scale * np.sum(np.logaddexp(0, out) - out * X)
            delta = scale * (1 / (1 + np.exp(-out)) - X)
        else:
            r = out - X
            last = self.layers[-1][2]
            if vae:
                rec = scale * 0.5 * np.sum(r**2) + 0.5 * d * np.log(2 * np.pi)
                delta = scale * r * activation_derivative(last, out)
            else:
                rec = scale * np.sum(r**2)
                delta = 2 * scale * r * activation_derivative(last, out)
        grads = [None] * len(self.layers)
        kl = 0.0
        if vae:
            beta = self.spec["beta"]
            kl = 0.5 * np.sum(mu**2 + np.exp(lv) - 1 - lv) / n
            dz = self._backward(Ws, self.dec, dec, delta, grads)
            dmu = dz + beta * mu / n
            dlv = dz * eps * np.exp(lv / 2) / 2 + beta * (np.exp(lv) - 1) / (2 * n)
            dlv = np.where(np.abs(raw) > LOG_VAR_BOUND, 0.0, dlv)
            self._backward(Ws, self.enc, enc, np.hstack([dmu, dlv]), grads)
            total = rec + beta * kl
        else:
            self._backward(Ws, range(len(self.layers)), dec, delta, grads)
            total = rec
        g = np.zeros_like(p)
        for (n_in, n_out, _, w, b), (gW, gb) in zip(self.layers, grads):
            g[w : w + n_in * n_out] = gW.ravel()
            g[b : b + n_out] = gb
        return (total, rec, kl), g


def adam_reference(p, g, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    mhat = m / (1 - b1**t)
    vhat = v / (1 - b2**t)
    return p - lr * mhat / (np.sqrt(vhat) + eps), m, v


def make_spec(
    variational=False,
    reconstruction="squared_error",
    activation="tanh",
    output_activation="identity",
    hidden=(4, 3),
    d=5,
    k=2,
    beta=0.7,
):
    return {
        "variational": variational,
        "n_features": d,
        "n_components": k,
        "hidden": list(hidden),
        "activation": activation,
        "output_activation": output_activation,
        "reconstruction": reconstruction,
        "beta": beta,
    }


def train_config(**kw):
    cfg = {
        "optimizer": "adam",
        "learning_rate": 1e-2,
        "momentum": 0.9,
        "batch_size": 8,
        "max_epochs": 1,
        "n_iter_no_change": 10,
        "tol": 1e-4,
        "clip_grad_norm": 0.0,
        "eval_seed": 0,
    }
    cfg.update(kw)
    return cfg


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def finite_difference(model, p0, X, eps, h=1e-6):
    """Central differences of the total loss; error O(h^2) + O(1e-16 |L| / h)."""
    num = np.empty_like(p0)
    for i in range(p0.size):
        p = p0.copy()
        p[i] += h
        model.set_params(p)
        up = model.loss_and_grad(X, eps)[0]["loss"]
        p[i] -= 2 * h
        model.set_params(p)
        down = model.loss_and_grad(X, eps)[0]["loss"]
        num[i] = (up - down) / (2 * h)
    model.set_params(p0)
    return num


CASES = (
    # Every activation in the hidden layers and at the output, both losses, AE/VAE.
    [
        (False, "squared_error", a, o)
        for a, o in itertools.product(ACTIVATIONS, ACTIVATIONS)
    ]
    + [(False, "cross_entropy", a, "identity") for a in ACTIVATIONS]
    + [
        (True, r, a, "identity")
        for r in ("squared_error", "cross_entropy")
        for a in ACTIVATIONS
    ]
)


@pytest.mark.parametrize(
    "variational,reconstruction,activation,output_activation",
    CASES,
    ids=["-".join(["vae" if c[0] else "ae", *c[1:]]) for c in CASES],
)
def test_gradient_matches_finite_differences(
    variational, reconstruction, activation, output_activation
):
    rng = np.random.default_rng(
        abs(hash((variational, reconstruction, activation, output_activation))) % 2**32
    )
    spec = make_spec(variational, reconstruction, activation, output_activation)
    model = _core.NnModel64(spec, 11, 1)
    X = rng.uniform(0.05, 0.95, size=(6, spec["n_features"]))
    eps = rng.standard_normal((6, spec["n_components"])) if variational else None
    # Random biases as well as weights: with the initial zero biases, a ReLU fed by an
    # all-zero row sits exactly on its kink, where differences see the mean of the
    # one-sided slopes.
    p0 = model.get_params() + 0.1 * rng.standard_normal(model.n_params)
    model.set_params(p0)
    losses, grad = model.loss_and_grad(X, eps)
    num = finite_difference(model, p0, X, eps)
    # With h = 1e-6 the difference quotient is good to ~1e-9 relative to the loss.
    scale = max(1.0, abs(losses["loss"]))
    np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-8 * scale)
    # And the analytic gradient agrees with the NumPy reference to round-off.
    ref_losses, ref_grad = NumpyNet(model.layers(), spec).loss_and_grad(p0, X, eps)
    np.testing.assert_allclose(
        [losses["loss"], losses["reconstruction"], losses["kl"]],
        ref_losses,
        rtol=1e-12,
        atol=1e-14,
    )
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-14)


def test_cross_entropy_from_logits_is_finite_at_extreme_logits():
    # Huge output biases push the logits to +-1e4: sigmoid is exactly 0 or 1 in
    # floating point, so a loss computed from probabilities would take log 0.
    spec = make_spec(reconstruction="cross_entropy", hidden=(3,), d=4, k=2)
    model = _core.NnModel64(spec, 3, 1)
    p = model.get_params()
    last = model.layers()[-1]
    p[last[4] : last[4] + 4] = [1e4, -1e4, 1e4, -1e4]
    model.set_params(p)
    X = np.array([[0.0, 1.0, 1.0, 0.0]])
    losses, grad = model.loss_and_grad(X)
    # Two entries are confidently wrong by a logit of ~1e4: loss ~ 2e4 / 4 entries.
    assert np.isfinite(losses["loss"]) and np.all(np.isfinite(grad))
    assert losses["loss"] == pytest.approx(2e4 / 4, rel=1e-2)


def test_gradient_float32_matches_float64_to_single_precision():
    rng = np.random.default_rng(5)
    spec = make_spec(
        activation="tanh", output_activation="sigmoid", hidden=(16, 8), d=12, k=3
    )
    m64 = _core.NnModel64(spec, 2, 1)
    m32 = _core.NnModel32(spec, 2, 1)
    m32.set_params(m64.get_params().astype(np.float32))
    X = rng.uniform(size=(20, 12))
    l64, g64 = m64.loss_and_grad(X)
    l32, g32 = m32.loss_and_grad(X.astype(np.float32))
    assert g32.dtype == np.float32
    # A few float32 roundings (2^-24 each) per accumulated product.
    assert l32["loss"] == pytest.approx(l64["loss"], rel=1e-5)
    np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-5 * np.abs(g64).max())
