#include "lowdim/distances.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

namespace lowdim {

namespace {

// Rows per block: large enough that each block product runs near the machine's
// matrix-product rate, small enough that threads share work evenly.
constexpr Index kRowBlock = 256;

Index n_blocks(Index n) {
    return (n + kRowBlock - 1) / kRowBlock;
}

template <typename T>
Vector<T> row_sq_norms(const ConstMatrixRef<T>& X) {
    return X.rowwise().squaredNorm();
}

// Distances do not change under a shift, but |x|^2 + |y|^2 - 2x.y loses every digit
// of a small distance between points far from the origin (1e8 and 1e8 + 1 come out
// 0 apart). Shifting both sets by the mean of the data first keeps the digits.
template <typename T>
Eigen::Matrix<T, 1, Eigen::Dynamic> mean_row(const ConstMatrixRef<T>& A) {
    return A.template cast<double>().colwise().mean().template cast<T>();
}

} // namespace

namespace {

template <typename T>
void check_product_shapes(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                          const MatrixRef<T>& out) {
    if (X.cols() != Y.cols())
        throw InvalidArgument("gram: X and Y have different numbers of columns");
    if (out.rows() != X.rows() || out.cols() != Y.rows())
        throw InvalidArgument("gram: output has the wrong shape");
}

// The blocked product behind gram and sq_euclidean. `finish(r0, rows, c0)` runs on
// each block right after its product, while the block is still in cache, so that an
// elementwise step costs no extra pass over the matrix.
template <typename T, typename Finish>
void blocked_product(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                     MatrixRef<T> out, bool symmetric, int n_threads,
                     CancelToken& cancel, Finish&& finish, bool mirror = true) {
    n_threads = check_threads(n_threads);
    check_product_shapes<T>(X, Y, out);
    const Index n = X.rows(), m = Y.rows(), nb = n_blocks(n);
    ExceptionTrap trap;

#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (Index b = 0; b < nb; ++b) {
        if (cancel.poll())
            continue;
        trap.run([&] {
            const Index r0 = b * kRowBlock, rows = std::min(kRowBlock, n - r0);
            const Index c0 = symmetric ? r0 : 0;
            out.block(r0, c0, rows, m - c0).noalias() =
                X.middleRows(r0, rows) * Y.middleRows(c0, m - c0).transpose();
            finish(r0, rows, c0);
        });
    }
    trap.rethrow();
    cancel.throw_if_cancelled();

    if (symmetric && mirror)
        for_each_lower_pair(n, n_threads,
                            [&](Index i, Index j) { out(i, j) = out(j, i); });
}

} // namespace

template <typename T>
void gram(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y, MatrixRef<T> out,
          bool symmetric, int n_threads, CancelToken& cancel) {
    blocked_product<T>(X, Y, out, symmetric, n_threads, cancel,
                       [](Index, Index, Index) {});
}

namespace {

// |x - y|^2 through the product, then `post` on each row of each block while it is
// in cache (square root, exponential, or nothing), vectorised over the row.
// float input: |x|^2 + |y|^2 - 2x.y in float loses about eps |x|^2 of a squared
// distance, all of a close pair's digits when the points sit far from the mean
// (median relative error 3e-2 for pairs 0.06 apart at norm 45). The products run in
// double, tile by tile so the double buffer stays small, and each tile is rounded
// to float once, as scikit-learn does.
template <typename Post>
void distance_blocks_upcast(const ConstMatrixRef<float>& X,
                            const ConstMatrixRef<float>& Y, MatrixRef<float> out,
                            bool symmetric, int n_threads, CancelToken& cancel,
                            Post&& post, bool mirror) {
    n_threads = check_threads(n_threads);
    const Matrix<double> Xd = X.template cast<double>();
    const auto shift = mean_row<double>(Xd);
    const Matrix<double> Xs = Xd.rowwise() - shift;
    const Matrix<double> Ys =
        symmetric ? Matrix<double>()
                  : Matrix<double>(Y.template cast<double>().rowwise() - shift);
    const ConstMatrixRef<double> Yref(symmetric ? Xs : Ys);
    const Vector<double> xn = Xs.rowwise().squaredNorm();
    const Vector<double> yn =
        symmetric ? xn : Vector<double>(Yref.rowwise().squaredNorm());
    const Index n = X.rows(), m = out.cols(), nb = n_blocks(n);
    constexpr Index kColTile = 2048;
    ExceptionTrap trap;
#pragma omp parallel num_threads(n_threads)
    {
        Matrix<double> tile;
#pragma omp for schedule(dynamic, 1)
        for (Index b = 0; b < nb; ++b) {
            if (cancel.poll())
                continue;
            trap.run([&] {
                const Index r0 = b * kRowBlock, rows = std::min(kRowBlock, n - r0);
                for (Index c0 = symmetric ? r0 : 0; c0 < m; c0 += kColTile) {
                    const Index cols = std::min(kColTile, m - c0);
                    tile.noalias() =
                        Xs.middleRows(r0, rows) * Yref.middleRows(c0, cols).transpose();
                    for (Index r = 0; r < rows; ++r) {
                        auto seg = out.row(r0 + r).segment(c0, cols).array();
                        seg = (xn[r0 + r] + yn.segment(c0, cols).transpose().array() -
                               2.0 * tile.row(r).array())
                                  .max(0.0)
                                  .template cast<float>();
                        if (symmetric && r0 + r >= c0 && r0 + r < c0 + cols)
                            out(r0 + r, r0 + r) = 0.0f;
                        post(seg);
                    }
                }
            });
        }
    }
    trap.rethrow();
    cancel.throw_if_cancelled();
    if (symmetric && mirror)
        for_each_lower_pair(n, n_threads,
                            [&](Index i, Index j) { out(i, j) = out(j, i); });
}

template <typename T, typename Post>
void distance_blocks(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                     MatrixRef<T> out, bool symmetric, int n_threads,
                     CancelToken& cancel, Post&& post, bool mirror = true) {
    if constexpr (std::is_same_v<T, float>) {
        check_product_shapes<float>(X, Y, out);
        distance_blocks_upcast(X, Y, out, symmetric, n_threads, cancel, post, mirror);
        return;
    }
    const auto shift = mean_row<T>(X);
    const Matrix<T> Xs = X.rowwise() - shift;
    const Matrix<T> Ys = symmetric ? Matrix<T>() : Matrix<T>(Y.rowwise() - shift);
    const ConstMatrixRef<T> Yref(symmetric ? Xs : Ys);
    const Vector<T> xn = row_sq_norms<T>(Xs);
    const Vector<T> yn = symmetric ? xn : row_sq_norms<T>(Yref);
    const Index m = out.cols();
    blocked_product<T>(
        Xs, Yref, out, symmetric, n_threads, cancel,
        [&](Index r0, Index rows, Index c0) {
            const auto ys = yn.segment(c0, m - c0).transpose().array();
            for (Index i = r0; i < r0 + rows; ++i) {
                auto seg = out.row(i).segment(c0, m - c0).array();
                // Cancellation in |x|^2 + |y|^2 - 2x.y can leave tiny
                // negatives.
                seg = (xn[i] + ys - T(2) * seg).max(T(0));
                if (symmetric)
                    out(i, i) = T(0);
                post(seg);
            }
        },
        mirror);
}

} // namespace

template <typename T>
void sq_euclidean(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                  MatrixRef<T> out, bool symmetric, int n_threads, CancelToken& cancel,
                  bool squared) {
    distance_blocks<T>(X, Y, out, symmetric, n_threads, cancel, [squared](auto&& seg) {
        if (!squared)
            seg = seg.sqrt();
    });
}

template <typename T>
void gaussian_kernel(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                     MatrixRef<T> out, bool symmetric, T gamma, int n_threads,
                     CancelToken& cancel, bool upper_only) {
    distance_blocks<T>(
        X, Y, out, symmetric, n_threads, cancel,
        [gamma](auto&& seg) { seg = (-gamma * seg).exp(); }, !upper_only);
}

template <typename T>
void knn(const ConstMatrixRef<T>& Q, const ConstMatrixRef<T>& X, Index k,
         bool exclude_self, Eigen::Ref<Matrix<Index>> indices, MatrixRef<T> distances,
         int n_threads, CancelToken& cancel) {
    n_threads = check_threads(n_threads);
    const Index nq = Q.rows(), n = X.rows();
    const Index available = exclude_self ? n - 1 : n;
    if (k < 1 || k > available)
        throw InvalidArgument("knn: need 1 <= k <= " + std::to_string(available) +
                              ", got k = " + std::to_string(k));
    if (Q.cols() != X.cols())
        throw InvalidArgument("knn: query and data have different numbers of columns");
    if (indices.rows() != nq || indices.cols() != k || distances.rows() != nq ||
        distances.cols() != k)
        throw InvalidArgument("knn: output has the wrong shape");

    const auto shift = mean_row<T>(X);
    const Matrix<T> Xs = X.rowwise() - shift;
    // Queries that are the data itself (the usual case) share its shifted copy.
    const Matrix<T> Qown = exclude_self ? Matrix<T>() : Matrix<T>(Q.rowwise() - shift);
    const ConstMatrixRef<T> Qs(exclude_self ? Xs : Qown);
    const Vector<T> xn = row_sq_norms<T>(Xs);
    const Index nb = n_blocks(nq);
    ExceptionTrap trap;

#pragma omp parallel num_threads(n_threads)
    {
        Matrix<T> block;
        std::vector<std::pair<T, Index>> cand;
#pragma omp for schedule(dynamic, 1)
        for (Index b = 0; b < nb; ++b) {
            if (cancel.poll())
                continue;
            trap.run([&] {
                const Index r0 = b * kRowBlock, rows = std::min(kRowBlock, nq - r0);
                block.noalias() = Qs.middleRows(r0, rows) * Xs.transpose();
                for (Index r = 0; r < rows; ++r) {
                    const Index i = r0 + r;
                    const T qn = Qs.row(i).squaredNorm();
                    cand.clear();
                    for (Index j = 0; j < n; ++j) {
                        if (exclude_self && j == i)
                            continue;
                        const T d = qn + xn[j] - T(2) * block(r, j);
                        cand.emplace_back(d > T(0) ? d : T(0), j);
                    }
                    // The pair order (distance, then index) makes ties deterministic.
                    std::partial_sort(cand.begin(), cand.begin() + k, cand.end());
                    // The expansion loses digits for close pairs (copies would not
                    // come out at exactly 0), so the k winners get direct distances.
                    for (Index c = 0; c < k; ++c)
                        cand[c].first =
                            (Q.row(i) - X.row(cand[c].second)).squaredNorm();
                    std::sort(cand.begin(), cand.begin() + k);
                    for (Index c = 0; c < k; ++c) {
                        indices(i, c) = cand[c].second;
                        distances(i, c) = std::sqrt(cand[c].first);
                    }
                }
            });
        }
    }
    trap.rethrow();
    cancel.throw_if_cancelled();
}

#define LOWDIM_INSTANTIATE(T)                                                          \
    template void gram<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&,          \
                          MatrixRef<T>, bool, int, CancelToken&);                      \
    template void gaussian_kernel<T>(const ConstMatrixRef<T>&,                         \
                                     const ConstMatrixRef<T>&, MatrixRef<T>, bool, T,  \
                                     int, CancelToken&, bool);                         \
    template void sq_euclidean<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&,  \
                                  MatrixRef<T>, bool, int, CancelToken&, bool);        \
    template void knn<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&, Index,    \
                         bool, Eigen::Ref<Matrix<Index>>, MatrixRef<T>, int,           \
                         CancelToken&);
LOWDIM_INSTANTIATE(float)
LOWDIM_INSTANTIATE(double)
#undef LOWDIM_INSTANTIATE

} // namespace lowdim
