"""Pieces shared by the spectral estimators."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
)

from lowdim import _core
from lowdim._validation import (
    check_memory,
    check_params,
    resolve_n_jobs,
    square_matrix_bytes,
)
from lowdim._warnings import NegativeEigenvalueWarning

# The iterative eigensolvers stop when every residual is below this share of its
# eigenvalue (or at the products' rounding level); float32 cannot resolve more than
# about 1e-6.
EIGEN_TOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}
EIGEN_MAX_ITER = 1000


class SpectralEstimator(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Base of lowdim's estimators: parameter checks, threads and dtype tags.

    Output columns are named ``<class name>0``, ``<class name>1``, ... (lower case),
    which is what ``get_feature_names_out`` and ``set_output`` use.
    """

    _parameter_constraints: dict[str, list[Any]] = {}

    @property
    def _n_features_out(self) -> int:
        if hasattr(self, "n_components_"):
            return int(self.n_components_)
        return int(self.embedding_.shape[1])

    def _check_params(self) -> None:
        check_params(self)

    def _threads(self) -> int:
        return resolve_n_jobs(getattr(self, "n_jobs", None))

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X: Any, y: Any = None) -> Any:
        """Computes the embedding of X. Returns self."""
        self.fit_transform(X)
        return self

    def _check_square_memory(self, n: int, dtype: Any, k: int) -> None:
        """Refuses, before any allocation, an n x n problem that does not fit.

        One n x n matrix of `dtype`, and two more when the dense eigensolver will
        run (its copy and its eigenvectors); the rule for choosing the dense path
        is the core's.
        """
        solver = getattr(self, "eigen_solver", "auto")
        dense = solver == "dense" or (solver == "auto" and (n <= 400 or 3 * k >= n))
        check_memory(
            square_matrix_bytes(n, dtype, 3 if dense else 1), type(self).__name__
        )


def zero_tolerance(values: np.ndarray, n: int, dtype: Any, scale: float = 0.0) -> float:
    """Eigenvalues at or below this are zero up to rounding.

    The rounding error of an eigenvalue of an n x n matrix is a few sqrt(n) * eps
    times its largest eigenvalue in magnitude (the products' rounding, which the
    iterative solvers also stop at), so anything smaller cannot be told apart from
    0. The worst-case bound n * eps would drop real components: a float32 variance
    ratio of 2e-4 at n = 4000. `scale` bounds that magnitude from above (a norm of
    the matrix) when the computed eigenvalues may all be tiny, as for a negative
    semi-definite matrix.
    """
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return max(top, scale) * 10.0 * np.sqrt(max(n, 1)) * float(np.finfo(dtype).eps)


def embedding_from_eigen(
    values: np.ndarray,
    vectors: np.ndarray,
    *,
    estimator: Any,
    smallest: Any,
    what: str,
    scale: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates v * sqrt(lambda) for the top eigenpairs of a centred Gram matrix.

    Eigenvalues at or below the rounding tolerance give columns of exactly 0. When
    one of the requested eigenvalues is negative beyond rounding, or the matrix has a
    significantly negative eigenvalue while a requested one is (numerically) zero,
    one NegativeEigenvalueWarning reports the most negative eigenvalue relative to
    the largest; `smallest` is a callable returning that most negative eigenvalue,
    computed only in that case.

    Returns the embedding and the boolean mask of columns kept (eigenvalue > 0).
    """
    n = vectors.shape[0]
    tol = zero_tolerance(values, n, vectors.dtype, scale)
    keep = values > tol
    scale = np.where(keep, np.sqrt(np.where(keep, values, 0)), 0).astype(vectors.dtype)
    embedding = np.ascontiguousarray(vectors * scale)
    if not keep.all():
        most_negative = min(float(values.min()), float(smallest()))
        if most_negative < -tol:
            top = float(values.max())
            ratio = most_negative / top if top > 0 else -np.inf
            warnings.warn(
                f"{type(estimator).__name__}: the {what} is not positive "
                f"semi-definite; its most negative eigenvalue is {most_negative:.4g} "
                f"({ratio:.3g} times the largest, {top:.4g}). "
                f"{int((~keep).sum())} of the {len(values)} requested components have "
                "eigenvalue <= 0 and are set to 0.",
                NegativeEigenvalueWarning,
                stacklevel=3,
            )
    return embedding, keep


def most_negative_of_cmds(D: np.ndarray, squared: bool, n_threads: int) -> float:
    """Smallest eigenvalue of -1/2 J S J, for the warning about indefinite input."""
    r = _core.cmds_eigen(
        D, squared, 1, "auto", EIGEN_TOL[D.dtype], EIGEN_MAX_ITER, True, n_threads
    )
    return float(r["values"][0])


def most_negative_of_matrix(K: np.ndarray, n_threads: int) -> float:
    r = _core.eigen(K, 1, "auto", EIGEN_TOL[K.dtype], EIGEN_MAX_ITER, True, n_threads)
    return float(r["values"][0])
