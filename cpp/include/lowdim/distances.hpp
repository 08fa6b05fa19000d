// Pairwise products and distances, and exact k-nearest neighbours.
#pragma once

#include "lowdim/common.hpp"

namespace lowdim {

/// out = X * Y^T, computed in row blocks spread over `n_threads` threads.
///
/// When `symmetric` is true, Y must be X: only the blocks on and above the diagonal
/// are multiplied and the rest is mirrored, halving the work.
/// `out` must be X.rows() x Y.rows().
template <typename T>
void gram(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y, MatrixRef<T> out,
          bool symmetric, int n_threads, CancelToken& cancel = no_cancel());

/// Squared Euclidean distances |x|^2 + |y|^2 - 2 x.y, clamped at zero (or their
/// square roots when `squared` is false, taken in the same pass).
///
/// Pass Y = X and `symmetric = true` for the distances within one set: the result is
/// then exactly symmetric with an exact zero diagonal.
template <typename T>
void sq_euclidean(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                  MatrixRef<T> out, bool symmetric, int n_threads,
                  CancelToken& cancel = no_cancel(), bool squared = true);

/// Gaussian kernel exp(-gamma |x - y|^2), computed as sq_euclidean with the
/// exponential taken on each block right after its product (no second pass).
/// With `symmetric` and `upper_only`, only the upper triangle (diagonal included) is
/// written, for callers that read no other part: the mirror pass and half the first
/// touches of the output's memory are saved.
template <typename T>
void gaussian_kernel(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                     MatrixRef<T> out, bool symmetric, T gamma, int n_threads,
                     CancelToken& cancel = no_cancel(), bool upper_only = false);

/// Exact k nearest neighbours of each row of Q among the rows of X (Euclidean).
///
/// When `exclude_self` is true, Q must be X and row i never lists itself; copies of
/// row i (other indices at distance 0) are listed like any other neighbour.
/// Ties are broken by the smaller index, so the result does not depend on threads.
/// Memory is O(block * n) per thread, never n x n.
/// `indices` and `distances` (not squared) are Q.rows() x k.
template <typename T>
void knn(const ConstMatrixRef<T>& Q, const ConstMatrixRef<T>& X, Index k,
         bool exclude_self, Eigen::Ref<Matrix<Index>> indices, MatrixRef<T> distances,
         int n_threads, CancelToken& cancel = no_cancel());

} // namespace lowdim
