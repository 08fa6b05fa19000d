#include "lowdim/spectral.hpp"

#include "lowdim/distances.hpp"

#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

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
        const int t = thread_num();
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

namespace {

// Row i of the upper triangle against an n x W block: P_i += sum_j f(a_ij) X_j and
// P_j += f(a_ij) X_i for j > i. W is a compile-time width so that the row's
// accumulator and X_i stay in registers (P_i and P_j share a buffer, which would
// otherwise force every update through memory).
template <typename T, int W, bool Square>
struct HalfBlockKernel {
    // Eigen's fixed-size packets: the compiler does not vectorise these loops by
    // itself (the accumulator reductions across j defeat it).
    using Packet = Eigen::Array<T, W, 1>;
    using In = Eigen::Map<const Packet>;
    using Out = Eigen::Map<Packet>;

    static T f(T a) { return Square ? a * a : a; }

    // Rows i and i+1 together: X_j and P_j move through the core once for both, and
    // the two accumulators are independent chains of adds.
    static void two_rows(const T* __restrict a0, const T* __restrict a1, Index i,
                         Index n, const T* __restrict X, T* __restrict P) {
        const Packet x0 = In(X + i * W), x1 = In(X + (i + 1) * W);
        const T b01 = f(a0[i + 1]);
        Packet acc0 = f(a0[i]) * x0 + b01 * x1;
        Packet acc1 = b01 * x0 + f(a1[i + 1]) * x1;
        for (Index j = i + 2; j < n; ++j) {
            const T u = f(a0[j]), v = f(a1[j]);
            const Packet xj = In(X + j * W);
            acc0 += u * xj;
            acc1 += v * xj;
            Out(P + j * W) += u * x0 + v * x1;
        }
        Out(P + i * W) += acc0;
        Out(P + (i + 1) * W) += acc1;
    }

    static void one_row(const T* __restrict a, Index i, Index n, const T* __restrict X,
                        T* __restrict P) {
        const Packet xi = In(X + i * W);
        Packet acc = f(a[i]) * xi;
        for (Index j = i + 1; j < n; ++j) {
            acc += f(a[j]) * In(X + j * W);
            Out(P + j * W) += f(a[j]) * xi;
        }
        Out(P + i * W) += acc;
    }

    static void rows(const T* A, Index stride, Index begin, Index end, Index n,
                     const T* X, T* P) {
        Index i = begin;
        for (; i + 2 <= end; i += 2)
            two_rows(A + i * stride, A + (i + 1) * stride, i, n, X, P);
        if (i < end)
            one_row(A + i * stride, i, n, X, P);
    }
};

// Any width, for blocks that are not a multiple of the unrolled ones.
template <typename T, bool Square>
void half_row_any(const T* a, Index i, Index n, Index w, const T* X, T* P) {
    for (Index j = i; j < n; ++j) {
        const T aij = Square ? a[j] * a[j] : a[j];
        const T* xj = X + j * w;
        const T* xi = X + i * w;
        T* pi = P + i * w;
        T* pj = P + j * w;
        for (Index c = 0; c < w; ++c) {
            pi[c] += aij * xj[c];
            if (j != i)
                pj[c] += aij * xi[c];
        }
    }
}

template <typename T, bool Square>
void half_rows(const T* A, Index stride, Index begin, Index end, Index n, Index w,
               const T* X, T* P) {
    switch (w) {
    case 4:
        HalfBlockKernel<T, 4, Square>::rows(A, stride, begin, end, n, X, P);
        break;
    case 8:
        HalfBlockKernel<T, 8, Square>::rows(A, stride, begin, end, n, X, P);
        break;
    case 16:
        HalfBlockKernel<T, 16, Square>::rows(A, stride, begin, end, n, X, P);
        break;
    default:
        for (Index i = begin; i < end; ++i)
            half_row_any<T, Square>(A + i * stride, i, n, w, X, P);
    }
}

} // namespace

template <typename T>
void HalfSymmetricProduct<T>::operator()(const ConstMatrixRef<T>& X,
                                         MatrixRef<T> Y) const {
    const Index n = A_.rows(), w = X.cols();
    // The kernels read X and write the partials as packed n x w row-major arrays;
    // every caller here passes X packed already, so the copy is only a fallback.
    Matrix<T> copy;
    const T* x = X.data();
    if (X.outerStride() != w) {
        copy = X;
        x = copy.data();
    }
    block_partial_.resize(n_threads_);
#pragma omp parallel num_threads(n_threads_)
    {
        const int t = thread_num();
        Matrix<T>& acc = block_partial_[t];
        acc.setZero(n, w);
        const T* A = A_.data();
        const Index stride = A_.outerStride();
        if (square_)
            half_rows<T, true>(A, stride, bounds_[t], bounds_[t + 1], n, w, x,
                               acc.data());
        else
            half_rows<T, false>(A, stride, bounds_[t], bounds_[t + 1], n, w, x,
                                acc.data());
    }
    Y = block_partial_[0];
    for (int t = 1; t < n_threads_; ++t)
        Y += block_partial_[t];
}

template <typename T>
void SymmetricOperator<T>::apply_block(const ConstMatrixRef<T>& X,
                                       MatrixRef<T> Y) const {
    const Index n = size();
    Vector<T> x(n), y(n);
    for (Index c = 0; c < X.cols(); ++c) {
        x = X.col(c);
        apply(x.data(), y.data());
        Y.col(c) = y;
    }
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
void CenteredSquaredDistanceOperator<T>::apply_block(const ConstMatrixRef<T>& X,
                                                     MatrixRef<T> Y) const {
    const Matrix<T> Xc = X.rowwise() - X.colwise().mean();
    product_(Xc, Y);
    const Eigen::Matrix<T, 1, Eigen::Dynamic> means = Y.colwise().mean();
    Y = T(-0.5) * (Y.rowwise() - means);
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
    if (name == "block")
        return EigenSolver::Block;
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
    try {
        solver.compute(rule, max_iter, static_cast<T>(tol), rule);
    } catch (const Cancelled&) {
        throw;
    } catch (const std::runtime_error& e) {
        // Spectra's inner tridiagonal solver gives up on some degenerate spectra.
        throw NumericalError(std::string("Lanczos eigensolver failed: ") + e.what());
    }
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

// Pseudo-random entries in [-1, 1) from a hash of (seed, i): the same on every
// platform, with no hidden generator state behind the result.
inline double hashed_uniform(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E5Dull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-52 - 1.0;
}

// Whether the first k columns of R (residuals A v - theta v of Ritz pairs) pass
// |r_i| <= max(tol |theta_i|, f max |theta|), f = max(eps^(2/3), 10 sqrt(n) eps):
// below f the residuals are the rounding of the products, and an eigenvalue at 0
// (a rank-deficient matrix) could never pass the relative test.
template <typename T, typename Residuals>
bool residuals_small(const Residuals& R, const Vector<T>& theta, Index k, double tol,
                     double slack = 1.0) {
    const double eps = std::numeric_limits<T>::epsilon();
    const double f =
        std::max(std::pow(eps, 2.0 / 3.0), 10.0 * std::sqrt(R.rows()) * eps);
    const double floor = f * double(theta.cwiseAbs().maxCoeff());
    for (Index i = 0; i < k; ++i)
        // stableNorm: residuals of a tiny-scale matrix would underflow to 0.
        if (!(double(R.col(i).stableNorm()) <=
              slack * std::max(tol * std::abs(double(theta[i])), floor)))
            return false;
    return true;
}

// Thick-restarted block Lanczos with full reorthogonalisation.
//
// The basis Q (n x m, orthonormal) grows one block of b vectors per product; A Q is
// kept beside it, so the Rayleigh-Ritz matrix H = Q^T A Q and the Ritz residuals
// cost no product. When the basis is full, the best p Ritz vectors are kept (with
// their products, and H becomes their diagonal) and the residuals of the leading b
// continue the Krylov space. Every product reads the operator's matrix once for the
// whole block, which is what makes this cheaper than single-vector Lanczos on the
// memory-bound dense problems here.
template <typename T>
class BlockLanczos {
  public:
    using ColMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

    BlockLanczos(const SymmetricOperator<T>& op, Index k, bool smallest,
                 CancelToken& cancel)
        : op_(op), n_(op.size()), k_(k), smallest_(smallest), cancel_(cancel) {
        b_ = block_width(k);
        m_max_ = basis_size(k);
        keep_ = std::min(std::max<Index>(k + b_, m_max_ / 2), m_max_ - b_);
    }

    // b > k, so that the block reaches past the wanted pairs; widths of 4, 8 and 16
    // have unrolled product kernels. On the kernels and geodesic matrices of the
    // bench, convergence takes about 7 products whatever the width (the Krylov
    // degree is what counts), so the narrowest width is the cheapest.
    static Index block_width(Index k) {
        return k < 4 ? 4 : k < 8 ? 8 : k < 16 ? 16 : 4 * ((k + 7) / 4);
    }
    static Index basis_size(Index k) { return std::max(8 * block_width(k), 3 * k); }

    /// Whether the problem is large enough for the basis to be a small share of n.
    static bool fits(Index n, Index k) { return n >= 2 * basis_size(k); }

    EigenResult<T> run(double tol, Index max_restarts) {
        Q_.resize(n_, m_max_);
        AQ_.resize(n_, m_max_);
        H_ = ColMatrix::Zero(m_max_, m_max_);
        ColMatrix start(n_, b_);
        for (Index i = 0; i < n_; ++i) {
            // The first column is the smooth positive vector of the Lanczos path.
            start(i, 0) = static_cast<T>(1.0 + 0.5 * std::sin(1.0 + 7.0 * double(i)));
            for (Index c = 1; c < b_; ++c)
                start(i, c) = static_cast<T>(hashed_uniform(c, i));
        }
        m_ = 0;
        append(start);
        Index restarts = 0;
        auto count_restart = [&] {
            if (restarts == max_restarts)
                throw NumericalError("block Lanczos eigensolver did not converge in " +
                                     std::to_string(max_restarts) + " restarts");
            ++restarts;
        };
        while (true) {
            if (ritz_converged(tol)) {
                if (verified(tol))
                    break;
                count_restart();
            } else if (m_ + b_ > m_max_) {
                count_restart();
                restart();
            } else {
                append(AQ_.middleCols(m_ - b_, b_));
            }
        }
        EigenResult<T> r;
        r.values = theta_.head(k_);
        r.vectors = ritz_.leftCols(k_); // the Ritz vectors the last check passed
        r.solver = "block";
        r.iterations = restarts;
        r.products = products_;
        r.block_size = b_;
        return r;
    }

  private:
    // Orthonormalises Z against the basis and within itself (two Gram-Schmidt passes,
    // which leave it orthogonal to working precision), puts it at column m_, applies
    // the operator to it and extends H.
    void append(ColMatrix Z) {
        const auto Q = Q_.leftCols(m_);
        for (int pass = 0; pass < 2; ++pass)
            Z -= Q * (Q.transpose() * Z);
        for (Index c = 0; c < b_; ++c) {
            // stableNorm: the squares of a tiny-scale matrix's entries (1e-200, or
            // 1e-24 in float) underflow and norm() would call them 0.
            const T before = Z.col(c).stableNorm();
            for (int pass = 0; pass < 2; ++pass) {
                Z.col(c) -= Q * (Q.transpose() * Z.col(c));
                Z.col(c) -= Z.leftCols(c) * (Z.leftCols(c).transpose() * Z.col(c));
            }
            T norm = Z.col(c).stableNorm();
            // A direction already in the basis (an invariant subspace, or a rank-
            // deficient matrix): continue with a fresh pseudo-random one.
            if (!(norm > T(64) * std::numeric_limits<T>::epsilon() * before) ||
                !(norm > T(0))) {
                // Seeds far above the start block's column numbers.
                for (Index i = 0; i < n_; ++i)
                    Z(i, c) =
                        static_cast<T>(hashed_uniform((1ull << 32) + replaced_, i));
                ++replaced_;
                for (int pass = 0; pass < 2; ++pass) {
                    Z.col(c) -= Q * (Q.transpose() * Z.col(c));
                    Z.col(c) -= Z.leftCols(c) * (Z.leftCols(c).transpose() * Z.col(c));
                }
                norm = Z.col(c).stableNorm();
                // Cannot happen while the basis is at most half of n (fits()).
                if (!(norm > T(0)))
                    throw NumericalError("block Lanczos: basis spans the whole space");
            }
            Z.col(c) /= norm;
        }
        Q_.middleCols(m_, b_) = Z;
        AQ_.middleCols(m_, b_) = apply(Z);
        const Index m = m_ + b_;
        H_.block(0, m_, m, b_) = Q_.leftCols(m).transpose() * AQ_.middleCols(m_, b_);
        H_.block(m_, 0, b_, m_) = H_.block(0, m_, m_, b_).transpose();
        // The new diagonal block is symmetric in exact arithmetic; make it so.
        const ColMatrix D = H_.block(m_, m_, b_, b_);
        H_.block(m_, m_, b_, b_) = T(0.5) * (D + D.transpose());
        m_ = m;
    }

    // Ritz pairs of the current basis, wanted end first; true when the k wanted
    // ones have small residuals.
    bool ritz_converged(double tol) {
        Eigen::SelfAdjointEigenSolver<ColMatrix> es(H_.topLeftCorner(m_, m_));
        if (es.info() != Eigen::Success)
            throw NumericalError("block Lanczos: Rayleigh-Ritz step failed");
        theta_ = es.eigenvalues();
        U_ = es.eigenvectors();
        if (!smallest_) {
            theta_.reverseInPlace();
            U_ = U_.rowwise().reverse().eval();
        }
        const Index r = std::min(m_, std::max(k_, b_));
        R_ = AQ_.leftCols(m_) * U_.leftCols(r) -
             Q_.leftCols(m_) * (U_.leftCols(r) * theta_.head(r).asDiagonal());
        return residuals_small<T>(R_, theta_, k_, tol);
    }

    // Converged by the kept products A Q, which carry the rounding of every restart:
    // one product with the leading Ritz vectors checks the residuals afresh. When
    // they fail, the basis restarts from those vectors and their true products.
    bool verified(double tol) {
        ritz_ = Q_.leftCols(m_) * U_.leftCols(b_);
        const ColMatrix& Y = ritz_;
        ColMatrix AY = apply(Y);
        const ColMatrix R = AY - Y * theta_.head(b_).asDiagonal();
        if (residuals_small<T>(R, theta_, k_, tol))
            return true;
        Q_.leftCols(b_) = Y;
        AQ_.leftCols(b_) = AY;
        H_.setZero();
        const ColMatrix H = Y.transpose() * AY;
        H_.topLeftCorner(b_, b_) = T(0.5) * (H + H.transpose());
        m_ = b_;
        return false;
    }

    ColMatrix apply(const ColMatrix& Z) {
        if (cancel_.poll())
            throw Cancelled();
        const Matrix<T> X = Z; // row-major: each row's b entries side by side
        Matrix<T> Y(n_, Z.cols());
        op_.apply_block(X, Y);
        ++products_;
        if (!Y.allFinite())
            // Not a convergence failure: no solver (and no dense fallback) can help,
            // and restarting would spin for max_iter rounds.
            throw InvalidArgument("eigensolver: the matrix has non-finite entries");
        return Y;
    }

    // Keeps the best keep_ Ritz vectors and continues from the leading residuals.
    void restart() {
        const Index p = keep_;
        const ColMatrix Y = Q_.leftCols(m_) * U_.leftCols(p);
        const ColMatrix AY = AQ_.leftCols(m_) * U_.leftCols(p);
        Q_.leftCols(p) = Y;
        AQ_.leftCols(p) = AY;
        H_.setZero();
        H_.topLeftCorner(p, p).diagonal() = theta_.head(p);
        m_ = p;
        append(R_.leftCols(b_));
    }

    const SymmetricOperator<T>& op_;
    Index n_, k_;
    bool smallest_;
    CancelToken& cancel_;
    Index b_ = 8, m_max_ = 48, keep_ = 24, m_ = 0, products_ = 0;
    std::uint64_t replaced_ = 0;
    ColMatrix Q_, AQ_, H_, U_, R_, ritz_;
    Vector<T> theta_;
};

// One product with the returned vectors: every residual within 10x the bound the
// block solver guarantees (Spectra tests its own estimates, which may differ a
// little), values and vectors finite.
//
// The values are then replaced by the Rayleigh quotients v^T A v of that product:
// Spectra's float32 Ritz values on a many-fold eigenvalue were off by 5e-5, while
// a quotient's error is of the order of the residual squared.
template <typename T>
bool lanczos_verified(const SymmetricOperator<T>& op, EigenResult<T>& r, double tol,
                      bool smallest) {
    if (!r.values.allFinite() || !r.vectors.allFinite())
        return false;
    const Matrix<T> V = r.vectors;
    Matrix<T> AV(V.rows(), V.cols());
    op.apply_block(V, AV);
    const Matrix<T> R = AV - V * r.values.asDiagonal();
    if (!residuals_small<T>(R, r.values, r.values.size(), tol, 10.0))
        return false;
    const Vector<T> q = (V.array() * AV.array()).colwise().sum().transpose();
    // Keep the promised order (descending, or ascending for `smallest`).
    std::vector<Index> order(q.size());
    std::iota(order.begin(), order.end(), Index(0));
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
        return smallest ? q[a] < q[b] : q[a] > q[b];
    });
    for (Index c = 0; c < q.size(); ++c) {
        r.values[c] = q[order[c]];
        r.vectors.col(c) = V.col(order[c]);
    }
    return true;
}

template <typename T>
EigenResult<T> block_top(const SymmetricOperator<T>& op, Index k, double tol,
                         Index max_iter, CancelToken& cancel, bool smallest) {
    return BlockLanczos<T>(op, k, smallest, cancel).run(tol, max_iter);
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
    // The iterative solvers need a Krylov space well short of n, and pay off only
    // when it is a small share of n.
    const bool small = n <= 400 || 3 * k >= n;
    if (solver == EigenSolver::Lanczos && k >= n)
        solver = EigenSolver::Dense;
    if (solver == EigenSolver::Block && !BlockLanczos<T>::fits(n, k))
        solver = EigenSolver::Dense;
    const bool fits = BlockLanczos<T>::fits(n, k);
    if (solver == EigenSolver::Auto)
        // Blocks wider than the unrolled product kernels (k >= 16) lose the block's
        // advantage; Lanczos takes those.
        solver = small            ? EigenSolver::Dense
                 : k < 16 && fits ? EigenSolver::Block
                                  : EigenSolver::Lanczos;
    // What to try when a solver fails. Spectra's Lanczos can return garbage without
    // an error on rank-deficient or tiny-scale matrices (eigenvalues of 1e20 for a
    // rank-one matrix of norm 1e4), so its result is checked with one product, and
    // a failure moves on like an error would.
    std::vector<EigenSolver> chain{solver};
    if (solver == EigenSolver::Lanczos && fits)
        chain.push_back(EigenSolver::Block);
    if (solver != EigenSolver::Dense)
        chain.push_back(EigenSolver::Dense);
    else if (fits && !small)
        chain.push_back(EigenSolver::Block); // the dense QR iteration can give up
    EigenResult<T> r;
    for (std::size_t attempt = 0; attempt < chain.size(); ++attempt) {
        try {
            if (chain[attempt] == EigenSolver::Lanczos) {
                r = lanczos_top<T>(op, k, tol, max_iter, cancel, smallest);
                if (!lanczos_verified<T>(op, r, tol, smallest))
                    throw NumericalError(
                        "Lanczos eigenpairs failed the residual check");
            } else if (chain[attempt] == EigenSolver::Block) {
                r = block_top<T>(op, k, tol, max_iter, cancel, smallest);
            } else {
                r = dense_top<T>(op, dense_matrix, k, smallest);
            }
            break;
        } catch (const NumericalError&) {
            if (attempt + 1 == chain.size())
                throw;
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
