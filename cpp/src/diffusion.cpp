#include "lowdim/diffusion.hpp"

#include <cmath>
#include <string>

namespace lowdim {

namespace {

template <typename T>
void check_row_sums(const Vector<T>& s, const char* what) {
    for (Index i = 0; i < s.size(); ++i)
        if (!(s[i] > T(0)) || !std::isfinite(s[i]))
            throw InvalidArgument(std::string("diffusion map: ") + what + " of row " +
                                  std::to_string(i) +
                                  " is not positive and finite; the kernel bandwidth "
                                  "epsilon is too small for this data");
}

} // namespace

template <typename T>
void CsrOperator<T>::apply(const T* x, T* y) const {
#pragma omp parallel for schedule(static) num_threads(n_threads_)
    for (Index i = 0; i < g_.n; ++i) {
        T acc = T(0);
        for (Index e = g_.indptr[i]; e < g_.indptr[i + 1]; ++e)
            acc += g_.weights[e] * x[g_.indices[e]];
        y[i] = acc;
    }
}

template <typename T>
void CsrOperator<T>::apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const {
    // One pass over the graph for the whole block; each arc reads a contiguous row.
#pragma omp parallel for schedule(static) num_threads(n_threads_)
    for (Index i = 0; i < g_.n; ++i) {
        Y.row(i).setZero();
        for (Index e = g_.indptr[i]; e < g_.indptr[i + 1]; ++e)
            Y.row(i) += g_.weights[e] * X.row(g_.indices[e]);
    }
}

template <typename T>
MarkovConjugateOperator<T>::MarkovConjugateOperator(const ConstMatrixRef<T>& K,
                                                    double alpha, int n_threads)
    : K_(K), product_(K, false, n_threads) {
    const Index n = K.rows();
    const Vector<T> ones = Vector<T>::Ones(n);
    q_.resize(n);
    product_(ones.data(), q_.data());
    check_row_sums<T>(q_, "kernel row sum");
    const Vector<T> qa = q_.array().pow(static_cast<T>(-alpha));
    d_.resize(n);
    product_(qa.data(), d_.data());
    d_.array() *= qa.array();
    check_row_sums<T>(d_, "normalised kernel row sum");
    s_ = qa.array() * d_.array().rsqrt();
}

template <typename T>
void MarkovConjugateOperator<T>::apply(const T* x, T* y) const {
    const Index n = size();
    const Vector<T> sx = s_.array() * Eigen::Map<const Vector<T>>(x, n).array();
    product_(sx.data(), y);
    Eigen::Map<Vector<T>>(y, n).array() *= s_.array();
}

template <typename T>
void MarkovConjugateOperator<T>::apply_block(const ConstMatrixRef<T>& X,
                                             MatrixRef<T> Y) const {
    const Matrix<T> SX = s_.asDiagonal() * X;
    product_(SX, Y);
    Y = s_.asDiagonal() * Y;
}

template <typename T>
void MarkovConjugateOperator<T>::materialize(MatrixRef<T> out) const {
    out.template triangularView<Eigen::Upper>() = K_;
    out.template triangularView<Eigen::StrictlyLower>() = K_.transpose();
    out.array().colwise() *= s_.array();
    out.array().rowwise() *= s_.transpose().array();
}

template <typename T>
void markov_conjugate(CsrGraph<T>& K, double alpha, Vector<T>& q, Vector<T>& d,
                      int n_threads) {
    n_threads = check_threads(n_threads);
    const Index n = K.n;
    auto row_sums = [&](Vector<T>& s) {
        s.resize(n);
        for (Index i = 0; i < n; ++i) {
            T acc = T(0);
            for (Index e = K.indptr[i]; e < K.indptr[i + 1]; ++e)
                acc += K.weights[e];
            s[i] = acc;
        }
    };
    auto scale = [&](const Vector<T>& f) {
#pragma omp parallel for schedule(static) num_threads(n_threads)
        for (Index i = 0; i < n; ++i)
            for (Index e = K.indptr[i]; e < K.indptr[i + 1]; ++e)
                K.weights[e] *= f[i] * f[K.indices[e]];
    };
    row_sums(q);
    check_row_sums<T>(q, "kernel row sum");
    scale(q.array().pow(static_cast<T>(-alpha)).matrix());
    row_sums(d);
    check_row_sums<T>(d, "normalised kernel row sum");
    scale(d.array().rsqrt().matrix());
}

template <typename T>
Matrix<T> diffusion_coordinates(const EigenResult<T>& eig, const Vector<T>& d, double t,
                                Vector<T>& values) {
    const Index n = eig.vectors.rows(), k = eig.vectors.cols() - 1;
    // phi_0 is sqrt(d / sum d) up to sign; computing it from d avoids its rounding.
    const Vector<T> phi0 = (d.array() / d.sum()).sqrt();
    values = eig.values.tail(k);
    Matrix<T> coords(n, k);
    for (Index c = 0; c < k; ++c) {
        const T scale = static_cast<T>(std::pow(std::max(double(values[c]), 0.0), t));
        coords.col(c) =
            (eig.vectors.col(c + 1).array() / phi0.array() * scale).matrix();
    }
    return coords;
}

template <typename T>
Matrix<T> diffusion_extend(MatrixRef<T> K, const Vector<T>& q_train, double alpha,
                           const ConstMatrixRef<T>& psi, const Vector<T>& values,
                           double t, int n_threads) {
    n_threads = check_threads(n_threads);
    const Index m = K.rows(), k = psi.cols();
    const Vector<T> qa = q_train.array().pow(static_cast<T>(-alpha));
    // psi(x) = (1/lambda) sum_j P(x, j) psi(j), so lambda^t psi(x) = lambda^(t-1) P
    // psi.
    Vector<T> scale(k);
    for (Index c = 0; c < k; ++c)
        scale[c] = values[c] > T(0)
                       ? static_cast<T>(std::pow(double(values[c]), t - 1.0))
                       : T(0);
#pragma omp parallel for schedule(static) num_threads(n_threads)
    for (Index i = 0; i < m; ++i) {
        const T qi = K.row(i).sum();
        if (!(qi > T(0))) {
            K.row(i).setZero();
            continue;
        }
        K.row(i).array() *=
            std::pow(qi, static_cast<T>(-alpha)) * qa.transpose().array();
        K.row(i) /= K.row(i).sum();
    }
    Matrix<T> out = K * psi;
    out.array().rowwise() *= scale.transpose().array();
    return out;
}

#define LOWDIM_INSTANTIATE(T)                                                          \
    template class CsrOperator<T>;                                                     \
    template class MarkovConjugateOperator<T>;                                         \
    template void markov_conjugate<T>(CsrGraph<T>&, double, Vector<T>&, Vector<T>&,    \
                                      int);                                            \
    template Matrix<T> diffusion_coordinates<T>(const EigenResult<T>&,                 \
                                                const Vector<T>&, double, Vector<T>&); \
    template Matrix<T> diffusion_extend<T>(MatrixRef<T>, const Vector<T>&, double,     \
                                           const ConstMatrixRef<T>&, const Vector<T>&, \
                                           double, int);
LOWDIM_INSTANTIATE(float)
LOWDIM_INSTANTIATE(double)
#undef LOWDIM_INSTANTIATE

} // namespace lowdim
