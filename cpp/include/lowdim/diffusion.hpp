// Diffusion maps (Coifman & Lafon 2006): Markov normalisation of a Gaussian kernel.
#pragma once

#include "lowdim/graph.hpp"
#include "lowdim/spectral.hpp"

namespace lowdim {

/// Product with a symmetric sparse matrix stored as a CSR graph (rows over threads).
template <typename T>
class CsrOperator final : public SymmetricOperator<T> {
  public:
    CsrOperator(const CsrGraph<T>& g, int n_threads) : g_(g), n_threads_(n_threads) {}
    Index size() const override { return g_.n; }
    void apply(const T* x, T* y) const override;
    void apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const override;

  private:
    const CsrGraph<T>& g_;
    int n_threads_;
};

/// The symmetric conjugate S = D^-1/2 K_a D^-1/2 of the Markov matrix P = D^-1 K_a of
/// a dense, symmetric, non-negative kernel K, where K_a = Q^-a K Q^-a,
/// Q = diag(row sums of K) and D = diag(row sums of K_a). S has the eigenvalues of P;
/// P's right eigenvectors are D^-1/2 times S's.
///
/// S = diag(s) K diag(s) with s = q^-a d^-1/2, so the operator scales around
/// products with K and never writes it: q = K 1 and d = q^-a (K q^-a) cost one pass
/// over half of K each, where normalising in place costs four full passes. Only the
/// upper triangle of K (diagonal included) is read.
/// Throws InvalidArgument when a row sum is 0 or not finite (bandwidth too small).
template <typename T>
class MarkovConjugateOperator final : public SymmetricOperator<T> {
  public:
    MarkovConjugateOperator(const ConstMatrixRef<T>& K, double alpha, int n_threads);
    Index size() const override { return K_.rows(); }
    void apply(const T* x, T* y) const override;
    void apply_block(const ConstMatrixRef<T>& X, MatrixRef<T> Y) const override;
    void materialize(MatrixRef<T> out) const override;
    /// Row sums of K, and of K_a.
    const Vector<T>& q() const { return q_; }
    const Vector<T>& d() const { return d_; }

  private:
    ConstMatrixRef<T> K_;
    HalfSymmetricProduct<T> product_;
    Vector<T> q_, d_, s_;
};

/// Turns a sparse kernel held as a graph (self-loops included in the weights) into
/// S in place (see MarkovConjugateOperator); `q` and `d` receive the two row-sum
/// vectors.
template <typename T>
void markov_conjugate(CsrGraph<T>& K, double alpha, Vector<T>& q, Vector<T>& d,
                      int n_threads);

/// Diffusion coordinates from the top k+1 eigenpairs of S (the first is the trivial
/// pair, eigenvalue 1): psi_c = phi_c / phi_0, which makes psi_0 = 1 and each psi_c
/// unit-norm under the stationary distribution; coordinates are lambda_c^t psi_c.
/// Returns n x k; `values` receives the k non-trivial eigenvalues.
template <typename T>
Matrix<T> diffusion_coordinates(const EigenResult<T>& eig, const Vector<T>& d, double t,
                                Vector<T>& values);

/// Nystrom extension to new points. `K` (m x n, overwritten) is the kernel between the
/// new points and the training points; `q_train` the training kernel's row sums;
/// `psi` the training eigenvectors (n x k, psi_0 excluded) and `values` their
/// eigenvalues. Returns the m x k coordinates lambda^t psi(x).
/// Rows of K that sum to 0 (a new point far from all training points) get the
/// coordinates of the stationary point, 0.
template <typename T>
Matrix<T> diffusion_extend(MatrixRef<T> K, const Vector<T>& q_train, double alpha,
                           const ConstMatrixRef<T>& psi, const Vector<T>& values,
                           double t, int n_threads);

} // namespace lowdim
