"""Classical (Torgerson) multidimensional scaling."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from lowdim import _core
from lowdim._base import (
    EIGEN_MAX_ITER,
    EIGEN_TOL,
    SpectralEstimator,
    embedding_from_eigen,
    most_negative_of_cmds,
)
from lowdim._validation import (
    N_JOBS,
    Interval,
    Options,
    check_input,
    check_n_components,
    check_precomputed,
)


class ClassicalMDS(SpectralEstimator):
    """Classical multidimensional scaling.

    Double-centres the squared dissimilarities, B = -1/2 J D^2 J with
    J = I - 11^T / n, and embeds with the top eigenvectors of B scaled by the square
    roots of their eigenvalues. On Euclidean distances B is the Gram matrix of the
    centred data, so the embedding equals the PCA scores (up to sign).

    Parameters
    ----------
    n_components : int, default=2
        Dimensions of the embedding, at most n_samples - 1.
    metric : {"euclidean", "precomputed"}, default="euclidean"
        "precomputed" takes X as a square dissimilarity matrix: non-negative, zero
        diagonal, symmetric up to round-off (which is averaged away; real asymmetry
        is an error).
    eigen_solver : {"auto", "dense", "arpack"}, default="auto"
        "dense": full eigendecomposition, O(n^3). "arpack": implicitly restarted
        Lanczos on products with B, computed from D without forming B. "auto":
        dense for n <= 400, otherwise block Lanczos on the same products, each
        applied to a block of 4-16 vectors at one pass over D (plain Lanczos when
        n_components >= 16). Iterative results are checked with a fresh product;
        a solver that fails hands over to the next (Lanczos, block, dense).
        Single-vector Lanczos can return fewer copies of a repeated eigenvalue
        than it has (it finds each eigenvalue about once); the block solver finds
        up to its block width of copies.
    n_jobs : int or None, default=None
        Threads: None uses OMP_NUM_THREADS or every available CPU; -1 every CPU.

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
        Coordinates. Columns whose eigenvalue is <= 0 (non-Euclidean input) are
        exactly 0, and a NegativeEigenvalueWarning reports the most negative
        eigenvalue relative to the largest.
    eigenvalues_ : ndarray of shape (n_components,)
        The algebraically largest eigenvalues of B, descending.
    n_features_in_ : int

    Notes
    -----
    Sign rule, shared by every eigenvector in lowdim: in each column of the
    eigenvector matrix the entry of largest magnitude is positive.
    Memory: one n x n matrix of X's dtype (plus one more on the dense path).
    """

    _parameter_constraints = {
        "n_components": [Interval(numbers.Integral, 1, None)],
        "metric": [Options("euclidean", "precomputed")],
        "eigen_solver": [Options("auto", "dense", "arpack")],
        "n_jobs": N_JOBS,
    }

    def __init__(
        self,
        n_components: int = 2,
        *,
        metric: str = "euclidean",
        eigen_solver: str = "auto",
        n_jobs: int | None = None,
    ) -> None:
        self.n_components = n_components
        self.metric = metric
        self.eigen_solver = eigen_solver
        self.n_jobs = n_jobs

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Computes and returns the embedding of X."""
        self._check_params()
        X = check_input(self, X, reset=True)
        n = X.shape[0]
        check_n_components(self.n_components, n - 1, "n_samples - 1", self)
        self._check_square_memory(n, X.dtype, self.n_components)
        threads = self._threads()
        if self.metric == "precomputed":
            D, squared = check_precomputed(X), False
        else:
            D, squared = _core.euclidean(X, None, True, threads), True
        r = _core.cmds_eigen(
            D,
            squared,
            self.n_components,
            self.eigen_solver,
            EIGEN_TOL[D.dtype],
            EIGEN_MAX_ITER,
            False,
            threads,
        )
        self.eigenvalues_ = r["values"]
        self.embedding_, _ = embedding_from_eigen(
            r["values"],
            r["vectors"],
            estimator=self,
            smallest=lambda: most_negative_of_cmds(D, squared, threads),
            what="double-centred squared dissimilarity matrix",
        )
        return self.embedding_

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.metric == "precomputed"
        return tags
