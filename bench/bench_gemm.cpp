// Eigen's matrix product alone, X * Y^T at n x d, for comparing instruction sets.
//
//   bench_gemm [--threads N] [--reps R] [--n N] [--d D]
//
// Built once per LOWDIM_ARCH (see bench/README.md); it links no part of the core, so
// building it for another instruction set takes one translation unit, not the core.
#include "bench_common.hpp"

#include <cstdlib>
#include <iostream>

namespace {

const char* isa() {
#if defined(__AVX512F__)
    return "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
    return "AVX2+FMA";
#elif defined(__AVX__)
    return "AVX";
#elif defined(__SSE2__)
    return "SSE2";
#else
    return "scalar";
#endif
}

template <typename T>
void run(const char* dtype, bench::Index n, bench::Index d, int threads, int reps) {
    using bench::Mat;
    const Mat<T> X = bench::uniform_matrix<T>(n, d, 1);
    const Mat<T> Y = bench::uniform_matrix<T>(n, d, 2);
    Mat<T> out = Mat<T>::Zero(n, n);
    const double gflop = 2.0 * double(n) * double(n) * double(d) * 1e-9;
    for (int th : {1, threads}) {
        const auto t =
            bench::time_it([&] { bench::eigen_gemm_nt<T>(X, Y, out, th); }, reps);
        std::printf("{\"isa\": \"%s\", \"dtype\": \"%s\", \"n\": %lld, \"d\": %lld, "
                    "\"threads\": %d, \"median_s\": %.4f, \"gflops\": %.1f}\n",
                    isa(), dtype, static_cast<long long>(n), static_cast<long long>(d),
                    th, t.median_s, gflop / t.median_s);
        std::fflush(stdout);
        if (threads == 1)
            break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    int threads = bench::default_threads(), reps = 5;
    bench::Index n = 8000, d = 784;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--threads")
            threads = std::stoi(v);
        else if (a == "--reps")
            reps = std::stoi(v);
        else if (a == "--n")
            n = std::stol(v);
        else if (a == "--d")
            d = std::stol(v);
        else {
            std::cerr << "usage: bench_gemm [--threads N] [--reps R] [--n N] [--d D]\n";
            return 2;
        }
    }
    run<double>("f64", n, d, threads, reps);
    run<float>("f32", n, d, threads, reps);
    return 0;
}
