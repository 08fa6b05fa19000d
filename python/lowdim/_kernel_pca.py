"""Kernel principal component analysis."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from sklearn.utils.validation import check_is_fitted

from lowdim import _core
from lowdim._base import (
    EIGEN_MAX_ITER,
    EIGEN_TOL,
    SpectralEstimator,
    embedding_from_eigen,
    most_negative_of_matrix,
)
from lowdim._validation import (
    N_JOBS,
    Boolean,
    Interval,
    Options,
    check_input,
    check_n_components,
)

KERNELS = ("linear", "poly", "rbf", "sigmoid", "cosine", "precomputed")


class KernelPCA(SpectralEstimator):
    """Kernel PCA (Schoelkopf, Smola & Mueller 1998).

    Computes the kernel matrix K, centres it in feature space (K <- J K J), and
    embeds with its top eigenvectors scaled by the square roots of their
    eigenvalues. New points are projected through their centred kernel with the
    training points, so that transform(X_train) equals fit_transform(X_train).

    Parameters
    ----------
    n_components : int or None, default=None
        At most n_samples. None keeps every component with a positive eigenvalue.
    kernel : str, default="linear"
        One of "linear", "poly", "rbf", "sigmoid", "cosine", "precomputed".
        linear: x.y; poly: (gamma x.y + coef0)^degree; rbf: exp(-gamma |x-y|^2);
        sigmoid: tanh(gamma x.y + coef0); cosine: x.y / (|x||y|), 0 for a zero row.
        "precomputed": X is the n x n kernel matrix (and transform takes the m x n
        kernel between new and training points).
    gamma : float or None, default=None
        None means 1 / n_features.
    degree : float, default=3
    coef0 : float, default=1
    eigen_solver : {"auto", "dense", "arpack"}, default="auto"
    remove_zero_eig : bool, default=False
        Drop components whose eigenvalue is <= 0 (zero up to rounding, or negative)
        instead of returning them as columns of 0. Forced when n_components is None.
    n_jobs : int or None, default=None

    Attributes
    ----------
    eigenvalues_ : ndarray of shape (n_components_,)
        Eigenvalues of the centred kernel, descending (algebraically largest).
    eigenvectors_ : ndarray of shape (n_samples, n_components_)
        Unit eigenvectors; sign rule: the entry of largest magnitude is positive.
    gamma_ : float or None
        The gamma actually used.
    embedding_ : ndarray of shape (n_samples, n_components_)
    n_components_ : int
    n_features_in_ : int

    Notes
    -----
    Indefinite kernels (sigmoid, or a user's precomputed matrix) have negative
    eigenvalues. lowdim never takes their square root: the matching columns are 0
    in fit_transform and in transform, and one NegativeEigenvalueWarning reports
    the most negative eigenvalue as a share of the largest (a sign that gamma and
    coef0 make the kernel far from positive semi-definite).
    """

    _parameter_constraints = {
        "n_components": [None, Interval(numbers.Integral, 1, None)],
        "kernel": [Options(*KERNELS)],
        "gamma": [None, Interval(numbers.Real, 0, None, closed="neither")],
        "degree": [Interval(numbers.Real, 0, None, closed="left")],
        "coef0": [Interval(numbers.Real, None, None)],
        "eigen_solver": [Options("auto", "dense", "arpack")],
        "remove_zero_eig": [Boolean()],
        "n_jobs": N_JOBS,
    }

    def __init__(
        self,
        n_components: int | None = None,
        *,
        kernel: str = "linear",
        gamma: float | None = None,
        degree: float = 3,
        coef0: float = 1,
        eigen_solver: str = "auto",
        remove_zero_eig: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        self.n_components = n_components
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.eigen_solver = eigen_solver
        self.remove_zero_eig = remove_zero_eig
        self.n_jobs = n_jobs

    def _kernel(self, X: np.ndarray, Y: np.ndarray | None, threads: int) -> np.ndarray:
        return _core.kernel(
            X,
            Y,
            self.kernel,
            float(self.gamma_),
            float(self.degree),
            float(self.coef0),
            threads,
        )

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fits the model and returns the embedding of X."""
        self._check_params()
        X = check_input(self, X, reset=True)
        n = X.shape[0]
        if self.kernel == "precomputed" and X.shape[1] != n:
            raise ValueError(
                f"KernelPCA: with kernel='precomputed', X must be the square kernel "
                f"matrix; got shape {X.shape}."
            )
        k = n if self.n_components is None else self.n_components
        check_n_components(k, n, "n_samples", self)
        self._check_square_memory(n, X.dtype, k)
        threads = self._threads()

        self.gamma_ = 1.0 / X.shape[1] if self.gamma is None else float(self.gamma)
        if self.kernel == "precomputed":
            self.gamma_ = None
            K = np.array(X, copy=True, order="C")
            if not np.allclose(K, K.T, rtol=1e-5, atol=1e-8 * np.abs(K).max()):
                raise ValueError(
                    "KernelPCA: a precomputed kernel matrix must be symmetric."
                )
            K = (K + K.T) / 2
        else:
            K = self._kernel(X, None, threads)
        self._row_means, self._grand_mean, sq_norm = _core.double_center(K, threads)
        # A non-finite entry shows in its row's mean (read in the same pass).
        if not np.isfinite(self._row_means).all() or not np.isfinite(sq_norm):
            raise ValueError(
                f"KernelPCA: the {self.kernel} kernel has non-finite values with "
                f"gamma={self.gamma_}, degree={self.degree}, coef0={self.coef0} "
                "(overflow, or a negative base to a fractional degree); use a smaller "
                "gamma or degree, an integer degree, or rescale X."
            )
        # Rounding in the centred kernel is relative to the kernel before centring.
        scale = float(np.sqrt(sq_norm))
        r = _core.eigen(
            K, k, self.eigen_solver, EIGEN_TOL[K.dtype], EIGEN_MAX_ITER, False, threads
        )
        values, vectors = r["values"], r["vectors"]
        embedding, keep = embedding_from_eigen(
            values,
            vectors,
            estimator=self,
            smallest=lambda: most_negative_of_matrix(K, threads),
            what=f"centred {self.kernel} kernel matrix",
            scale=scale,
        )
        if self.remove_zero_eig or self.n_components is None:
            values, vectors, embedding = (
                values[keep],
                vectors[:, keep],
                embedding[:, keep],
            )
            keep = keep[keep]
        self.eigenvalues_ = values
        self.eigenvectors_ = np.ascontiguousarray(vectors)
        self.embedding_ = np.ascontiguousarray(embedding)
        self.n_components_ = len(values)
        self._keep = keep
        self.X_fit_ = X
        return self.embedding_

    def transform(self, X: Any) -> np.ndarray:
        """Projects new points: centred kernel with the training points, times the
        eigenvectors divided by the square roots of their eigenvalues (0 for the
        columns whose eigenvalue is <= 0)."""
        check_is_fitted(self)
        threads = self._threads()
        Xn = check_input(self, X, reset=False, min_samples=1)
        dt = self.X_fit_.dtype
        Xn = np.ascontiguousarray(Xn, dtype=dt)
        if self.kernel == "precomputed":
            K = np.array(Xn, copy=True, order="C")
        else:
            K = self._kernel(Xn, self.X_fit_, threads)
        _core.center_new_kernel(K, self._row_means, self._grand_mean, threads)
        values = self.eigenvalues_
        inv = np.where(
            self._keep, 1.0 / np.sqrt(np.where(self._keep, values, 1.0)), 0.0
        )
        V = np.ascontiguousarray(self.eigenvectors_ * inv.astype(dt))
        return _core.matmul(K, V, threads)

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        return tags
