#include "prelude.hpp"

#include "lowdim/pca.hpp"

namespace lowdim::py_bind {

namespace {

template <typename T>
py::dict pca_fit_py(const CArray<T>& X, const std::string& solver, Index k,
                    std::uint64_t seed, Index n_oversamples, Index n_power_iter,
                    int n_threads) {
    const auto Xm = as_matrix<T>(X);
    const auto s = parse_pca_solver(solver);
    PcaResult<T> r;
    without_gil([&](CancelToken& c) {
        r = pca_fit<T>(Xm, s, k, seed, n_oversamples, n_power_iter, n_threads, c);
    });
    py::dict d;
    d["mean"] = to_array<T>(r.mean);
    d["components"] = to_array<T>(r.components);
    d["singular_values"] = to_array<T>(r.singular_values);
    d["explained_variance"] = to_array<T>(r.explained_variance);
    d["total_variance"] = r.total_variance;
    return d;
}

template <typename T>
CArray<T> matmul_py(const CArray<T>& A, const CArray<T>& B, int n_threads) {
    const auto am = as_matrix<T>(A);
    const auto bm = as_matrix<T>(B);
    CArray<T> out = new_matrix<T>(am.rows(), bm.cols());
    auto om = as_mutable_matrix<T>(out);
    without_gil([&](CancelToken&) { matmul<T>(am, bm, om, n_threads); });
    return out;
}

template <typename T>
void register_typed(py::module_& m) {
    m.def("pca_fit", &pca_fit_py<T>, py::arg("X"), py::arg("solver"), py::arg("k"),
          py::arg("seed"), py::arg("n_oversamples"), py::arg("n_power_iter"),
          py::arg("n_threads"));
    m.def("matmul", &matmul_py<T>, py::arg("A"), py::arg("B"), py::arg("n_threads"));
}

} // namespace

void register_pca(py::module_& m) {
    register_typed<double>(m);
    register_typed<float>(m);
}

} // namespace lowdim::py_bind
