"""Diffusion maps."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
from sklearn.utils.validation import check_is_fitted

from lowdim import _core
from lowdim._base import (
    EIGEN_MAX_ITER,
    EIGEN_TOL,
    SpectralEstimator,
    zero_tolerance,
)
from lowdim._validation import (
    N_JOBS,
    Interval,
    Options,
    check_input,
    check_n_components,
    check_n_neighbors,
)

# epsilon="auto" looks at the pairwise distances of at most this many points.
AUTO_EPSILON_SAMPLE = 1000


class DiffusionMap(SpectralEstimator):
    """Diffusion maps (Coifman & Lafon 2006).

    The Gaussian kernel k(x, y) = exp(-|x - y|^2 / epsilon) is normalised by its row
    sums q to the power alpha, K_a = Q^-a K Q^-a, and then by the row sums of K_a
    into a Markov matrix P. The coordinates are P's non-trivial right
    eigenvectors psi_c, scaled by eigenvalue^t. alpha=0 gives the classical
    normalised graph Laplacian, alpha=1 removes the effect of sampling density
    (Laplace-Beltrami), alpha=0.5 the Fokker-Planck diffusion.

    Parameters
    ----------
    n_components : int, default=2
        At most n_samples - 1.
    epsilon : float or "auto", default="auto"
        Kernel bandwidth (> 0). "auto": the median squared distance between pairs
        of points (over an evenly spaced subset of at most 1000 points), or, when
        n_neighbors is set, the median over points of the squared distance to the
        n_neighbors-th nearest neighbour.
    alpha : float in [0, 1], default=1.0
    t : float >= 0, default=1
        Diffusion time: coordinates are eigenvalue^t * psi.
    n_neighbors : int or None, default=None
        When set, the kernel is kept only on the symmetrised kNN graph (plus each
        point itself) and stored sparse, so memory is O(n k) instead of O(n^2).
    eigen_solver : {"auto", "dense", "arpack"}, default="auto"
    n_jobs : int or None, default=None

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    eigenvalues_ : ndarray of shape (n_components,)
        The non-trivial eigenvalues of P (the trivial 1 excluded), descending.
    epsilon_ : float
    n_features_in_ : int

    Notes
    -----
    psi_c is normalised to unit norm under P's stationary distribution, and
    psi_0 = 1. Sign rule: each eigenvector of the symmetric conjugate
    D^-1/2 K_a D^-1/2 has its largest-magnitude entry positive.
    transform uses the Nystrom extension psi(x) = sum_j P(x, j) psi(j) / lambda,
    which gives back embedding_ exactly for the training points with the dense
    kernel; with n_neighbors it is an approximation (a new point sees only its own
    n_neighbors nearest training points).
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None)],
        "epsilon": [Options("auto"), Interval(numbers.Real, 0, None, closed="neither")],
        "alpha": [Interval(numbers.Real, 0, 1)],
        "t": [Interval(numbers.Real, 0, None)],
        "n_neighbors": [None, Interval(numbers.Integral, 1, None)],
        "eigen_solver": [Options("auto", "dense", "arpack")],
        "n_jobs": N_JOBS,
    }

    def __init__(
        self,
        n_components: int = 2,
        *,
        epsilon: float | str = "auto",
        alpha: float = 1.0,
        t: float = 1,
        n_neighbors: int | None = None,
        eigen_solver: str = "auto",
        n_jobs: int | None = None,
    ) -> None:
        self.n_components = n_components
        self.epsilon = epsilon
        self.alpha = alpha
        self.t = t
        self.n_neighbors = n_neighbors
        self.eigen_solver = eigen_solver
        self.n_jobs = n_jobs

    def _auto_epsilon(self, X: np.ndarray, threads: int) -> float:
        if self.n_neighbors is not None:
            _, dist = _core.knn(X, None, self.n_neighbors, threads)
            sq = dist[:, -1].astype(np.float64) ** 2
            zero = int((sq == 0).sum())
            if 2 * zero >= len(sq):
                raise ValueError(
                    f"DiffusionMap: epsilon='auto' gives a zero bandwidth: {zero} of "
                    f"{len(sq)} points have {self.n_neighbors} or more exact copies, "
                    f"so their {self.n_neighbors}th neighbour is at distance 0; use a "
                    "larger n_neighbors, remove duplicate rows, or pass epsilon > 0."
                )
        else:
            n = X.shape[0]
            step = max(1, n // AUTO_EPSILON_SAMPLE)
            sub = np.ascontiguousarray(X[::step][:AUTO_EPSILON_SAMPLE])
            S = _core.euclidean(sub, None, True, threads)
            sq = S[np.triu_indices(S.shape[0], 1)].astype(np.float64)
        eps = float(np.median(sq))
        if not eps > 0:
            raise ValueError(
                "DiffusionMap: epsilon='auto' found a median squared distance of 0 "
                "(the data are mostly copies of a few points); pass epsilon > 0 "
                "explicitly."
            )
        return eps

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Computes and returns the embedding of X."""
        self._check_params()
        X = check_input(self, X, reset=True)
        n = X.shape[0]
        check_n_components(self.n_components, n - 1, "n_samples - 1", self)
        if self.n_neighbors is not None:
            check_n_neighbors(self.n_neighbors, n, self)
        else:
            self._check_square_memory(n, X.dtype, self.n_components + 1)
        threads = self._threads()
        eps = self._auto_epsilon(X, threads) if self.epsilon == "auto" else self.epsilon
        self.epsilon_ = float(eps)
        try:
            r = _core.diffusion_fit(
                X,
                self.epsilon_,
                float(self.alpha),
                float(self.t),
                self.n_components,
                self.n_neighbors or 0,
                self.eigen_solver,
                EIGEN_TOL[X.dtype],
                EIGEN_MAX_ITER,
                threads,
            )
        except ValueError as e:
            raise ValueError(
                f"DiffusionMap: {e} (epsilon={self.epsilon_:.4g})."
            ) from None
        # A second eigenvalue of 1 means the Markov chain never leaves some group
        # of points: the kernel graph is disconnected (or epsilon so small that it
        # is numerically), and the coordinates would only label the groups.
        lam1 = float(r["eigenvalues"][0])
        if lam1 >= 1.0 - 10 * EIGEN_TOL[X.dtype]:
            raise ValueError(
                f"DiffusionMap: the kernel graph is disconnected (second eigenvalue "
                f"{lam1:.12g} is 1 up to rounding), so the diffusion coordinates only "
                f"label its parts; increase epsilon (now {self.epsilon_:.4g})"
                + (" or n_neighbors" if self.n_neighbors else "")
                + ", or embed each part separately."
            )
        # The other end: with epsilon far above every distance the kernel is constant,
        # P = 1 1^T / n, and every non-trivial eigenvalue is rounding (the rule of
        # the other spectral methods, scaled by the trivial eigenvalue 1).
        rounding = zero_tolerance(r["eigenvalues"], X.shape[0], X.dtype, scale=1.0)
        if np.abs(r["eigenvalues"]).max() <= rounding:
            warnings.warn(
                f"DiffusionMap: epsilon={self.epsilon_:.4g} makes the kernel constant "
                "up to rounding (every eigenvalue but the trivial 1 is at rounding "
                f"level, largest {np.abs(r['eigenvalues']).max():.3g}); the "
                "coordinates are noise. Decrease epsilon, or use epsilon='auto'.",
                UserWarning,
                stacklevel=2,
            )
        self.embedding_ = r["embedding"]
        self.eigenvalues_ = r["eigenvalues"]
        self._q = r["q"]
        lam_t = np.power(np.maximum(self.eigenvalues_.astype(np.float64), 0.0), self.t)
        scale = np.where(lam_t > 0, 1.0 / np.where(lam_t > 0, lam_t, 1.0), 0.0)
        self._psi = np.ascontiguousarray(self.embedding_ * scale.astype(X.dtype))
        self._fit_X = X
        return self.embedding_

    def transform(self, X: Any) -> np.ndarray:
        """Embeds new points by the Nystrom extension (see Notes)."""
        check_is_fitted(self)
        threads = self._threads()
        dt = self._fit_X.dtype
        Xn = np.ascontiguousarray(
            check_input(self, X, reset=False, min_samples=1), dtype=dt
        )
        if self.n_neighbors is None:
            K = _core.kernel(
                Xn, self._fit_X, "rbf", 1.0 / self.epsilon_, 0.0, 0.0, threads
            )
        else:
            idx, dist = _core.knn(Xn, self._fit_X, self.n_neighbors, threads)
            K = np.zeros((Xn.shape[0], self._fit_X.shape[0]), dtype=dt)
            np.put_along_axis(K, idx, np.exp(-(dist**2) / self.epsilon_).astype(dt), 1)
        return _core.diffusion_extend(
            K,
            self._q,
            float(self.alpha),
            self._psi,
            self.eigenvalues_,
            float(self.t),
            threads,
        )
