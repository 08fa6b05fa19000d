"""Distance kernels for people who want them without an estimator."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils.validation import check_array

from lowdim import _core
from lowdim._validation import (
    check_finite,
    check_memory,
    check_n_neighbors,
    check_overflow,
    resolve_n_jobs,
)


def _check(X: Any, name: str) -> np.ndarray:
    X = check_array(
        X,
        dtype=[np.float64, np.float32],
        order="C",
        ensure_all_finite=False,
        input_name=name,
    )
    check_finite(X, name)
    check_overflow(X, name)
    return X


def pairwise_distances(
    X: Any, Y: Any = None, *, squared: bool = False, n_jobs: int | None = None
) -> np.ndarray:
    """Euclidean distances between the rows of X and the rows of Y (default X).

    Computed as |x|^2 + |y|^2 - 2 x.y with one matrix product, clamped at 0; with
    Y=None the result is exactly symmetric with a zero diagonal. float32 input
    (both arrays) gives float32 output, anything else float64.

    Parameters
    ----------
    X : array-like of shape (n, d)
    Y : array-like of shape (m, d) or None
    squared : bool, default=False
        Return squared distances.
    n_jobs : int or None, default=None
        Threads, as in scikit-learn.

    Returns
    -------
    ndarray of shape (n, m)
    """
    X = _check(X, "X")
    threads = resolve_n_jobs(n_jobs)
    if Y is not None:
        Y = _check(Y, "Y")
        if Y.shape[1] != X.shape[1]:
            raise ValueError(
                f"X and Y must have the same number of columns; got {X.shape[1]} and "
                f"{Y.shape[1]}."
            )
        dt = np.result_type(X.dtype, Y.dtype)
        X, Y = X.astype(dt, copy=False), np.ascontiguousarray(Y, dtype=dt)
    m = X.shape[0] if Y is None else Y.shape[0]
    check_memory(float(X.shape[0]) * m * X.dtype.itemsize, "pairwise_distances")
    return _core.euclidean(X, Y, bool(squared), threads)


def geodesic_distances(
    X: Any, n_neighbors: int = 5, *, n_jobs: int | None = None
) -> np.ndarray:
    """Shortest-path distances along the undirected kNN graph of X (Isomap's).

    Neighbours are counted without the point itself. Raises ValueError when the
    graph is disconnected (the distances between components would be infinite).

    Returns
    -------
    ndarray of shape (n, n), exactly symmetric.
    """
    X = _check(X, "X")
    n = X.shape[0]
    if (
        isinstance(n_neighbors, bool)
        or not isinstance(n_neighbors, (int, np.integer))
        or n_neighbors < 1
    ):
        raise ValueError(f"n_neighbors must be an int >= 1; got {n_neighbors!r}.")
    check_n_neighbors(int(n_neighbors), n, "geodesic_distances")
    check_memory(float(n) * n * X.dtype.itemsize, "geodesic_distances")
    try:
        G, _, _ = _core.geodesics_knn(
            X, int(n_neighbors), False, resolve_n_jobs(n_jobs)
        )
    except _core.DisconnectedGraphError as e:
        raise ValueError(
            f"geodesic_distances: the {n_neighbors}-nearest-neighbour graph has "
            f"{e.n_components} connected components; increase n_neighbors."
        ) from None
    return G
