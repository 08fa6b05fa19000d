// Times one training step (forward, backward, optimiser update) of the network core,
// with no Python in the way, for the network shapes of the speed targets, and says
// how close each step comes to the machine's matrix-product rate: the step's product
// flops per second beside Eigen's own product measured in the same program, on the
// same thread count, once at a large size (the machine's rate) and once at the
// shape of the case's widest layer (what that shape allows).
//
// Not wired into CMake yet. Build by hand from the repository root (one command line
// each), either against the core library that pip built into build/nn:
//   g++ -O3 -std=c++17 -mavx2 -mfma -fopenmp -DEIGEN_DONT_PARALLELIZE -I cpp/include
//       -isystem cpp/third_party/eigen bench/cpp_train_step.cpp
//       build/nn/liblowdim_core.a -o /tmp/cpp_train_step
// or with the one core source it needs:
//   g++ -O3 -std=c++17 -mavx2 -mfma -fopenmp -DEIGEN_DONT_PARALLELIZE -I cpp/include
//       -isystem cpp/third_party/eigen bench/cpp_train_step.cpp cpp/src/nn.cpp
//       -o /tmp/cpp_train_step
// Run: /tmp/cpp_train_step [n_threads] [--quick]
// Prints the median wall time per step (float and double) and, per dtype, GFLOP/s of
// the step, of Eigen's product at the widest layer's shape and at 4000 x 784 x 4000.
#include "lowdim/nn.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using lowdim::Index;
using namespace lowdim::nn;
template <typename T>
using Mat = lowdim::Matrix<T>;
using Clock = std::chrono::steady_clock;

struct Case {
    const char* name;
    bool variational;
    Index d, k;
    std::vector<Index> hidden;
    Activation act;
    Reconstruction rec;
    Index batch;
};

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Median over `rounds` rounds of the mean time per call, each round long enough
// (about `round_s`) for the clock to resolve it; one call beforehand warms caches
// and sizes buffers.
template <typename F>
double median_seconds(F&& f, double round_s, int rounds) {
    f();
    auto t0 = Clock::now();
    f();
    const double one = seconds_since(t0);
    const int reps =
        std::clamp(static_cast<int>(round_s / std::max(one, 1e-7)), 1, 20000);
    std::vector<double> per_call;
    for (int r = 0; r < rounds; ++r) {
        t0 = Clock::now();
        for (int i = 0; i < reps; ++i)
            f();
        per_call.push_back(seconds_since(t0) / reps);
    }
    std::sort(per_call.begin(), per_call.end());
    return per_call[per_call.size() / 2];
}

template <typename T>
Mat<T> uniform(Index rows, Index cols, std::uint64_t seed) {
    Mat<T> X(rows, cols);
    Rng rng(seed);
    for (Index i = 0; i < X.size(); ++i)
        X.data()[i] = static_cast<T>(rng.uniform());
    return X;
}

// C = A * B with the output split over threads in contiguous blocks, by rows when C
// has at least as many rows as columns, else by columns: the split the core uses
// for its layer products (Eigen itself is built single-threaded here).
template <typename T, typename BMat>
void split_product(const Mat<T>& A, const BMat& B, Mat<T>& C, int n_threads) {
    const Index m = C.rows(), n = C.cols();
    const bool by_rows = m >= n;
    const Index len = by_rows ? m : n;
#pragma omp parallel num_threads(n_threads)
    {
#ifdef _OPENMP
        const Index t = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        const Index t = 0, nt = 1;
#endif
        const Index s = len * t / nt, e = len * (t + 1) / nt;
        if (by_rows)
            C.middleRows(s, e - s).noalias() = A.middleRows(s, e - s) * B;
        else
            C.middleCols(s, e - s).noalias() = A * B.middleCols(s, e - s);
    }
}

// Eigen's product rate at m x k times k x n, in GFLOP/s.
template <typename T>
double gemm_gflops(Index m, Index k, Index n, int n_threads, double round_s) {
    const Mat<T> A = uniform<T>(m, k, 1), B = uniform<T>(k, n, 2);
    Mat<T> C(m, n);
    const double flops = 2.0 * double(m) * double(k) * double(n);
    // The core keeps products under 2^21 flops on one thread (nn.cpp,
    // kParallelFlops); so does this yardstick.
    const int threads = flops >= double(1 << 21) ? n_threads : 1;
    const double t =
        median_seconds([&] { split_product(A, B, C, threads); }, round_s, 5);
    return flops / t * 1e-9;
}

// The machine's rate: X Y^T at 4000 x 784, the form and width of the harness's
// GEMM line in bench_core (at half its n, to keep this program quick).
template <typename T>
double peak_gflops(int n_threads, double round_s) {
    const Mat<T> X = uniform<T>(4000, 784, 1), Y = uniform<T>(4000, 784, 2);
    Mat<T> C(4000, 4000);
    const double t = median_seconds(
        [&] { split_product(X, Y.transpose(), C, n_threads); }, round_s, 5);
    return 2.0 * 4000.0 * 4000.0 * 784.0 / t * 1e-9;
}

ModelSpec spec_of(const Case& c) {
    ModelSpec spec;
    spec.variational = c.variational;
    spec.n_features = c.d;
    spec.n_components = c.k;
    spec.hidden = c.hidden;
    spec.activation = c.act;
    spec.reconstruction = c.rec;
    return spec;
}

// Flops of the products in one step: per layer the forward product and the
// weight gradient, and the input gradient for every layer but the first (the data
// need none; the VAE's decoder does pass one back to the codes).
double step_flops(const std::vector<LayerInfo>& layers, Index batch) {
    double f = 0;
    for (std::size_t l = 0; l < layers.size(); ++l)
        f += (l == 0 ? 2.0 : 3.0) * 2.0 * double(batch) * double(layers[l].n_in) *
             double(layers[l].n_out);
    return f;
}

struct Row {
    double step_s, step_gflops, layer_gemm_gflops;
};

template <typename T>
Row measure(const Case& c, int n_threads, double round_s) {
    Model<T> model(spec_of(c), 42, n_threads);
    const Mat<T> X = uniform<T>(c.batch, c.d, 7);
    TrainConfig cfg;
    cfg.learning_rate = 1e-4;
    for (int i = 0; i < 4; ++i)
        model.step(X, cfg);
    const double t = median_seconds([&] { model.step(X, cfg); }, round_s, 5);
    const auto& layers = model.layers();
    const auto widest = std::max_element(layers.begin(), layers.end(),
                                         [](const auto& a, const auto& b) {
                                             return a.n_in * a.n_out < b.n_in * b.n_out;
                                         });
    const double layer =
        gemm_gflops<T>(c.batch, widest->n_in, widest->n_out, n_threads, round_s);
    return {t, step_flops(layers, c.batch) / t * 1e-9, layer};
}

} // namespace

int main(int argc, char** argv) {
    int n_threads = 2;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else
            n_threads = std::atoi(argv[i]);
    }
    if (n_threads < 1) {
        std::fprintf(stderr, "usage: cpp_train_step [n_threads] [--quick]\n");
        return 2;
    }
    const double round_s = quick ? 0.05 : 0.2;
    const std::vector<Case> cases = {
        {"AE 64-32-2 tanh b32",
         false,
         64,
         2,
         {32},
         Activation::Tanh,
         Reconstruction::SquaredError,
         32},
        {"VAE 64-32-2 relu b32",
         true,
         64,
         2,
         {32},
         Activation::Relu,
         Reconstruction::CrossEntropy,
         32},
        {"AE 784-256-32 tanh b256",
         false,
         784,
         32,
         {256},
         Activation::Tanh,
         Reconstruction::SquaredError,
         256},
        {"AE 784-256-32 tanh b64",
         false,
         784,
         32,
         {256},
         Activation::Tanh,
         Reconstruction::SquaredError,
         64},
        {"VAE 784-400-20 relu b128",
         true,
         784,
         20,
         {400},
         Activation::Relu,
         Reconstruction::CrossEntropy,
         128},
    };
    const double peak32 = peak_gflops<float>(n_threads, round_s);
    const double peak64 = peak_gflops<double>(n_threads, round_s);
    std::printf("threads %d; Eigen product 4000 x 784 x 4000: f32 %.1f GFLOP/s, "
                "f64 %.1f GFLOP/s\n",
                n_threads, peak32, peak64);
    std::printf("GFLOP/s: the step's products only; layer: Eigen's product alone at "
                "the\nwidest layer's shape (batch x n_in x n_out); %%: the step's rate "
                "as a share\n");
    std::printf("%-26s %5s %10s %8s %8s %6s %6s\n", "case", "dtype", "us/step",
                "GFLOP/s", "layer", "%layer", "%peak");
    for (const auto& c : cases) {
        const Row f = measure<float>(c, n_threads, round_s);
        const Row d = measure<double>(c, n_threads, round_s);
        for (const auto& [dtype, r, peak] :
             {std::tuple{"f32", f, peak32}, std::tuple{"f64", d, peak64}})
            std::printf("%-26s %5s %10.1f %8.1f %8.1f %6.0f %6.0f\n", c.name, dtype,
                        r.step_s * 1e6, r.step_gflops, r.layer_gemm_gflops,
                        100 * r.step_gflops / r.layer_gemm_gflops,
                        100 * r.step_gflops / peak);
        std::fflush(stdout);
    }
    return 0;
}
