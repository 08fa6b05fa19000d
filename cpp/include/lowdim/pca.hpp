// Principal component analysis: centring, covariance, and three SVD paths.
#pragma once

#include "lowdim/common.hpp"

#include <cstdint>
#include <string>

namespace lowdim {

/// out = A * B with the rows of A split over threads (each block one Eigen product).
template <typename T>
void matmul(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& B, MatrixRef<T> out,
            int n_threads);

/// Column means of X (accumulated in double) and the covariance
/// C = (X - mean)^T (X - mean) / (n - 1), d x d, from per-thread partial products.
template <typename T>
void covariance(const ConstMatrixRef<T>& X, Vector<T>& mean, Matrix<T>& C,
                int n_threads);

enum class PcaSolver { Full, CovarianceEigh, Randomized };

/// Parses "full", "covariance_eigh", "randomized".
PcaSolver parse_pca_solver(const std::string& name);

template <typename T>
struct PcaResult {
    Vector<T> mean;
    Matrix<T> components;         ///< r x d, orthonormal rows, sign rule applied
    Vector<T> singular_values;    ///< r, descending
    Vector<T> explained_variance; ///< singular_values^2 / (n - 1)
    double total_variance = 0.0;  ///< sum of all column variances of X
};

/// Fits PCA. `Full` and `CovarianceEigh` return all r = min(n, d) components;
/// `Randomized` returns `k` (Halko, Martinsson & Tropp 2011, with `n_oversamples`
/// extra columns and `n_power_iter` QR-stabilised power iterations, seeded by `seed`).
/// The sign rule of top_eigen applies to each component: its entry of largest
/// magnitude is positive.
template <typename T>
PcaResult<T> pca_fit(const ConstMatrixRef<T>& X, PcaSolver solver, Index k,
                     std::uint64_t seed, Index n_oversamples, Index n_power_iter,
                     int n_threads, CancelToken& cancel = no_cancel());

/// Standard normal draws from a fixed generator (splitmix64 + Box-Muller), identical
/// on every platform, unlike std::normal_distribution.
template <typename T>
void fill_standard_normal(MatrixRef<T> out, std::uint64_t seed);

} // namespace lowdim
