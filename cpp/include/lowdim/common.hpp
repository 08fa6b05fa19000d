// Shared vocabulary of the lowdim core: matrix aliases, errors, cancellation and
// the OpenMP shims. Nothing here knows about Python.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lowdim {

// Row-major storage matches NumPy's default layout, so the bindings can map C arrays
// without copying.
template <typename T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <typename T>
using MatrixRef = Eigen::Ref<Matrix<T>>;
template <typename T>
using ConstMatrixRef = Eigen::Ref<const Matrix<T>>;
using Index = Eigen::Index;

/// Bad argument from the caller. Derives from std::invalid_argument so that pybind11
/// turns it into ValueError.
class InvalidArgument : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

/// The kNN graph splits into several components where the method needs one.
class DisconnectedGraph : public std::invalid_argument {
  public:
    DisconnectedGraph(const std::string& what, Index n_components)
        : std::invalid_argument(what), n_components_(n_components) {}
    Index n_components() const { return n_components_; }

  private:
    Index n_components_;
};

/// The cancel hook asked to stop (Ctrl-C in Python).
class Cancelled : public std::runtime_error {
  public:
    Cancelled() : std::runtime_error("lowdim: computation cancelled") {}
};

/// A numerical method failed in a way the caller can act on (no convergence...).
class NumericalError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Cooperative cancellation for long loops.
///
/// `poll()` may be called from any thread; only the thread that created the token
/// (the caller's thread, which in Python holds the right to take the GIL) runs the
/// hook, and at most every `interval`, so the hook's cost never shows in the hot loop.
/// Once cancelled, `cancelled()` is true in every thread and `throw_if_cancelled()`
/// raises Cancelled; loops check it and drain without doing more work.
class CancelToken {
  public:
    using Hook = std::function<bool()>;

    explicit CancelToken(Hook hook = {}, std::chrono::milliseconds interval =
                                             std::chrono::milliseconds(50))
        : hook_(std::move(hook)), interval_(interval),
          last_(std::chrono::steady_clock::now()) {}

    /// Returns true when computation should stop.
    bool poll() {
        if (flag_.load(std::memory_order_relaxed))
            return true;
        if (!hook_ || !is_owner_thread())
            return false;
        auto now = std::chrono::steady_clock::now();
        if (now - last_ < interval_)
            return false;
        last_ = now;
        if (hook_())
            flag_.store(true, std::memory_order_relaxed);
        return flag_.load(std::memory_order_relaxed);
    }

    bool cancelled() const { return flag_.load(std::memory_order_relaxed); }

    void throw_if_cancelled() const {
        if (cancelled())
            throw Cancelled();
    }

  private:
    static bool is_owner_thread() {
#ifdef _OPENMP
        return omp_get_thread_num() == 0 && omp_get_level() <= 1;
#else
        return true;
#endif
    }

    Hook hook_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_;
    std::atomic<bool> flag_{false};
};

/// A token that never cancels, for callers without a hook.
inline CancelToken& no_cancel() {
    thread_local CancelToken token;
    return token;
}

/// Carries the first exception thrown inside an OpenMP region out of it: exceptions
/// may not cross the region's boundary, so workers store and the caller rethrows.
class ExceptionTrap {
  public:
    template <typename F>
    void run(F&& f) {
        try {
            f();
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_)
                error_ = std::current_exception();
        }
    }
    bool failed() const { return static_cast<bool>(error_); }
    void rethrow() const {
        if (error_)
            std::rethrow_exception(error_);
    }

  private:
    std::mutex mutex_;
    std::exception_ptr error_;
};

/// The calling thread's number inside an OpenMP region (0 outside one, or without
/// OpenMP).
inline int thread_num() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

inline int check_threads(int n_threads) {
    if (n_threads < 1)
        throw InvalidArgument("n_threads must be >= 1, got " +
                              std::to_string(n_threads));
#ifdef _OPENMP
    return n_threads;
#else
    return 1;
#endif
}

/// Calls f(i, j) for every pair i > j of an n x n matrix, 64 x 64 tile by tile, tiles
/// spread over threads. For passes that pair each entry with its transpose: a plain
/// column walk over a large row-major matrix misses the cache on every read.
template <typename F>
void for_each_lower_pair(Index n, int n_threads, F&& f) {
    constexpr Index tile = 64;
    const Index nt = (n + tile - 1) / tile;
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (Index bi = 0; bi < nt; ++bi) {
        const Index i0 = bi * tile, i1 = std::min(n, i0 + tile);
        for (Index j0 = 0; j0 <= i0; j0 += tile)
            for (Index i = i0; i < i1; ++i)
                for (Index j = j0, j1 = std::min(i, j0 + tile); j < j1; ++j)
                    f(i, j);
    }
}

/// True when the core was compiled with OpenMP.
bool has_openmp();
/// The vector instruction sets the core was compiled for, e.g. "AVX2 FMA".
std::string simd_level();
/// Compiler name and version used for the core.
std::string compiler();

} // namespace lowdim
