// Weighted undirected graphs in CSR form, their components and shortest paths.
#pragma once

#include "lowdim/common.hpp"

#include <vector>

namespace lowdim {

/// Compressed sparse rows. An edge of weight 0 (between copies of a point) is still an
/// edge: only absence from `indices` means "no edge".
template <typename T>
struct CsrGraph {
    Index n = 0;
    std::vector<Index> indptr;  ///< n + 1 offsets into indices/weights
    std::vector<Index> indices; ///< neighbour of each stored edge
    std::vector<T> weights;     ///< weight of each stored edge, >= 0
};

/// The undirected graph with an edge i -- j whenever j is among i's neighbours or i
/// among j's. Weights come from `distances`; when both directions exist they agree.
template <typename T>
CsrGraph<T> symmetric_knn_graph(const Eigen::Ref<const Matrix<Index>>& indices,
                                const ConstMatrixRef<T>& distances);

/// Builds a graph from CSR arrays, adding the reverse of every edge (the smaller weight
/// wins when both are given). Rejects negative or non-finite weights and bad indices.
template <typename T>
CsrGraph<T> symmetric_graph_from_csr(Index n, const std::vector<Index>& indptr,
                                     const std::vector<Index>& indices,
                                     const std::vector<T>& weights);

/// Labels 0..c-1 of the connected components, numbered in order of their first vertex.
template <typename T>
std::vector<Index> connected_components(const CsrGraph<T>& g, Index* n_components);

/// An edge added to join two components.
template <typename T>
struct JoinEdge {
    Index i, j;
    T weight;
};

/// Joins the components of `g` into one by adding, for a minimum spanning tree of the
/// components, the shortest Euclidean edge between each joined pair (rows of X are the
/// vertices). Costs O(n^2 d) time and O(c^2) memory; never builds an n x n matrix.
template <typename T>
std::vector<JoinEdge<T>> join_components(CsrGraph<T>& g, const ConstMatrixRef<T>& X,
                                         const std::vector<Index>& labels,
                                         Index n_components, int n_threads,
                                         CancelToken& cancel = no_cancel());

/// Shortest-path lengths from each of `sources` to every vertex (Dijkstra with a binary
/// heap, one source per task, sources spread over threads). `out` is
/// sources.size() x n; unreachable vertices get +infinity.
/// When `sources` is every vertex in order, the result is made exactly symmetric
/// (the smaller of the two directions, which differ only by rounding).
template <typename T>
void dijkstra(const CsrGraph<T>& g, const std::vector<Index>& sources, MatrixRef<T> out,
              int n_threads, CancelToken& cancel = no_cancel());

/// Geodesic distances from new points to the training vertices: the new point i
/// reaches vertex j through its nearest training neighbours l as
/// min_l (nn_dist(i, l) + G(l, j)). `out` is nn_idx.rows() x G.cols().
template <typename T>
void extend_geodesics(const Eigen::Ref<const Matrix<Index>>& nn_idx,
                      const ConstMatrixRef<T>& nn_dist, const ConstMatrixRef<T>& G,
                      MatrixRef<T> out, int n_threads,
                      CancelToken& cancel = no_cancel());

} // namespace lowdim
