"""Isomap: classical MDS on geodesic distances along a kNN graph."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted

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
    check_finite,
    check_input,
    check_n_components,
    check_n_neighbors,
    check_precomputed,
)
from lowdim._warnings import DisconnectedGraphWarning

DISCONNECTED_HINT = (
    "increase n_neighbors, or pass disconnected='join' to join the components by "
    "their shortest between-component edges"
)


def _knn_from_dense(
    D: np.ndarray, k: int, exclude_self: bool
) -> tuple[np.ndarray, ...]:
    """k smallest entries per row (ties to the smaller index), the diagonal excluded."""
    D = np.array(D, dtype=D.dtype, copy=True)
    if exclude_self:
        np.fill_diagonal(D, np.inf)
    idx = np.argsort(D, axis=1, kind="stable")[:, :k]
    return idx.astype(np.int64), np.take_along_axis(D, idx, axis=1)


def _csr_graph(G: Any, dtype: Any) -> tuple[int, Any, Any, Any]:
    G = sp.csr_matrix(G)
    if G.shape[0] != G.shape[1]:
        raise ValueError(f"A precomputed graph must be square; got shape {G.shape}.")
    data = np.asarray(G.data, dtype=dtype)
    if not np.isfinite(data).all() or (data < 0).any():
        raise ValueError(
            "A precomputed graph must have finite, non-negative edge weights."
        )
    return (
        G.shape[0],
        G.indptr.astype(np.int64),
        G.indices.astype(np.int64),
        data,
    )


class Isomap(SpectralEstimator):
    """Isometric mapping (Tenenbaum, de Silva & Langford 2000).

    Builds the k-nearest-neighbour graph (neighbours counted without the point
    itself; copies of a point are neighbours at distance 0 and their edges are
    kept), makes it undirected, computes geodesic distances by Dijkstra from every
    vertex (in parallel), and embeds them by classical MDS.

    Parameters
    ----------
    n_neighbors : int, default=5
        Neighbours per point, at most n_samples - 1.
    n_components : int, default=2
        Dimensions of the embedding, at most n_samples - 1.
    metric : {"euclidean", "precomputed"}, default="euclidean"
        "precomputed": X is either a dense square distance matrix (the kNN graph is
        built from it) or a sparse matrix whose stored entries are the graph's
        edges (used as is).
    eigen_solver : {"auto", "dense", "arpack"}, default="auto"
        As in ClassicalMDS.
    disconnected : {"raise", "join"}, default="join"
        What to do when the kNN graph has several connected components, where
        geodesic distances are undefined. "raise": ValueError with the number of
        components. "join": add, for a minimum spanning tree of the components,
        the shortest Euclidean edge between each joined pair, warn, and go on
        (deterministic; costs O(n^2 d) time). A precomputed graph cannot be joined.
    n_jobs : int or None, default=None
        Threads, as in scikit-learn.

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
    dist_matrix_ : ndarray of shape (n_samples, n_samples)
        Geodesic distances, exactly symmetric, zero only on the diagonal and
        between copies of a point.
    eigenvalues_ : ndarray of shape (n_components,)
    n_connected_components_ : int
        Components of the kNN graph before any joining.
    joined_edges_ : ndarray of shape (n_connected_components_ - 1, 3)
        Edges (i, j, length) added by disconnected="join"; empty otherwise.
    n_features_in_ : int

    Notes
    -----
    Memory: the n x n geodesic matrix is kept (dist_matrix_); the eigensolver
    works on products with the centred squared geodesics and needs no second
    n x n array.
    """

    _parameter_constraints = {
        "n_neighbors": [Interval(numbers.Integral, 1, None)],
        "n_components": [Interval(numbers.Integral, 1, None)],
        "metric": [Options("euclidean", "precomputed")],
        "eigen_solver": [Options("auto", "dense", "arpack")],
        "disconnected": [Options("raise", "join")],
        "n_jobs": N_JOBS,
    }

    def __init__(
        self,
        n_neighbors: int = 5,
        n_components: int = 2,
        *,
        metric: str = "euclidean",
        eigen_solver: str = "auto",
        disconnected: str = "join",
        n_jobs: int | None = None,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.metric = metric
        self.eigen_solver = eigen_solver
        self.disconnected = disconnected
        self.n_jobs = n_jobs

    def _geodesics(self, X: Any, threads: int) -> tuple[np.ndarray, int, list[Any]]:
        k = self.n_neighbors
        try:
            if self.metric == "euclidean":
                return _core.geodesics_knn(X, k, self.disconnected == "join", threads)
            if sp.issparse(X):
                n, indptr, indices, data = _csr_graph(X, self._dtype)
                return _core.geodesics_csr(n, indptr, indices, data, threads)
            D = check_precomputed(X)
            idx, dist = _knn_from_dense(D, k, exclude_self=True)
            # Built from its arrays so that zero-weight edges (copies) stay edges.
            n = D.shape[0]
            indptr = np.arange(0, n * k + 1, k, dtype=np.int64)
            return _core.geodesics_csr(
                n,
                indptr,
                np.ascontiguousarray(idx.ravel(), dtype=np.int64),
                np.ascontiguousarray(dist.ravel(), dtype=self._dtype),
                threads,
            )
        except _core.DisconnectedGraphError as e:
            c = e.n_components
            hint = (
                "increase n_neighbors or connect the precomputed graph"
                if self.metric == "precomputed"
                else DISCONNECTED_HINT
            )
            raise ValueError(
                f"Isomap: the {k}-nearest-neighbour graph has {c} connected "
                f"components, so geodesic distances between them are undefined; "
                f"{hint}."
            ) from None

    def _validate(self, X: Any) -> Any:
        if self.metric == "precomputed" and sp.issparse(X):
            self.n_features_in_ = X.shape[1]
            self._dtype = np.float32 if X.dtype == np.float32 else np.float64
            if X.shape[0] < 2:
                raise ValueError("Isomap needs at least 2 samples.")
            return X
        # One sample is refused by the n_neighbors rule, which says more.
        X = check_input(self, X, reset=True, min_samples=1)
        self._dtype = X.dtype
        return X

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Computes and returns the embedding of X."""
        self._check_params()
        X = self._validate(X)
        n = X.shape[0]
        check_n_neighbors(self.n_neighbors, n, self)
        check_n_components(self.n_components, n - 1, "n_samples - 1", self)
        self._check_square_memory(n, self._dtype, self.n_components)
        threads = self._threads()

        G, n_comp, joined = self._geodesics(X, threads)
        self.n_connected_components_ = int(n_comp)
        self.joined_edges_ = np.array(joined, dtype=np.float64).reshape(-1, 3)
        if joined:
            warnings.warn(
                f"Isomap: the {self.n_neighbors}-nearest-neighbour graph has {n_comp} "
                f"connected components; joined them with {len(joined)} edges (the "
                "shortest between components). Geodesics across them follow those "
                "edges.",
                DisconnectedGraphWarning,
                stacklevel=2,
            )
        r = _core.cmds_eigen(
            G,
            False,
            self.n_components,
            self.eigen_solver,
            EIGEN_TOL[G.dtype],
            EIGEN_MAX_ITER,
            False,
            threads,
        )
        self.dist_matrix_ = G
        self.eigenvalues_ = r["values"]
        self.embedding_, self._keep = embedding_from_eigen(
            r["values"],
            r["vectors"],
            estimator=self,
            smallest=lambda: most_negative_of_cmds(G, False, threads),
            what="double-centred squared geodesic matrix",
        )
        self._eigenvectors = r["vectors"]
        self._row_means, self._grand_mean, self._centered_sq_norm = (
            _core.sq_distance_stats(G, False, threads)
        )
        if self.metric == "euclidean":
            self._fit_X = X
        return self.embedding_

    def transform(self, X: Any) -> np.ndarray:
        """Embeds new points through their geodesics to the training points.

        A new point reaches training point j through its n_neighbors nearest
        training points l: g(x, j) = min_l (|x - x_l| + dist_matrix_[l, j]). The
        squared geodesics are centred against the training ones and projected on the
        eigenvectors (the Nystrom formula of kernel PCA). For metric="precomputed",
        X holds distances from the new points to the training points.
        """
        check_is_fitted(self)
        threads = self._threads()
        dt = self.dist_matrix_.dtype
        if self.metric == "euclidean":
            Xn = check_input(self, X, reset=False, min_samples=1)
            Xn = np.ascontiguousarray(Xn, dtype=dt)
            idx, dist = _core.knn(Xn, self._fit_X, self.n_neighbors, threads)
        else:
            if sp.issparse(X):
                raise TypeError(
                    "Isomap.transform with metric='precomputed' takes a dense matrix "
                    "of distances to the training points, not a sparse graph."
                )
            Dn = np.asarray(X, dtype=dt)
            n_train = self.dist_matrix_.shape[0]
            if Dn.ndim != 2 or Dn.shape[1] != n_train:
                raise ValueError(
                    f"Isomap.transform: X must have shape (n, {n_train}) (distances to "
                    f"the training points); got {Dn.shape}."
                )
            check_finite(Dn)
            if (Dn < 0).any():
                raise ValueError("Isomap.transform: distances must be non-negative.")
            idx, dist = _knn_from_dense(Dn, self.n_neighbors, exclude_self=False)
            dist = np.ascontiguousarray(dist)
        G_new = _core.extend_geodesics(idx, dist, self.dist_matrix_, threads)
        G_new *= G_new
        _core.center_new_kernel(G_new, self._row_means, self._grand_mean, threads)
        G_new *= dt.type(-0.5)
        values = self.eigenvalues_
        inv = np.where(
            self._keep, 1.0 / np.sqrt(np.where(self._keep, values, 1.0)), 0.0
        )
        V = np.ascontiguousarray(self._eigenvectors * inv.astype(dt))
        return _core.matmul(G_new, V, threads)

    def reconstruction_error(self) -> float:
        """Frobenius distance between the centred geodesic Gram matrix and its
        rank-n_components approximation, divided by n_samples (as scikit-learn
        defines it): sqrt(|K|_F^2 - sum(eigenvalues^2)) / n."""
        check_is_fitted(self)
        kept = np.where(self._keep, self.eigenvalues_, 0.0).astype(np.float64)
        resid = max(float(self._centered_sq_norm) - float(np.sum(kept**2)), 0.0)
        return float(np.sqrt(resid) / self.dist_matrix_.shape[0])

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.sparse = self.metric == "precomputed"
        return tags
