#include "lowdim/spectral.hpp"

#include "lowdim/distances.hpp"

#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>

namespace lowdim {

template <typename T>
T double_center(MatrixRef<T> K, Vector<T>& row_means, int n_threads, double* sq_norm) {
    n_threads = check_threads(n_threads);
    const Index n = K.rows();
    if (K.cols() != n)
        throw InvalidArgument("double_center: matrix must be square");
    row_means.resize(n);
    double total = 0.0;
    // Sums in double: for float input n can be large enough that float sums drift.
#pragma omp parallel for schedule(static) reduction(+ : total) num_threads(n_threads)
    for (Index i = 0; i < n; ++i) {
        const auto row = K.row(i).template cast<double>();
        row_means[i] = static_cast<T>(row.sum() / double(n));
        if (sq_norm)
            total += row.squaredNorm();
    }
    if (sq_norm)
        *sq_norm = total;
    const T grand = static_cast<T>(row_means.template cast<double>().sum() / double(n));

#pragma omp parallel for schedule(static) num_threads(n_threads)
    for (Index i = 0; i < n; ++i)
        K.row(i).array() += grand - row_means[i] - row_means.transpose().array();
    return grand;
}

template <typename T>
void center_new_kernel(MatrixRef<T> K, const Vector<T>& train_row_means,
                       T train_grand_mean, int n_threads) {
    n_threads = check_threads(n_threads);
    if (K.cols() != train_row_means.size())
        throw InvalidArgument(
            "center_new_kernel: kernel width differs from training size");
#pragma omp parallel for schedule(static) num_threads(n_threads)
    for (Index i = 0; i < K.rows(); ++i) {
        const T mean = static_cast<T>(K.row(i).template cast<double>().mean());
        K.row(i).array() +=
            train_grand_mean - mean - train_row_means.transpose().array();
    }
}

KernelKind parse_kernel(const std::string& name) {
    if (name == "linear")
        return KernelKind::Linear;
    if (name == "poly" || name == "polynomial")
        return KernelKind::Polynomial;
    if (name == "rbf")
        return KernelKind::Rbf;
    if (name == "sigmoid")
        return KernelKind::Sigmoid;
    if (name == "cosine")
        return KernelKind::Cosine;
    throw InvalidArgument("unknown kernel '" + name +
                          "'; use linear, poly, rbf, sigmoid or cosine");
}

template <typename T>
void kernel_matrix(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                   const KernelParams& p, MatrixRef<T> out, bool symmetric,
                   int n_threads, CancelToken& cancel) {
    if (p.kind == KernelKind::Rbf) {
        gaussian_kernel<T>(X, Y, out, symmetric, static_cast<T>(p.gamma), n_threads,
                           cancel);
        return;
    }
    gram<T>(X, Y, out, symmetric, n_threads, cancel);
    const T g = static_cast<T>(p.gamma), c0 = static_cast<T>(p.coef0);
    const T deg = static_cast<T>(p.degree);
    Vector<T> xn, yn;
    if (p.kind == KernelKind::Cosine) {
        // A zero row has no direction: its similarities are defined as 0.
        auto inv_norm = [](const ConstMatrixRef<T>& A) {
            Vector<T> v = A.rowwise().norm();
            for (Index i = 0; i < v.size(); ++i)
                v[i] = v[i] > T(0) ? T(1) / v[i] : T(0);
            return v;
        };
        xn = inv_norm(X);
        yn = symmetric ? xn : inv_norm(Y);
    }
#pragma omp parallel for schedule(static) num_threads(n_threads)
    for (Index i = 0; i < out.rows(); ++i) {
        auto row = out.row(i).array();
        switch (p.kind) {
        case KernelKind::Polynomial:
            row = (g * row + c0).pow(deg);
            break;
        case KernelKind::Sigmoid:
            row = (g * row + c0).tanh();
            break;
        case KernelKind::Cosine:
            row = row * xn[i] * yn.transpose().array();
            break;
        default:
            break;
        }
    }
}

template <typename T>
HalfSymmetricProduct<T>::HalfSymmetricProduct(const ConstMatrixRef<T>& A, bool square,
                                              int n_threads)
    : A_(A), square_(square), n_threads_(check_threads(n_threads)) {
    const Index n = A.rows();
    const double total = 0.5 * double(n) * double(n + 1);
    // A thread needs enough entries to outweigh waking it: on a busy machine a
    // parallel region per small product costs more than the product itself.
    constexpr double kMinEntriesPerThread = 1 << 18;
    n_threads_ = static_cast<int>(
        std::max(1.0, std::min(double(n_threads_), total / kMinEntriesPerThread)));
    // Row i of the upper triangle holds n - i entries; cut where the running area
    // reaches t / n_threads of the total.
    bounds_.assign(n_threads_ + 1, n);
    bounds_[0] = 0;
    double area = 0.0;
    int t = 1;
    for (Index i = 0; i < n && t < n_threads_; ++i) {
        area += double(n - i);
        if (area >= total * t / n_threads_)
            bounds_[t++] = i + 1;
    }
    partial_.resize(n_threads_);
}

template <typename T>
void HalfSymmetricProduct<T>::operator()(const T* x, T* y) const {
    const Index n = A_.rows();
    Eigen::Map<const Vector<T>> xv(x, n);
    Eigen::Map<Vector<T>> yv(y, n);
#pragma omp parallel num_threads(n_threads_)
    {
#ifdef _OPENMP
        const int t = omp_get_thread_num();
#else
        const int t = 0;
#endif
        Vector<T>& acc = partial_[t];
        acc.setZero(n);
        for (Index i = bounds_[t]; i < bounds_[t + 1]; ++i) {
            const Index len = n - i - 1;
            const auto row = A_.row(i).segment(i + 1, len).transpose().array();
            const T xi = xv[i];
            const T aii = square_ ? A_(i, i) * A_(i, i) : A_(i, i);
            if (square_) {
                acc[i] +=
                    aii * xi + (row.square() * xv.segment(i + 1, len).array()).sum();
                acc.segment(i + 1, len).array() += xi * row.square();
            } else {
                acc[i] += aii * xi + (row * xv.segment(i + 1, len).array()).sum();
                acc.segment(i + 1, len).array() += xi * row;
            }
        }
    }
    yv = partial_[0];
    for (int t = 1; t < n_threads_; ++t)
        yv += partial_[t];
}

template <typename T>
void SymmetricOperator<T>::materialize(MatrixRef<T> out) const {
    const Index n = size();
    Vector<T> e = Vector<T>::Zero(n), col(n);
    for (Index j = 0; j < n; ++j) {
        e[j] = T(1);
        apply(e.data(), col.data());
        out.col(j) = col;
        e[j] = T(0);
    }
}

template <typename T>
void CenteredSquaredDistanceOperator<T>::materialize(MatrixRef<T> out) const {
    // O(n^2) instead of n products: square, double-centre, scale.
    if (squared_)
        out = D_;
    else
        out = D_.array().square().matrix();
    Vector<T> means;
    double_center<T>(out, means, n_threads_);
    out *= T(-0.5);
}

template <typename T>
void CenteredSquaredDistanceOperator<T>::apply(const T* x, T* y) const {
    // -1/2 J S J x: centre x, multiply by S (squaring D on the fly when D holds
    // distances: the product is memory-bound, so the squares cost nothing), centre
    // the result.
    Eigen::Map<const Vector<T>> xv(x, n_);
    Eigen::Map<Vector<T>> yv(y, n_);
    const Vector<T> xc = xv.array() - xv.mean();
    product_(xc.data(), y);
    const T mean = yv.mean();
    yv.array() = T(-0.5) * (yv.array() - mean);
}

template <typename T>
SquaredDistanceStats<T> squared_distance_stats(const ConstMatrixRef<T>& D, bool squared,
                                               int n_threads) {
    n_threads = check_threads(n_threads);
    const Index n = D.rows();
    SquaredDistanceStats<T> st;
    Vector<double> means(n);
#pragma omp parallel for schedule(static) num_threads(n_threads)
    for (Index i = 0; i < n; ++i) {
        const auto row = D.row(i).template cast<double>().array();
        means[i] = (squared ? row.sum() : row.square().sum()) / double(n);
    }
    const double grand = means.mean();

    // |J S J|^2 summed in double, one row at a time: the entries cancel heavily.
    double total = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : total) num_threads(n_threads)
    for (Index i = 0; i < n; ++i) {
        Eigen::Array<double, 1, Eigen::Dynamic> s =
            D.row(i).template cast<double>().array();
        if (!squared)
            s = s.square();
        total += (s - means[i] - means.transpose().array() + grand).square().sum();
    }
    st.row_means = means.cast<T>();
    st.grand_mean = static_cast<T>(grand);
    st.centered_sq_norm = 0.25 * total;
    return st;
}

EigenSolver parse_eigen_solver(const std::string& name) {
    if (name == "auto")
        return EigenSolver::Auto;
    if (name == "dense")
        return EigenSolver::Dense;
    if (name == "arpack" || name == "lanczos")
        return EigenSolver::Lanczos;
    throw InvalidArgument("unknown eigen_solver '" + name +
                          "'; use auto, dense or arpack");
}

template <typename T>
void apply_sign_rule(MatrixRef<T> vectors) {
    for (Index c = 0; c < vectors.cols(); ++c) {
        Index arg = 0;
        T best = T(-1);
        for (Index r = 0; r < vectors.rows(); ++r) {
            const T a = std::abs(vectors(r, c));
            if (a > best) {
                best = a;
                arg = r;
            }
        }
        if (vectors(arg, c) < T(0))
            vectors.col(c) *= T(-1);
    }
}

namespace {

// Spectra's view of our operator: counts products and lets Ctrl-C through.
template <typename T>
class SpectraOp {
  public:
    using Scalar = T;
    SpectraOp(const SymmetricOperator<T>& op, CancelToken& cancel)
        : op_(op), cancel_(cancel) {}
    Index rows() const { return op_.size(); }
    Index cols() const { return op_.size(); }
    void perform_op(const T* x, T* y) const {
        if (cancel_.poll())
            throw Cancelled();
        op_.apply(x, y);
        ++products_;
    }
    Index products() const { return products_; }

  private:
    const SymmetricOperator<T>& op_;
    CancelToken& cancel_;
    mutable Index products_ = 0;
};

template <typename T>
EigenResult<T> dense_top(const SymmetricOperator<T>& op, const ConstMatrixRef<T>* A,
                         Index k, bool smallest) {
    const Index n = op.size();
    Matrix<T> built;
    if (!A) {
        built.resize(n, n);
        op.materialize(built);
    }
    // A symmetric matrix in row-major order reads the same as column-major, so the
    // solver may take it as is (it copies it once, into its eigenvector storage).
    using ColMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    const T* data = A ? A->data() : built.data();
    const Index stride = A ? A->outerStride() : n;
    Eigen::Map<const ColMajor, 0, Eigen::OuterStride<>> M(data, n, n,
                                                          Eigen::OuterStride<>(stride));
    Eigen::SelfAdjointEigenSolver<ColMajor> es(M);
    if (es.info() != Eigen::Success)
        throw NumericalError("dense eigensolver did not converge");
    EigenResult<T> r;
    if (smallest) {
        r.values = es.eigenvalues().head(k);
        r.vectors = es.eigenvectors().leftCols(k);
    } else {
        r.values = es.eigenvalues().reverse().head(k);
        r.vectors = es.eigenvectors().rowwise().reverse().leftCols(k);
    }
    r.solver = "dense";
    r.products = A ? 0 : n;
    return r;
}

template <typename T>
EigenResult<T> lanczos_top(const SymmetricOperator<T>& op, Index k, double tol,
                           Index max_iter, CancelToken& cancel, bool smallest) {
    const Index n = op.size();
    SpectraOp<T> sop(op, cancel);
    const Index ncv = std::min(n, std::max<Index>(2 * k + 1, 20));
    Spectra::SymEigsSolver<SpectraOp<T>> solver(sop, k, ncv);
    // A fixed start vector: the result must not depend on a hidden random state.
    Vector<T> start = Vector<T>::Ones(n);
    for (Index i = 0; i < n; ++i)
        start[i] += static_cast<T>(0.5 * std::sin(1.0 + 7.0 * double(i)));
    solver.init(start.data());
    const auto rule =
        smallest ? Spectra::SortRule::SmallestAlge : Spectra::SortRule::LargestAlge;
    solver.compute(rule, max_iter, static_cast<T>(tol), rule);
    if (solver.info() != Spectra::CompInfo::Successful)
        throw NumericalError("Lanczos eigensolver did not converge in " +
                             std::to_string(max_iter) + " restarts");
    EigenResult<T> r;
    r.values = solver.eigenvalues();
    r.vectors = solver.eigenvectors();
    r.solver = "lanczos";
    r.iterations = solver.num_iterations();
    r.products = sop.products();
    return r;
}

} // namespace

template <typename T>
EigenResult<T> top_eigen(const SymmetricOperator<T>& op,
                         const ConstMatrixRef<T>* dense_matrix, Index k,
                         EigenSolver solver, double tol, Index max_iter,
                         CancelToken& cancel, bool smallest) {
    const Index n = op.size();
    if (k < 1 || k > n)
        throw InvalidArgument("top_eigen: need 1 <= k <= n");
    // Lanczos needs k < n, and pays off only when the Krylov space is a small share of
    // n.
    const bool small = n <= 400 || 3 * k >= n;
    if (solver == EigenSolver::Lanczos && k >= n)
        solver = EigenSolver::Dense;
    EigenResult<T> r;
    if (solver == EigenSolver::Dense || (solver == EigenSolver::Auto && small)) {
        r = dense_top<T>(op, dense_matrix, k, smallest);
    } else if (solver == EigenSolver::Lanczos) {
        r = lanczos_top<T>(op, k, tol, max_iter, cancel, smallest);
    } else {
        try {
            r = lanczos_top<T>(op, k, tol, max_iter, cancel, smallest);
        } catch (const NumericalError&) {
            r = dense_top<T>(op, dense_matrix, k, smallest);
        }
    }
    cancel.throw_if_cancelled();
    apply_sign_rule<T>(r.vectors);
    return r;
}

#define LOWDIM_INSTANTIATE(T)                                                          \
    template T double_center<T>(MatrixRef<T>, Vector<T>&, int, double*);               \
    template void center_new_kernel<T>(MatrixRef<T>, const Vector<T>&, T, int);        \
    template void kernel_matrix<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&, \
                                   const KernelParams&, MatrixRef<T>, bool, int,       \
                                   CancelToken&);                                      \
    template class HalfSymmetricProduct<T>;                                            \
    template class SymmetricOperator<T>;                                               \
    template class DenseOperator<T>;                                                   \
    template class CenteredSquaredDistanceOperator<T>;                                 \
    template void apply_sign_rule<T>(MatrixRef<T>);                                    \
    template EigenResult<T> top_eigen<T>(const SymmetricOperator<T>&,                  \
                                         const ConstMatrixRef<T>*, Index, EigenSolver, \
                                         double, Index, CancelToken&, bool);           \
    template SquaredDistanceStats<T> squared_distance_stats<T>(                        \
        const ConstMatrixRef<T>&, bool, int);
LOWDIM_INSTANTIATE(float)
LOWDIM_INSTANTIATE(double)
#undef LOWDIM_INSTANTIATE

} // namespace lowdim
