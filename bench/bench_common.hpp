// Timing, data and JSON helpers shared by the C++ benchmark programs.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

using Index = Eigen::Index;
template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Timing {
    double median_s = 0.0;
    double min_s = 0.0;
    int reps = 0;
};

// Wall clock, not CPU time: the kernels are OpenMP-parallel and what a user waits for
// is the elapsed time. One untimed warm-up run for short kernels faults in caches and
// OpenMP's thread pool; long kernels get fewer repetitions so that a full run stays
// within minutes on a 2-core machine.
inline Timing time_it(const std::function<void()>& f, int reps, double long_s = 2.0) {
    using clock = std::chrono::steady_clock;
    std::vector<double> t;
    auto once = [&] {
        const auto a = clock::now();
        f();
        return std::chrono::duration<double>(clock::now() - a).count();
    };
    const double first = once();
    if (first >= 0.2)
        t.push_back(first);
    const int target = first >= long_s ? std::min(reps, 3) : reps;
    while (static_cast<int>(t.size()) < target)
        t.push_back(once());
    std::sort(t.begin(), t.end());
    const std::size_t m = t.size();
    const double med = m % 2 ? t[m / 2] : 0.5 * (t[m / 2 - 1] + t[m / 2]);
    return {med, t.front(), static_cast<int>(m)};
}

// splitmix64: a fixed generator, so every build and platform times the same data.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }

  private:
    std::uint64_t s_;
};

template <typename T>
Mat<T> uniform_matrix(Index n, Index d, std::uint64_t seed) {
    Rng r(seed);
    Mat<T> X(n, d);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j)
            X(i, j) = static_cast<T>(r.uniform());
    return X;
}

// The usual swiss roll: t in [1.5 pi, 4.5 pi], height in [0, 21].
template <typename T>
Mat<T> swiss_roll(Index n, std::uint64_t seed) {
    Rng r(seed);
    Mat<T> X(n, 3);
    const double pi = 3.141592653589793;
    for (Index i = 0; i < n; ++i) {
        const double t = 1.5 * pi * (1.0 + 2.0 * r.uniform());
        X(i, 0) = static_cast<T>(t * std::cos(t));
        X(i, 1) = static_cast<T>(21.0 * r.uniform());
        X(i, 2) = static_cast<T>(t * std::sin(t));
    }
    return X;
}

// Eigen's own product, rows split over threads like the core's kernels do it (the core
// sets EIGEN_DONT_PARALLELIZE). This is the rate the core's products can hope for.
template <typename T>
void eigen_gemm_nt(const Mat<T>& X, const Mat<T>& Y, Mat<T>& out, int n_threads) {
    constexpr Index block = 256;
    const Index n = X.rows(), nb = (n + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (Index b = 0; b < nb; ++b) {
        const Index r0 = b * block, rows = std::min(block, n - r0);
        out.middleRows(r0, rows).noalias() = X.middleRows(r0, rows) * Y.transpose();
    }
}

inline std::string json_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\')
            o += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            o += c;
    }
    return o;
}

inline std::string cpu_model() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("model name", 0) == 0) {
            const auto p = line.find(':');
            return p == std::string::npos ? line : line.substr(p + 2);
        }
    return "unknown";
}

inline int default_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/// One measured case: a kernel at one size, with optional work counters.
struct Record {
    Record(std::string kernel_, std::string dtype_, Index n_, Index d_)
        : kernel(std::move(kernel_)), dtype(std::move(dtype_)), n(n_), d(d_) {}

    std::string kernel;
    std::string dtype;
    Index n = 0;
    Index d = 0;
    Timing t;
    double gflop = 0.0;   ///< floating-point work of one run, 0 when not meaningful
    double gbytes = 0.0;  ///< memory streamed by one run, 0 when not meaningful
    std::string note;

    double gflops() const { return gflop > 0 ? gflop / t.median_s : 0.0; }
    double gbps() const { return gbytes > 0 ? gbytes / t.median_s : 0.0; }

    std::string json() const {
        std::ostringstream o;
        o << "{\"kernel\": \"" << json_escape(kernel) << "\", \"dtype\": \"" << dtype
          << "\", \"n\": " << n << ", \"d\": " << d << ", \"median_s\": " << t.median_s
          << ", \"min_s\": " << t.min_s << ", \"reps\": " << t.reps;
        if (gflop > 0)
            o << ", \"gflops\": " << gflops();
        if (gbytes > 0)
            o << ", \"gbytes_per_s\": " << gbps();
        if (!note.empty())
            o << ", \"note\": \"" << json_escape(note) << "\"";
        o << "}";
        return o.str();
    }

    void print() const {
        std::printf("%-34s %-6s n=%-6lld d=%-4lld %9.4f s (min %.4f, %d reps)",
                    kernel.c_str(), dtype.c_str(), static_cast<long long>(n),
                    static_cast<long long>(d), t.median_s, t.min_s, t.reps);
        if (gflop > 0)
            std::printf("  %6.1f GFLOP/s", gflops());
        if (gbytes > 0)
            std::printf("  %6.1f GB/s", gbps());
        if (!note.empty())
            std::printf("  %s", note.c_str());
        std::printf("\n");
        std::fflush(stdout);
    }
};

}  // namespace bench
