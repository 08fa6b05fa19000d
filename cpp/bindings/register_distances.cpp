#include "prelude.hpp"

#include "lowdim/distances.hpp"
#include "lowdim/graph.hpp"

#include <numeric>
#include <string>

namespace lowdim::py_bind {

namespace {

template <typename T>
CArray<T> sq_euclidean_py(const CArray<T>& X, const std::optional<CArray<T>>& Y,
                          bool squared, int n_threads) {
    const auto Xm = as_matrix<T>(X);
    const auto Ym = as_matrix<T>(Y ? *Y : X);
    CArray<T> out = new_matrix<T>(Xm.rows(), Ym.rows());
    auto om = as_mutable_matrix<T>(out);
    // Only Eigen maps of NumPy buffers are touched inside: no Python objects.
    without_gil([&](CancelToken& c) {
        sq_euclidean<T>(Xm, Ym, om, !Y, n_threads, c, squared);
    });
    return out;
}

template <typename T>
py::tuple knn_py(const CArray<T>& Q, const std::optional<CArray<T>>& X, Index k,
                 int n_threads) {
    const auto Qm = as_matrix<T>(Q);
    const auto Xm = as_matrix<T>(X ? *X : Q);
    CArray<Index> idx = new_matrix<Index>(Qm.rows(), k);
    CArray<T> dist = new_matrix<T>(Qm.rows(), k);
    auto im = as_mutable_matrix<Index>(idx);
    auto dm = as_mutable_matrix<T>(dist);
    without_gil([&](CancelToken& c) { knn<T>(Qm, Xm, k, !X, im, dm, n_threads, c); });
    return py::make_tuple(idx, dist);
}

// Everything after the graph is built is shared by the kNN and the CSR entry points.
template <typename T>
py::tuple geodesics_of_graph(CsrGraph<T>& g, const Eigen::Map<const Matrix<T>>* X,
                             bool connect, int n_threads) {
    CArray<T> out = new_matrix<T>(g.n, g.n);
    auto om = as_mutable_matrix<T>(out);
    Index n_comp = 0;
    std::vector<JoinEdge<T>> joined;
    without_gil([&](CancelToken& c) {
        const auto labels = connected_components<T>(g, &n_comp);
        if (n_comp > 1) {
            if (!connect || !X)
                throw DisconnectedGraph(
                    "the neighbourhood graph has " + std::to_string(n_comp) +
                        " connected components; geodesic distances between them are "
                        "undefined",
                    n_comp);
            joined = join_components<T>(g, *X, labels, n_comp, n_threads, c);
        }
        std::vector<Index> sources(g.n);
        std::iota(sources.begin(), sources.end(), Index(0));
        dijkstra<T>(g, sources, om, n_threads, c);
    });
    py::list edges;
    for (const auto& e : joined)
        edges.append(py::make_tuple(e.i, e.j, e.weight));
    return py::make_tuple(out, n_comp, edges);
}

template <typename T>
py::tuple geodesics_knn_py(const CArray<T>& X, Index k, bool connect, int n_threads) {
    const auto Xm = as_matrix<T>(X);
    const Index n = Xm.rows();
    Matrix<Index> idx(n, k);
    Matrix<T> dist(n, k);
    CsrGraph<T> g;
    without_gil([&](CancelToken& c) {
        knn<T>(Xm, Xm, k, true, idx, dist, n_threads, c);
        g = symmetric_knn_graph<T>(idx, dist);
    });
    return geodesics_of_graph<T>(g, &Xm, connect, n_threads);
}

// Arrays, not lists: the dtype of `data` picks the overload (a list always took the
// float64 one), and a large graph does not go through Python objects.
template <typename T>
py::tuple geodesics_csr_py(Index n, const CArray<Index>& indptr,
                           const CArray<Index>& indices, const CArray<T>& data,
                           int n_threads) {
    auto vec = [](const auto& a) { return std::vector(a.data(), a.data() + a.size()); };
    auto g = symmetric_graph_from_csr<T>(n, vec(indptr), vec(indices), vec(data));
    return geodesics_of_graph<T>(g, nullptr, false, n_threads);
}

template <typename T>
CArray<T> extend_geodesics_py(const CArray<Index>& idx, const CArray<T>& dist,
                              const CArray<T>& G, int n_threads) {
    const auto im = as_matrix<Index>(idx);
    const auto dm = as_matrix<T>(dist);
    const auto gm = as_matrix<T>(G);
    CArray<T> out = new_matrix<T>(im.rows(), gm.cols());
    auto om = as_mutable_matrix<T>(out);
    without_gil(
        [&](CancelToken& c) { extend_geodesics<T>(im, dm, gm, om, n_threads, c); });
    return out;
}

template <typename T>
void register_typed(py::module_& m) {
    m.def("euclidean", &sq_euclidean_py<T>, py::arg("X"), py::arg("Y"),
          py::arg("squared"), py::arg("n_threads"));
    m.def("knn", &knn_py<T>, py::arg("Q"), py::arg("X"), py::arg("k"),
          py::arg("n_threads"));
    m.def("geodesics_knn", &geodesics_knn_py<T>, py::arg("X"), py::arg("k"),
          py::arg("connect"), py::arg("n_threads"));
    m.def("geodesics_csr", &geodesics_csr_py<T>, py::arg("n"), py::arg("indptr"),
          py::arg("indices"), py::arg("data"), py::arg("n_threads"));
    m.def("extend_geodesics", &extend_geodesics_py<T>, py::arg("nn_idx"),
          py::arg("nn_dist"), py::arg("G"), py::arg("n_threads"));
}

} // namespace

void register_distances(py::module_& m) {
    // One overload per dtype: pybind11's first pass, which converts nothing, picks the
    // overload whose dtype equals the array's.
    register_typed<double>(m);
    register_typed<float>(m);
}

} // namespace lowdim::py_bind
