#include "prelude.hpp"

#include "lowdim/diffusion.hpp"
#include "lowdim/distances.hpp"
#include "lowdim/spectral.hpp"

namespace lowdim::py_bind {

namespace {

template <typename T>
py::dict eigen_dict(const EigenResult<T>& r) {
    py::dict d;
    d["values"] = to_array<T>(r.values);
    d["vectors"] = to_array<T>(r.vectors);
    d["solver"] = r.solver;
    d["iterations"] = r.iterations;
    d["products"] = r.products;
    d["block_size"] = r.block_size;
    return d;
}

template <typename T>
CArray<T> kernel_py(const CArray<T>& X, const std::optional<CArray<T>>& Y,
                    const std::string& kind, double gamma, double degree, double coef0,
                    int n_threads) {
    const KernelParams p{parse_kernel(kind), gamma, degree, coef0};
    const auto Xm = as_matrix<T>(X);
    const auto Ym = as_matrix<T>(Y ? *Y : X);
    CArray<T> out = new_matrix<T>(Xm.rows(), Ym.rows());
    auto om = as_mutable_matrix<T>(out);
    without_gil(
        [&](CancelToken& c) { kernel_matrix<T>(Xm, Ym, p, om, !Y, n_threads, c); });
    return out;
}

template <typename T>
py::tuple double_center_py(CArray<T>& K, int n_threads) {
    auto km = as_mutable_matrix<T>(K);
    Vector<T> means;
    T grand{};
    double sq_norm = 0.0;
    without_gil([&](CancelToken&) {
        grand = double_center<T>(km, means, n_threads, &sq_norm);
    });
    return py::make_tuple(to_array<T>(means), grand, sq_norm);
}

template <typename T>
void center_new_py(CArray<T>& K, const CArray<T>& row_means, T grand, int n_threads) {
    auto km = as_mutable_matrix<T>(K);
    const Vector<T> means =
        Eigen::Map<const Vector<T>>(row_means.data(), row_means.size());
    without_gil(
        [&](CancelToken&) { center_new_kernel<T>(km, means, grand, n_threads); });
}

template <typename T>
py::dict eigen_py(const CArray<T>& A, Index k, const std::string& solver, double tol,
                  Index max_iter, bool smallest, int n_threads) {
    const auto am = as_matrix<T>(A);
    const ConstMatrixRef<T> ref(am);
    DenseOperator<T> op(ref, n_threads);
    const auto s = parse_eigen_solver(solver);
    EigenResult<T> r;
    without_gil([&](CancelToken& c) {
        r = top_eigen<T>(op, &ref, k, s, tol, max_iter, c, smallest);
    });
    return eigen_dict<T>(r);
}

// Classical MDS on a distance matrix D (not squared) without forming -1/2 J D^2 J,
// except on the dense path, which needs the matrix and is only taken for small n.
template <typename T>
py::dict cmds_eigen_py(const CArray<T>& D, bool squared, Index k,
                       const std::string& solver, double tol, Index max_iter,
                       bool smallest, int n_threads) {
    const auto dm = as_matrix<T>(D);
    const ConstMatrixRef<T> ref(dm);
    CenteredSquaredDistanceOperator<T> op(ref, squared, n_threads);
    const auto s = parse_eigen_solver(solver);
    EigenResult<T> r;
    without_gil([&](CancelToken& c) {
        r = top_eigen<T>(op, nullptr, k, s, tol, max_iter, c, smallest);
    });
    return eigen_dict<T>(r);
}

template <typename T>
py::tuple sq_distance_stats_py(const CArray<T>& D, bool squared, int n_threads) {
    const auto dm = as_matrix<T>(D);
    SquaredDistanceStats<T> st;
    without_gil(
        [&](CancelToken&) { st = squared_distance_stats<T>(dm, squared, n_threads); });
    return py::make_tuple(to_array<T>(st.row_means), st.grand_mean,
                          st.centered_sq_norm);
}

template <typename T>
py::dict diffusion_fit_py(const CArray<T>& X, double epsilon, double alpha, double t,
                          Index k, Index n_neighbors, const std::string& solver,
                          double tol, Index max_iter, int n_threads) {
    const auto Xm = as_matrix<T>(X);
    const Index n = Xm.rows();
    const auto s = parse_eigen_solver(solver);
    Vector<T> q, d, values;
    Matrix<T> coords;
    EigenResult<T> r;
    // A NumPy array rather than an Eigen matrix: NumPy asks for huge pages on large
    // buffers, which halves the cost of first touching the n x n kernel.
    CArray<T> kernel = n_neighbors <= 0 ? new_matrix<T>(n, n) : new_matrix<T>(0, 0);
    auto dense = as_mutable_matrix<T>(kernel);
    without_gil([&](CancelToken& c) {
        if (n_neighbors <= 0) {
            // Only the upper triangle: the operator reads no other part.
            gaussian_kernel<T>(Xm, Xm, dense, true, static_cast<T>(1.0 / epsilon),
                               n_threads, c, true);
            const MarkovConjugateOperator<T> op(dense, alpha, n_threads);
            q = op.q();
            d = op.d();
            r = top_eigen<T>(op, nullptr, k + 1, s, tol, max_iter, c);
        } else {
            Matrix<Index> idx(n, n_neighbors);
            Matrix<T> dist(n, n_neighbors);
            knn<T>(Xm, Xm, n_neighbors, true, idx, dist, n_threads, c);
            auto g = symmetric_knn_graph<T>(idx, dist);
            // Weights become kernel values; the self-loop k(x, x) = 1 goes in as well.
            std::vector<Index> indptr(n + 1, 0), indices;
            std::vector<T> w;
            for (Index i = 0; i < n; ++i) {
                indices.push_back(i);
                w.push_back(T(1));
                for (Index e = g.indptr[i]; e < g.indptr[i + 1]; ++e) {
                    indices.push_back(g.indices[e]);
                    w.push_back(std::exp(-g.weights[e] * g.weights[e] / T(epsilon)));
                }
                indptr[i + 1] = static_cast<Index>(indices.size());
            }
            CsrGraph<T> K{n, std::move(indptr), std::move(indices), std::move(w)};
            markov_conjugate<T>(K, alpha, q, d, n_threads);
            CsrOperator<T> op(K, n_threads);
            r = top_eigen<T>(op, nullptr, k + 1, s, tol, max_iter, c);
        }
        coords = diffusion_coordinates<T>(r, d, t, values);
    });
    py::dict out;
    out["embedding"] = to_array<T>(coords);
    out["eigenvalues"] = to_array<T>(values);
    out["q"] = to_array<T>(q);
    out["solver"] = r.solver;
    out["products"] = r.products;
    return out;
}

template <typename T>
CArray<T> diffusion_extend_py(CArray<T>& K, const CArray<T>& q_train, double alpha,
                              const CArray<T>& psi, const CArray<T>& values, double t,
                              int n_threads) {
    auto km = as_mutable_matrix<T>(K);
    const Vector<T> q = Eigen::Map<const Vector<T>>(q_train.data(), q_train.size());
    const Vector<T> v = Eigen::Map<const Vector<T>>(values.data(), values.size());
    const auto pm = as_matrix<T>(psi);
    Matrix<T> out;
    without_gil([&](CancelToken&) {
        out = diffusion_extend<T>(km, q, alpha, pm, v, t, n_threads);
    });
    return to_array<T>(out);
}

template <typename T>
void register_typed(py::module_& m) {
    m.def("kernel", &kernel_py<T>, py::arg("X"), py::arg("Y"), py::arg("kind"),
          py::arg("gamma"), py::arg("degree"), py::arg("coef0"), py::arg("n_threads"));
    m.def("double_center", &double_center_py<T>, py::arg("K").noconvert(),
          py::arg("n_threads"));
    m.def("center_new_kernel", &center_new_py<T>, py::arg("K").noconvert(),
          py::arg("row_means"), py::arg("grand_mean"), py::arg("n_threads"));
    m.def("eigen", &eigen_py<T>, py::arg("A"), py::arg("k"), py::arg("solver"),
          py::arg("tol"), py::arg("max_iter"), py::arg("smallest"),
          py::arg("n_threads"));
    m.def("cmds_eigen", &cmds_eigen_py<T>, py::arg("D"), py::arg("squared"),
          py::arg("k"), py::arg("solver"), py::arg("tol"), py::arg("max_iter"),
          py::arg("smallest"), py::arg("n_threads"));
    m.def("sq_distance_stats", &sq_distance_stats_py<T>, py::arg("D"),
          py::arg("squared"), py::arg("n_threads"));
    m.def("diffusion_fit", &diffusion_fit_py<T>, py::arg("X"), py::arg("epsilon"),
          py::arg("alpha"), py::arg("t"), py::arg("k"), py::arg("n_neighbors"),
          py::arg("solver"), py::arg("tol"), py::arg("max_iter"), py::arg("n_threads"));
    m.def("diffusion_extend", &diffusion_extend_py<T>, py::arg("K").noconvert(),
          py::arg("q_train"), py::arg("alpha"), py::arg("psi"), py::arg("values"),
          py::arg("t"), py::arg("n_threads"));
}

} // namespace

void register_spectral(py::module_& m) {
    register_typed<double>(m);
    register_typed<float>(m);
}

} // namespace lowdim::py_bind
