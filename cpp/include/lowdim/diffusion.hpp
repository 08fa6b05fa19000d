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

  private:
    const CsrGraph<T>& g_;
    int n_threads_;
};

/// Turns a kernel K (dense, symmetric, non-negative) into the symmetric conjugate
/// S = D^-1/2 K_a D^-1/2 of the Markov matrix P = D^-1 K_a, in place, where
/// K_a = Q^-a K Q^-a, Q = diag(row sums of K) and D = diag(row sums of K_a).
/// S has the eigenvalues of P; P's right eigenvectors are D^-1/2 times S's.
/// `q` and `d` receive the two row-sum vectors.
/// Throws InvalidArgument when a row sum is 0 or not finite (bandwidth too small).
template <typename T>
void markov_conjugate(MatrixRef<T> K, double alpha, Vector<T>& q, Vector<T>& d,
                      int n_threads);

/// The same for a sparse kernel held as a graph (self-loops included in the weights).
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
