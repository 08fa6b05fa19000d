"""Shared data sets and plain NumPy references for the tests."""

from __future__ import annotations

import numpy as np
import pytest

DTYPES = [np.float64, np.float32]
# Agreement expected between two correct float computations of the same quantity,
# relative to its scale: a few hundred ulps of accumulated rounding.
RTOL = {np.dtype(np.float64): 1e-8, np.dtype(np.float32): 2e-3}


def swiss_roll(
    n: int, seed: int = 0, noise: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = 1.5 * np.pi * (1 + 2 * rng.random(n))
    h = 21 * rng.random(n)
    X = np.column_stack([t * np.cos(t), h, t * np.sin(t)])
    return X + noise * rng.normal(size=X.shape), t


def blobs(n_per: int, centres: list, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.vstack([c + sigma * rng.normal(size=(n_per, len(c))) for c in centres])


def sign_rule(V: np.ndarray, axis: int = 0) -> np.ndarray:
    """lowdim's documented rule, on columns (axis=0) or rows (axis=1): the entry of
    largest magnitude is positive."""
    V = np.array(V, dtype=np.float64)
    W = V if axis == 0 else V.T
    idx = np.argmax(np.abs(W), axis=0)
    signs = np.sign(W[idx, np.arange(W.shape[1])])
    signs[signs == 0] = 1
    W *= signs
    return W if axis == 0 else W.T


def ref_pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigendecomposition of the covariance: components (rows), variances, scores."""
    X = np.asarray(X, dtype=np.float64)
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (len(X) - 1)
    w, V = np.linalg.eigh(C)
    order = np.argsort(w)[::-1][:k]
    comps = sign_rule(V[:, order], axis=0).T
    return comps, w[order], Xc @ comps.T


def ref_cmds(D: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Classical MDS by hand: double centring, eigh, v * sqrt(max(lambda, 0))."""
    D = np.asarray(D, dtype=np.float64)
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D**2) @ J
    w, V = np.linalg.eigh(B)
    order = np.argsort(w)[::-1][:k]
    V = sign_rule(V[:, order])
    return V * np.sqrt(np.maximum(w[order], 0)), w[order]


def ref_distances(X: np.ndarray, Y: np.ndarray | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    Y = X if Y is None else np.asarray(Y, dtype=np.float64)
    return np.sqrt(((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1))


def assert_same_up_to_sign(A: np.ndarray, B: np.ndarray, rtol: float) -> None:
    """Columns equal up to one sign per column, relative to each column's scale."""
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    assert A.shape == B.shape
    for c in range(A.shape[1]):
        scale = max(np.abs(B[:, c]).max(), 1e-300)
        s = (
            1.0
            if np.abs(A[:, c] - B[:, c]).max() <= np.abs(A[:, c] + B[:, c]).max()
            else -1.0
        )
        np.testing.assert_allclose(A[:, c] * s, B[:, c], atol=rtol * scale, rtol=0)


@pytest.fixture(params=DTYPES, ids=["float64", "float32"])
def dtype(request):
    return np.dtype(request.param)
