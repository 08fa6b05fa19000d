#include "prelude.hpp"

namespace py = pybind11;
using namespace lowdim::py_bind;

PYBIND11_MODULE(_core, m) {
    m.doc() = "lowdim's compiled core; private, use the lowdim package instead.";
    m.attr("__version__") = LOWDIM_VERSION;

    // A DisconnectedGraph carries the component count, which the estimators report.
    static py::exception<lowdim::DisconnectedGraph> disconnected(
        m, "DisconnectedGraphError", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const lowdim::DisconnectedGraph& e) {
            auto type = py::reinterpret_borrow<py::object>(disconnected);
            py::object err = type(e.what());
            err.attr("n_components") = e.n_components();
            PyErr_SetObject(disconnected.ptr(), err.ptr());
        } catch (const lowdim::NumericalError& e) {
            PyErr_SetString(PyExc_ArithmeticError, e.what());
        } catch (const lowdim::Cancelled& e) {
            PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
        }
    });

    m.def("info", [] {
        py::dict d;
        d["openmp"] = lowdim::has_openmp();
        d["simd"] = lowdim::simd_level();
        d["compiler"] = lowdim::compiler();
#ifdef _OPENMP
        d["max_threads"] = omp_get_max_threads();
#else
        d["max_threads"] = 1;
#endif
        return d;
    });

    register_distances(m);
    register_spectral(m);
    register_pca(m);
    register_nn(m);
}
