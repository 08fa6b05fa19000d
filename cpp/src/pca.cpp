#include "lowdim/pca.hpp"

#include "lowdim/spectral.hpp"

#include <Eigen/SVD>

#include <cmath>
#include <vector>

namespace lowdim {

template <typename T>
void matmul(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& B, MatrixRef<T> out,
            int n_threads) {
    n_threads = check_threads(n_threads);
    if (A.cols() != B.rows() || out.rows() != A.rows() || out.cols() != B.cols())
        throw InvalidArgument("matmul: shapes do not match");
    constexpr Index block = 256;
    const Index n = A.rows(), nb = (n + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (Index b = 0; b < nb; ++b) {
        const Index r0 = b * block, rows = std::min(block, n - r0);
        out.middleRows(r0, rows).noalias() = A.middleRows(r0, rows) * B;
    }
}

template <typename T>
void covariance(const ConstMatrixRef<T>& X, Vector<T>& mean, Matrix<T>& C,
                int n_threads) {
    n_threads = check_threads(n_threads);
    const Index n = X.rows(), d = X.cols();
    mean = X.template cast<double>().colwise().mean().transpose().template cast<T>();
    C.setZero(d, d);
    constexpr Index block = 512;
    const Index nb = (n + block - 1) / block;
#pragma omp parallel num_threads(n_threads)
    {
        Matrix<T> local = Matrix<T>::Zero(d, d), centred;
#pragma omp for schedule(dynamic, 1)
        for (Index b = 0; b < nb; ++b) {
            const Index r0 = b * block, rows = std::min(block, n - r0);
            centred = X.middleRows(r0, rows).rowwise() - mean.transpose();
            local.noalias() += centred.transpose() * centred;
        }
#pragma omp critical(lowdim_covariance_merge)
        C += local;
    }
    C /= static_cast<T>(n - 1);
}

PcaSolver parse_pca_solver(const std::string& name) {
    if (name == "full")
        return PcaSolver::Full;
    if (name == "covariance_eigh")
        return PcaSolver::CovarianceEigh;
    if (name == "randomized")
        return PcaSolver::Randomized;
    throw InvalidArgument("unknown svd_solver '" + name +
                          "'; use full, covariance_eigh or randomized");
}

template <typename T>
void fill_standard_normal(MatrixRef<T> out, std::uint64_t seed) {
    auto next = [&seed] {
        std::uint64_t z = (seed += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    auto uniform = [&] { return (double(next() >> 11) + 0.5) * 0x1.0p-53; };
    const double two_pi = 6.283185307179586;
    for (Index i = 0; i < out.rows(); ++i)
        for (Index j = 0; j < out.cols(); ++j)
            out(i, j) = static_cast<T>(std::sqrt(-2.0 * std::log(uniform())) *
                                       std::cos(two_pi * uniform()));
}

namespace {

template <typename T>
Matrix<T> orthonormal_columns(const Matrix<T>& A) {
    Eigen::HouseholderQR<Matrix<T>> qr(A);
    return qr.householderQ() * Matrix<T>::Identity(A.rows(), A.cols());
}

} // namespace

template <typename T>
PcaResult<T> pca_fit(const ConstMatrixRef<T>& X, PcaSolver solver, Index k,
                     std::uint64_t seed, Index n_oversamples, Index n_power_iter,
                     int n_threads, CancelToken& cancel) {
    n_threads = check_threads(n_threads);
    const Index n = X.rows(), d = X.cols(), r = std::min(n, d);
    if (n < 2)
        throw InvalidArgument("PCA needs at least 2 samples");
    PcaResult<T> res;
    const T dof = static_cast<T>(n - 1);

    if (solver == PcaSolver::CovarianceEigh) {
        Matrix<T> C;
        covariance<T>(X, res.mean, C, n_threads);
        res.total_variance = C.trace();
        Eigen::SelfAdjointEigenSolver<Matrix<T>> es(C);
        if (es.info() != Eigen::Success)
            throw NumericalError("PCA: covariance eigendecomposition failed");
        const Vector<T> ev = es.eigenvalues().reverse().head(r).cwiseMax(T(0));
        res.components = es.eigenvectors().rowwise().reverse().leftCols(r).transpose();
        res.explained_variance = ev;
        res.singular_values = (ev * dof).cwiseSqrt();
    } else {
        res.mean =
            X.template cast<double>().colwise().mean().transpose().template cast<T>();
        const Matrix<T> Xc = X.rowwise() - res.mean.transpose();
        res.total_variance = Xc.template cast<double>().squaredNorm() / double(n - 1);
        cancel.throw_if_cancelled();
        if (solver == PcaSolver::Full) {
            Eigen::BDCSVD<Matrix<T>> svd(Xc, Eigen::ComputeThinV);
            res.singular_values = svd.singularValues().head(r);
            res.components = svd.matrixV().leftCols(r).transpose();
        } else {
            // Randomised range finder: Q spans X_c Omega, sharpened by power
            // iterations.
            const Index l = std::min(r, k + n_oversamples);
            Matrix<T> omega(d, l), Y(n, l), Z(d, l);
            fill_standard_normal<T>(omega, seed);
            matmul<T>(Xc, omega, Y, n_threads);
            Matrix<T> Q = orthonormal_columns<T>(Y);
            for (Index it = 0; it < n_power_iter; ++it) {
                if (cancel.poll())
                    throw Cancelled();
                Z.noalias() = Xc.transpose() * Q;
                Z = orthonormal_columns<T>(Z);
                matmul<T>(Xc, Z, Y, n_threads);
                Q = orthonormal_columns<T>(Y);
            }
            const Matrix<T> B = Q.transpose() * Xc; // l x d
            Eigen::BDCSVD<Matrix<T>> svd(B, Eigen::ComputeThinV);
            res.singular_values = svd.singularValues().head(k);
            res.components = svd.matrixV().leftCols(k).transpose();
        }
        res.explained_variance = res.singular_values.array().square() / dof;
    }

    // The sign rule is stated for column eigenvectors; components are rows.
    Matrix<T> cols = res.components.transpose();
    apply_sign_rule<T>(cols);
    res.components = cols.transpose();
    return res;
}

#define LOWDIM_INSTANTIATE(T)                                                          \
    template void matmul<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&,        \
                            MatrixRef<T>, int);                                        \
    template void covariance<T>(const ConstMatrixRef<T>&, Vector<T>&, Matrix<T>&,      \
                                int);                                                  \
    template void fill_standard_normal<T>(MatrixRef<T>, std::uint64_t);                \
    template PcaResult<T> pca_fit<T>(const ConstMatrixRef<T>&, PcaSolver, Index,       \
                                     std::uint64_t, Index, Index, int, CancelToken&);
LOWDIM_INSTANTIATE(float)
LOWDIM_INSTANTIATE(double)
#undef LOWDIM_INSTANTIATE

} // namespace lowdim
