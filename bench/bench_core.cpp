// Times the lowdim core's kernels over a geometric range of sizes, without Python.
//
//   bench_core [--threads N] [--reps R] [--quick] [--max-n N] [--only a,b]
//              [--json PATH]
//
// Prints one line per case and, with --json, writes every case with the machine
// description. Products are reported in GFLOP/s beside the rate of Eigen's own GEMM
// measured in the same run, so a kernel's distance from the machine's product rate
// is visible; memory-bound kernels are reported in GB/s.
#include "bench_common.hpp"

#include "lowdim/distances.hpp"
#include "lowdim/graph.hpp"
#include "lowdim/pca.hpp"
#include "lowdim/spectral.hpp"

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <numeric>
#include <stdexcept>

#include <unistd.h>

namespace {

using bench::Index;
using bench::Mat;
using bench::Record;
using bench::time_it;

struct Options {
    int threads = bench::default_threads();
    int reps = 5;
    bool quick = false;
    Index max_n = 0;
    std::vector<std::string> only;
    std::string json;
};

[[noreturn]] void usage(const char* why) {
    std::cerr
        << "bench_core: " << why << "\n"
        << "usage: bench_core [--threads N] [--reps R] [--quick] [--max-n N]\n"
        << "                  [--only kernel,kernel] [--json PATH]\n"
        << "kernels: gemm gram sq_euclidean knn dijkstra double_center\n"
        << "         lanczos_dense lanczos_cmds block_dense block_cmds kernel_rbf\n"
        << "         covariance\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(("missing value after " + a).c_str());
            return argv[++i];
        };
        if (a == "--threads")
            o.threads = std::stoi(value());
        else if (a == "--reps")
            o.reps = std::stoi(value());
        else if (a == "--quick")
            o.quick = true;
        else if (a == "--max-n")
            o.max_n = std::stol(value());
        else if (a == "--json")
            o.json = value();
        else if (a == "--only") {
            std::stringstream s(value());
            std::string item;
            while (std::getline(s, item, ','))
                o.only.push_back(item);
        } else if (a == "-h" || a == "--help")
            usage("help");
        else
            usage(("unknown argument " + a).c_str());
    }
    if (o.threads < 1 || o.reps < 1)
        usage("--threads and --reps must be >= 1");
    return o;
}

class Harness {
  public:
    explicit Harness(Options o) : o_(std::move(o)) {}

    bool wanted(const std::string& kernel) const {
        if (o_.only.empty())
            return true;
        return std::find(o_.only.begin(), o_.only.end(), kernel) != o_.only.end();
    }

    // Doubling sizes from `lo`; --quick keeps the first two, --max-n caps them.
    std::vector<Index> sizes(Index lo, Index hi) const {
        std::vector<Index> s;
        for (Index n = lo; n <= hi; n *= 2)
            s.push_back(n);
        if (o_.quick)
            s.resize(std::min<std::size_t>(s.size(), 2));
        if (o_.max_n > 0)
            s.erase(std::remove_if(s.begin(), s.end(),
                                   [&](Index n) { return n > o_.max_n; }),
                    s.end());
        return s;
    }

    void add(Record r) {
        const auto rate = gemm_rate_.find(r.dtype);
        if (r.gflop > 0 && rate != gemm_rate_.end() && r.kernel != "gemm_eigen") {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.0f%% of GEMM",
                          100.0 * r.gflops() / rate->second);
            r.note = r.note.empty() ? buf : r.note + ", " + buf;
        }
        r.print();
        records_.push_back(std::move(r));
    }

    template <typename T>
    void gemm(const char* dtype);
    template <typename T>
    void distances(const char* dtype);
    void knn();
    void dijkstra();
    void double_center();
    void lanczos();
    void kernel_rbf();
    void covariance();
    void write_json() const;

    int threads() const { return o_.threads; }
    int reps() const { return o_.reps; }

  private:
    Options o_;
    std::vector<Record> records_;
    std::map<std::string, double> gemm_rate_;
};

// Flops of the core's symmetric Gram product: row blocks of 256 multiply only the
// columns from their first row on.
double sym_gram_gflop(Index n, Index d) {
    double f = 0.0;
    for (Index r0 = 0; r0 < n; r0 += 256)
        f += 2.0 * double(std::min<Index>(256, n - r0)) * double(n - r0) * double(d);
    return f * 1e-9;
}

template <typename T>
void Harness::gemm(const char* dtype) {
    const Index n = o_.quick ? 2000 : 8000, d = 784;
    const Mat<T> X = bench::uniform_matrix<T>(n, d, 1);
    const Mat<T> Y = bench::uniform_matrix<T>(n, d, 2);
    Mat<T> out = Mat<T>::Zero(n, n);
    const double gflop = 2.0 * double(n) * double(n) * double(d) * 1e-9;
    // One thread first: the per-core rate tells whether the vector units are used at
    // all, the threaded rate what the kernels below are compared with.
    for (int th : {1, o_.threads}) {
        Record r{"gemm_eigen", dtype, n, d};
        r.t = time_it([&] { bench::eigen_gemm_nt<T>(X, Y, out, th); }, o_.reps);
        r.gflop = gflop;
        r.note = std::to_string(th) + " thread" + (th > 1 ? "s" : "");
        if (th == o_.threads)
            gemm_rate_[dtype] = r.gflops();
        add(r);
        if (o_.threads == 1)
            break;
    }
}

template <typename T>
void Harness::distances(const char* dtype) {
    for (Index n : sizes(1000, 8000)) {
        const Index d = 784;
        const Mat<T> X = bench::uniform_matrix<T>(n, d, 3);
        Mat<T> out = Mat<T>::Zero(n, n);
        if (wanted("gram")) {
            Record r{"gram symmetric", dtype, n, d};
            r.t =
                time_it([&] { lowdim::gram<T>(X, X, out, true, o_.threads); }, o_.reps);
            r.gflop = sym_gram_gflop(n, d);
            add(r);
        }
        if (wanted("sq_euclidean")) {
            Record r{"sq_euclidean", dtype, n, d};
            r.t = time_it([&] { lowdim::sq_euclidean<T>(X, X, out, true, o_.threads); },
                          o_.reps);
            r.gflop = sym_gram_gflop(n, d);
            add(r);
        }
    }
    if (!wanted("sq_euclidean"))
        return;
    // Three coordinates: no arithmetic to speak of, the output's memory traffic is
    // the whole cost (written by the product, then read and written by the clamp).
    for (Index n : sizes(1000, 8000)) {
        const Mat<T> X = bench::swiss_roll<T>(n, 4);
        Mat<T> out = Mat<T>::Zero(n, n);
        Record r{"sq_euclidean", dtype, n, 3};
        r.t = time_it([&] { lowdim::sq_euclidean<T>(X, X, out, true, o_.threads); },
                      o_.reps);
        r.gbytes = 3.0 * double(n) * double(n) * sizeof(T) * 1e-9;
        add(r);
    }
}

void Harness::knn() {
    const Index k = 10;
    for (Index d : {Index(3), Index(784)}) {
        for (Index n : sizes(1000, d == 3 ? 16000 : 8000)) {
            const Mat<double> X = d == 3 ? bench::swiss_roll<double>(n, 5)
                                         : bench::uniform_matrix<double>(n, d, 5);
            lowdim::Matrix<Index> idx(n, k);
            Mat<double> dist(n, k);
            Record r{"knn k=10", "f64", n, d};
            r.t = time_it(
                [&] { lowdim::knn<double>(X, X, k, true, idx, dist, o_.threads); },
                o_.reps);
            r.gflop = 2.0 * double(n) * double(n) * double(d) * 1e-9;
            add(r);
        }
    }
}

void Harness::dijkstra() {
    const Index k = 10;
    for (Index n : sizes(1000, 8000)) {
        const Mat<double> X = bench::swiss_roll<double>(n, 6);
        lowdim::Matrix<Index> idx(n, k);
        Mat<double> dist(n, k);
        lowdim::knn<double>(X, X, k, true, idx, dist, o_.threads);
        const auto g = lowdim::symmetric_knn_graph<double>(idx, dist);
        Index n_comp = 0;
        lowdim::connected_components<double>(g, &n_comp);
        std::vector<Index> sources(n);
        std::iota(sources.begin(), sources.end(), Index(0));
        Mat<double> out = Mat<double>::Zero(n, n);
        Record r{"dijkstra all-pairs swiss k=10", "f64", n, 3};
        r.t = time_it([&] { lowdim::dijkstra<double>(g, sources, out, o_.threads); },
                      o_.reps);
        r.gbytes = double(n) * double(n) * 8.0 * 1e-9;
        r.note = std::to_string(g.indptr[n]) + " edges, " + std::to_string(n_comp) +
                 " component(s)";
        add(r);
    }
}

void Harness::double_center() {
    for (Index n : sizes(1000, 8000)) {
        Mat<double> K = bench::uniform_matrix<double>(n, n, 7);
        lowdim::Vector<double> means;
        Record r{"double_center", "f64", n, n};
        // Centring an already centred matrix does the same work, so the runs repeat
        // on one matrix: restoring it would time a copy as large as the kernel.
        r.t = time_it([&] { lowdim::double_center<double>(K, means, o_.threads); },
                      o_.reps);
        // One pass reads K for the means, a second reads and writes it.
        r.gbytes = 3.0 * double(n) * double(n) * 8.0 * 1e-9;
        add(r);
    }
}

void Harness::lanczos() {
    for (Index n : sizes(1000, 8000)) {
        const Mat<double> X = bench::swiss_roll<double>(n, 8);
        Mat<double> D(n, n);
        lowdim::sq_euclidean<double>(X, X, D, true, o_.threads);
        Mat<double> B = -0.5 * D;
        lowdim::Vector<double> means;
        lowdim::double_center<double>(B, means, o_.threads);
        D = D.cwiseSqrt();
        const lowdim::ConstMatrixRef<double> bref(B), dref(D);

        auto one = [&](const char* name, const lowdim::SymmetricOperator<double>& op,
                       lowdim::EigenSolver solver) {
            lowdim::EigenResult<double> res;
            Record r{name, "f64", n, n};
            r.t = time_it(
                [&] {
                    res =
                        lowdim::top_eigen<double>(op, nullptr, 2, solver, 1e-10, 1000);
                },
                o_.reps);
            // Each product (of one vector or of a block) streams the upper triangle
            // of the n x n matrix once.
            r.gbytes = double(res.products) * 0.5 * double(n) * double(n) * 8.0 * 1e-9;
            r.note = std::to_string(res.products) + " products of " +
                     std::to_string(res.block_size) + ", " +
                     std::to_string(res.iterations) + " restarts";
            add(r);
        };
        const lowdim::DenseOperator<double> dense(bref, o_.threads);
        const lowdim::CenteredSquaredDistanceOperator<double> cmds(dref, false,
                                                                   o_.threads);
        using lowdim::EigenSolver;
        if (wanted("lanczos_dense"))
            one("top_eigen lanczos k=2 dense", dense, EigenSolver::Lanczos);
        if (wanted("block_dense"))
            one("top_eigen block k=2 dense", dense, EigenSolver::Block);
        if (wanted("lanczos_cmds"))
            one("top_eigen lanczos k=2 cmds-op", cmds, EigenSolver::Lanczos);
        if (wanted("block_cmds"))
            one("top_eigen block k=2 cmds-op", cmds, EigenSolver::Block);
    }
}

void Harness::kernel_rbf() {
    for (Index n : sizes(1000, 8000)) {
        const Index d = 784;
        const Mat<double> X = bench::uniform_matrix<double>(n, d, 9);
        Mat<double> out = Mat<double>::Zero(n, n);
        lowdim::KernelParams p;
        p.kind = lowdim::KernelKind::Rbf;
        p.gamma = 1.0 / double(d);
        Record r{"kernel_matrix rbf", "f64", n, d};
        r.t = time_it(
            [&] { lowdim::kernel_matrix<double>(X, X, p, out, true, o_.threads); },
            o_.reps);
        r.gflop = sym_gram_gflop(n, d);
        add(r);
    }
}

void Harness::covariance() {
    for (Index n : sizes(2000, 32000)) {
        const Index d = 784;
        const Mat<double> X = bench::uniform_matrix<double>(n, d, 10);
        lowdim::Vector<double> mean;
        lowdim::Matrix<double> C;
        Record r{"pca covariance", "f64", n, d};
        r.t = time_it([&] { lowdim::covariance<double>(X, mean, C, o_.threads); },
                      o_.reps);
        r.gflop = 2.0 * double(n) * double(d) * double(d) * 1e-9;
        add(r);
    }
}

void Harness::write_json() const {
    if (o_.json.empty())
        return;
    char host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", std::localtime(&now));
    std::ofstream f(o_.json);
    if (!f)
        throw std::runtime_error("cannot write " + o_.json);
    f << "{\n  \"machine\": {\"host\": \"" << bench::json_escape(host)
      << "\", \"cpu\": \"" << bench::json_escape(bench::cpu_model())
      << "\", \"date\": \"" << date << "\", \"threads\": " << o_.threads
      << ", \"simd\": \"" << lowdim::simd_level() << "\", \"compiler\": \""
      << bench::json_escape(lowdim::compiler())
      << "\", \"openmp\": " << (lowdim::has_openmp() ? "true" : "false")
      << ", \"reps\": " << o_.reps << "},\n  \"results\": [\n";
    for (std::size_t i = 0; i < records_.size(); ++i)
        f << "    " << records_[i].json() << (i + 1 < records_.size() ? ",\n" : "\n");
    f << "  ]\n}\n";
    std::cout << "wrote " << o_.json << "\n";
}

} // namespace

int main(int argc, char** argv) {
    Harness h(parse(argc, argv));
    std::printf("lowdim core bench: %s, %d thread(s), simd %s, %s\n",
                bench::cpu_model().c_str(), h.threads(), lowdim::simd_level().c_str(),
                lowdim::compiler().c_str());
    try {
        // GEMM first: every product below is reported as a share of its rate.
        if (h.wanted("gemm") || h.wanted("gram") || h.wanted("sq_euclidean") ||
            h.wanted("kernel_rbf") || h.wanted("covariance") || h.wanted("knn")) {
            h.gemm<double>("f64");
            h.gemm<float>("f32");
        }
        if (h.wanted("gram") || h.wanted("sq_euclidean")) {
            h.distances<double>("f64");
            h.distances<float>("f32");
        }
        if (h.wanted("knn"))
            h.knn();
        if (h.wanted("dijkstra"))
            h.dijkstra();
        if (h.wanted("double_center"))
            h.double_center();
        if (h.wanted("lanczos_dense") || h.wanted("lanczos_cmds") ||
            h.wanted("block_dense") || h.wanted("block_cmds"))
            h.lanczos();
        if (h.wanted("kernel_rbf"))
            h.kernel_rbf();
        if (h.wanted("covariance"))
            h.covariance();
        h.write_json();
    } catch (const std::exception& e) {
        std::cerr << "bench_core: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
