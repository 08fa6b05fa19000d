// Centering, kernels and the top-k symmetric eigensolver behind every spectral method.
#pragma once

#include "lowdim/common.hpp"

#include <string>
#include <vector>

namespace lowdim {

/// Double centering in place: K <- J K J with J = I - 11^T/n, for symmetric K.
/// Writes the row means of the input into `row_means` (length n) and returns the
/// grand mean, both needed to centre kernels of new points the same way.
/// A non-finite entry makes its row mean non-finite, which callers check.
/// `sq_norm`, when given, receives the squared Frobenius norm of the input, read in
/// the same pass (the scale of the rounding in the centred matrix).
template <typename T>
T double_center(MatrixRef<T> K, Vector<T>& row_means, int n_threads,
                double* sq_norm = nullptr);

/// Centres the kernel between m new points and the n training points in place:
/// K_ij <- K_ij - mean_l K_il - train_row_means_j + train_grand_mean.
template <typename T>
void center_new_kernel(MatrixRef<T> K, const Vector<T>& train_row_means,
                       T train_grand_mean, int n_threads);

enum class KernelKind { Linear, Polynomial, Rbf, Sigmoid, Cosine };

/// Parses "linear", "poly"/"polynomial", "rbf", "sigmoid", "cosine".
KernelKind parse_kernel(const std::string& name);

struct KernelParams {
    KernelKind kind = KernelKind::Linear;
    double gamma = 1.0;
    double degree = 3.0;
    double coef0 = 1.0;
};

/// out = k(X_i, Y_j). With `symmetric` (Y is X) only half the products are formed.
template <typename T>
void kernel_matrix(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Y,
                   const KernelParams& p, MatrixRef<T> out, bool symmetric,
                   int n_threads, CancelToken& cancel = no_cancel());

/// y = A x for a symmetric operator of size n that the iterative solver only touches
/// through products.
template <typename T>
class SymmetricOperator {
  public:
    virtual ~SymmetricOperator() = default;
    virtual Index size() const = 0;
    virtual void apply(const T* x, T* y) const = 0;
    /// Y = A X for a block of vectors (n x b, row-major). The products are
    /// memory-bound, so an operator that reads its matrix once for the whole block
    /// gives b products for little more than the price of one. The default applies
    /// the operator column by column.
    virtual void apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const;
    /// Writes the whole n x n matrix, for the dense solver. The default applies the
    /// operator to each unit vector (n products); operators that can build their
    /// matrix directly override it.
    virtual void materialize(MatrixRef<T> out) const;
};

/// y = f(A) x for a symmetric A stored in full, reading only its upper triangle: the
/// products of the iterative eigensolvers are memory-bound, so half the reads is
/// nearly half the time. f is the identity, or squares each entry (`square`).
/// Rows are split into one contiguous range per thread with equal triangle areas;
/// each thread accumulates the transposed half in its own vector, summed at the
/// end, so the result depends on the thread count only through rounding.
template <typename T>
class HalfSymmetricProduct {
  public:
    HalfSymmetricProduct(const ConstMatrixRef<T>& A, bool square, int n_threads);
    void operator()(const T* x, T* y) const;
    /// Y = f(A) X for an n x b block, reading the triangle once.
    void operator()(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const;

  private:
    ConstMatrixRef<T> A_;
    bool square_;
    int n_threads_;
    std::vector<Index> bounds_;
    mutable std::vector<Vector<T>> partial_;
    mutable std::vector<Matrix<T>> block_partial_;
};

/// Product with an explicit symmetric matrix.
template <typename T>
class DenseOperator final : public SymmetricOperator<T> {
  public:
    DenseOperator(const ConstMatrixRef<T>& A, int n_threads)
        : n_(A.rows()), product_(A, false, n_threads) {}
    Index size() const override { return n_; }
    void apply(const T* x, T* y) const override { product_(x, y); }
    void apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const override {
        product_(X, Y);
    }

  private:
    Index n_;
    HalfSymmetricProduct<T> product_;
};

/// Product with the double-centred matrix -1/2 J S J, where S = D o D holds squared
/// distances, reading only D (or S itself when `squared` is true): classical MDS and
/// Isomap never build a second n x n array.
template <typename T>
class CenteredSquaredDistanceOperator final : public SymmetricOperator<T> {
  public:
    CenteredSquaredDistanceOperator(const ConstMatrixRef<T>& D, bool squared,
                                    int n_threads)
        : n_(D.rows()), D_(D), squared_(squared), n_threads_(n_threads),
          product_(D, !squared, n_threads) {}
    Index size() const override { return n_; }
    void apply(const T* x, T* y) const override;
    void apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const override;
    void materialize(MatrixRef<T> out) const override;

  private:
    Index n_;
    ConstMatrixRef<T> D_;
    bool squared_;
    int n_threads_;
    HalfSymmetricProduct<T> product_;
};

/// Row means of S (S = D o D, or D itself when `squared`), the grand mean, and the
/// squared Frobenius norm of -1/2 J S J, all streamed over D without a second
/// n x n array. The means centre new points; the norm gives Isomap's reconstruction
/// error.
template <typename T>
struct SquaredDistanceStats {
    Vector<T> row_means;
    T grand_mean{};
    double centered_sq_norm = 0.0;
};

template <typename T>
SquaredDistanceStats<T> squared_distance_stats(const ConstMatrixRef<T>& D, bool squared,
                                               int n_threads);

enum class EigenSolver { Auto, Dense, Lanczos, Block };

/// Parses "auto", "dense", "arpack" / "lanczos", "block".
EigenSolver parse_eigen_solver(const std::string& name);

template <typename T>
struct EigenResult {
    Vector<T> values;     ///< the k algebraically largest, in descending order
    Matrix<T> vectors;    ///< n x k, unit columns, sign rule applied
    std::string solver;   ///< "dense", "lanczos" or "block": the path actually taken
    Index iterations = 0; ///< restarts of the iterative solvers
    Index products = 0;   ///< operator applications (to a vector, or to a block)
    Index block_size = 1; ///< vectors per product
};

/// Sign rule shared by every eigenvector in lowdim: in each column, the entry of
/// largest magnitude (the first such entry on an exact tie) is made positive.
template <typename T>
void apply_sign_rule(MatrixRef<T> vectors);

/// Top-k eigenpairs (algebraically largest, so that negative eigenvalues of an
/// indefinite matrix are never picked ahead of small positive ones).
///
/// `Dense` runs a full tridiagonal eigendecomposition: exact but O(n^3) and
/// single-threaded. `Lanczos` runs implicitly restarted Lanczos (Spectra) through
/// `op`, one vector per product. `Block` runs thick-restarted block Lanczos: each
/// product applies `op` to a block of vectors, which reads a stored matrix once for
/// the whole block, so it needs a few passes over the matrix where Lanczos needs
/// about twenty. A returned pair has a residual |A v - lambda v| of at most
/// max(tol |lambda|, f max |theta|) over the Ritz values theta, where
/// f = max(eps^(2/3), 10 sqrt(n) eps) is the level the products' rounding leaves
/// (which an eigenvalue at 0 could not pass with a relative test); the block solver
/// checks this with a fresh product before returning, Lanczos results are checked
/// (within 10x) the same way. `Auto` takes the dense path when n is small or k is a
/// large share of n, otherwise Block (Lanczos for k >= 16). A solver that fails (no
/// convergence in `max_iter` restarts, a failed check, the dense QR iteration giving
/// up) hands over to the next: Lanczos to Block to Dense, Block to Dense, Dense to
/// Block where the problem is large enough; NumericalError when the last fails.
/// `EigenResult::solver` names the path that gave the result. `dense_matrix` is
/// needed for the dense path; pass nullptr to build it from `op` (n products).
///
/// With `smallest` the k algebraically smallest are returned instead, in ascending
/// order (used to report how negative an indefinite matrix is).
template <typename T>
EigenResult<T> top_eigen(const SymmetricOperator<T>& op,
                         const ConstMatrixRef<T>* dense_matrix, Index k,
                         EigenSolver solver, double tol, Index max_iter,
                         CancelToken& cancel = no_cancel(), bool smallest = false);

} // namespace lowdim
