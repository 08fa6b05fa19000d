// Included first by every binding file so that type casters and helpers are identical
// in all translation units.
#pragma once

#define PYBIND11_DETAILED_ERROR_MESSAGES
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "lowdim/common.hpp"

#include <optional>
#include <utility>

namespace lowdim::py_bind {

namespace py = pybind11;

/// C-contiguous arrays only: the Python layer prepares layout and dtype, so a copy here
/// would be a silent doubling of memory.
template <typename T>
using CArray = py::array_t<T, py::array::c_style>;

template <typename T>
Eigen::Map<const Matrix<T>> as_matrix(const CArray<T>& a) {
    if (a.ndim() != 2)
        throw InvalidArgument("expected a 2-D array");
    return {a.data(), static_cast<Index>(a.shape(0)), static_cast<Index>(a.shape(1))};
}

template <typename T>
Eigen::Map<Matrix<T>> as_mutable_matrix(CArray<T>& a) {
    if (a.ndim() != 2)
        throw InvalidArgument("expected a 2-D array");
    return {a.mutable_data(), static_cast<Index>(a.shape(0)),
            static_cast<Index>(a.shape(1))};
}

template <typename T>
CArray<T> new_matrix(Index rows, Index cols) {
    return CArray<T>({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
}

template <typename T>
CArray<T> to_array(const Vector<T>& v) {
    CArray<T> a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.data(), v.data() + v.size(), a.mutable_data());
    return a;
}

template <typename T>
CArray<T> to_array(const Matrix<T>& m) {
    CArray<T> a = new_matrix<T>(m.rows(), m.cols());
    std::copy(m.data(), m.data() + m.size(), a.mutable_data());
    return a;
}

/// Runs `work(token)` with the GIL released. The token's hook takes the GIL back
/// briefly, from the calling thread only, to let Python run its signal handlers; when
/// one raised (Ctrl-C gives KeyboardInterrupt) the core stops and that Python error
/// is rethrown here, with the GIL held again.
template <typename F>
auto without_gil(F&& work) {
    bool interrupted = false;
    CancelToken token([&interrupted] {
        py::gil_scoped_acquire gil;
        interrupted = PyErr_CheckSignals() != 0;
        return interrupted;
    });
    using R = decltype(work(token));
    std::optional<std::conditional_t<std::is_void_v<R>, int, R>> result;
    {
        py::gil_scoped_release release;
        try {
            if constexpr (std::is_void_v<R>) {
                work(token);
                result = 0;
            } else {
                result = work(token);
            }
        } catch (const Cancelled&) {
        }
    }
    if (!result) {
        if (interrupted)
            throw py::error_already_set();
        throw Cancelled();
    }
    if constexpr (!std::is_void_v<R>)
        return std::move(*result);
}

void register_distances(py::module_& m);
void register_spectral(py::module_& m);
void register_pca(py::module_& m);
void register_nn(py::module_& m);

} // namespace lowdim::py_bind
