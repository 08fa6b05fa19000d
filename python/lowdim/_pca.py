"""Principal component analysis."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted

from lowdim import _core
from lowdim._base import SpectralEstimator
from lowdim._validation import (
    N_JOBS,
    Boolean,
    Interval,
    Options,
    RandomState,
    check_input,
    seed_from,
)
from lowdim._warnings import DegenerateComponentWarning


class PCA(SpectralEstimator):
    """Principal component analysis: the top eigenvectors of the covariance matrix.

    The data are centred (never scaled) and projected on the directions of largest
    variance. PCA by diagonalising the covariance, classical MDS on Euclidean
    distances and a trained linear autoencoder all find this same subspace.

    Parameters
    ----------
    n_components : int, float or None, default=None
        Number of components to keep. An int must be at most
        min(n_samples, n_features). A float in (0, 1) keeps the fewest components
        whose explained variance reaches that share of the total. None keeps
        min(n_samples, n_features).
    whiten : bool, default=False
        Divide the projections by the square root of their variance so that every
        output column has unit variance. Components whose variance is zero up to
        rounding are reported with a warning and come out as 0.
    svd_solver : {"auto", "full", "covariance_eigh", "randomized"}, default="auto"
        "full": thin SVD of the centred data. "covariance_eigh": eigendecomposition
        of the d x d covariance (fast when n_samples >> n_features). "randomized":
        randomised range finder with 7 power iterations (Halko et al. 2011), for a
        few components of large data. "auto": covariance_eigh when
        n_samples >= 5 n_features and n_features <= 1000; else randomized when fewer
        than 80% of min(n_samples, n_features) components are asked of data with
        more than 500 rows and columns; else full.
    random_state : int, RandomState or None, default=None
        Seeds the randomized solver.
    n_jobs : int or None, default=None
        Threads, as in scikit-learn: None uses OMP_NUM_THREADS or every available
        CPU, -1 every CPU.

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
        Principal axes, orthonormal rows, by decreasing variance. Sign rule: the
        entry of largest magnitude of each row is positive.
    explained_variance_ : ndarray of shape (n_components_,)
        Variance along each component (unbiased, divided by n_samples - 1).
    explained_variance_ratio_ : ndarray of shape (n_components_,)
        Share of the total variance along each component.
    singular_values_ : ndarray of shape (n_components_,)
        Singular values of the centred data.
    mean_ : ndarray of shape (n_features,)
    n_components_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from lowdim import PCA
    >>> X = np.random.default_rng(0).normal(size=(100, 5)) * [5, 4, 3, 2, 1]
    >>> PCA(n_components=2).fit_transform(X).shape
    (100, 2)
    """

    _parameter_constraints = {
        "n_components": [
            None,
            Interval(numbers.Integral, 1, None),
            Interval(numbers.Real, 0, 1, closed="neither"),
        ],
        "whiten": [Boolean()],
        "svd_solver": [Options("auto", "full", "covariance_eigh", "randomized")],
        "random_state": [RandomState()],
        "n_jobs": N_JOBS,
    }

    def __init__(
        self,
        n_components: int | float | None = None,
        *,
        whiten: bool = False,
        svd_solver: str = "auto",
        random_state: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.n_components = n_components
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _choose_solver(self, n: int, d: int, k: int | None) -> str:
        if self.svd_solver != "auto":
            return self.svd_solver
        if n >= 5 * d and d <= 1000:
            return "covariance_eigh"
        if k is not None and k < 0.8 * min(n, d) and min(n, d) > 500:
            return "randomized"
        return "full"

    def fit(self, X: Any, y: Any = None) -> PCA:
        """Fits the model to X of shape (n_samples, n_features). Returns self."""
        self._check_params()
        if sp.issparse(X):
            # Centring a sparse matrix makes it dense; an uncentred decomposition
            # would be a different method, so it is not returned under this name.
            raise TypeError(
                "PCA does not accept sparse input: centring would make it dense. Use "
                "X.toarray() if it fits in memory, or an explicitly uncentred "
                "truncated SVD (sklearn.decomposition.TruncatedSVD), which is not PCA."
            )
        X = check_input(self, X, reset=True)
        n, d = X.shape
        r = min(n, d)
        k_int = (
            self.n_components
            if isinstance(self.n_components, numbers.Integral)
            else None
        )
        if k_int is not None and k_int > r:
            raise ValueError(
                f"PCA: n_components={k_int} is larger than "
                f"min(n_samples, n_features) = "
                f"min({n}, {d}) = {r}; ask for at most {r}."
            )
        solver = self._choose_solver(n, d, k_int)
        if solver == "randomized" and k_int is None:
            raise ValueError(
                "PCA: svd_solver='randomized' needs an int n_components; use 'full' or "
                "'covariance_eigh' to keep a share of the variance."
            )
        res = _core.pca_fit(
            X, solver, k_int or r, seed_from(self.random_state), 10, 7, self._threads()
        )

        ev = res["explained_variance"]
        total = float(res["total_variance"])
        ratio = ev / total if total > 0 else np.zeros_like(ev)
        if k_int is not None:
            k = int(k_int)
        elif self.n_components is None:
            k = r
        else:
            # Fewest components whose cumulative share reaches the target.
            k = (
                int(np.searchsorted(np.cumsum(ratio), self.n_components, side="left"))
                + 1
            )
            k = min(k, r)

        self.mean_ = res["mean"]
        self.components_ = res["components"][:k]
        self.explained_variance_ = ev[:k]
        self.explained_variance_ratio_ = ratio[:k].astype(X.dtype)
        self.singular_values_ = res["singular_values"][:k]
        self.n_components_ = k
        self.n_samples_ = n
        self._svd_solver = solver

        # Zero variance up to rounding: nothing to whiten, and dividing would blow up
        # rounding noise into unit-variance garbage.
        top = float(ev.max()) if ev.size else 0.0
        self._degenerate = (
            self.explained_variance_ <= top * max(n, d) * np.finfo(X.dtype).eps
        )
        if self.whiten and self._degenerate.any():
            warnings.warn(
                f"PCA: {int(self._degenerate.sum())} of the {k} components have zero "
                "variance (up to rounding); their whitened output is 0.",
                DegenerateComponentWarning,
                stacklevel=2,
            )
        return self

    def _scale(self, dtype: Any) -> np.ndarray:
        std = np.sqrt(self.explained_variance_.astype(np.float64))
        return np.where(
            self._degenerate, 0.0, 1.0 / np.where(self._degenerate, 1.0, std)
        )

    def transform(self, X: Any) -> np.ndarray:
        """Projects X on the components: (X - mean_) @ components_.T, whitened if
        asked."""
        check_is_fitted(self)
        X = check_input(self, X, reset=False, min_samples=1)
        dt = X.dtype
        Xc = np.ascontiguousarray(X - self.mean_.astype(dt))
        Z = _core.matmul(
            Xc, np.ascontiguousarray(self.components_.T.astype(dt)), self._threads()
        )
        if self.whiten:
            Z *= self._scale(dt).astype(dt)
        return Z

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fits the model and returns the projections of X."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Maps projections back to the input space (exact when nothing was dropped)."""
        check_is_fitted(self)
        Z = np.asarray(X)
        if Z.ndim != 2 or Z.shape[1] != self.n_components_:
            raise ValueError(
                f"PCA.inverse_transform: X must have shape (n, {self.n_components_}); "
                f"got {Z.shape}."
            )
        dt = Z.dtype if Z.dtype in (np.float32, np.float64) else np.float64
        Z = np.ascontiguousarray(Z, dtype=dt)
        if self.whiten:
            std = np.sqrt(self.explained_variance_.astype(np.float64))
            Z = np.ascontiguousarray(
                Z * np.where(self._degenerate, 0.0, std).astype(dt)
            )
        out = _core.matmul(
            Z, np.ascontiguousarray(self.components_.astype(dt)), self._threads()
        )
        out += self.mean_.astype(dt)
        return out
