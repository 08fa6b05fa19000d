#include "lowdim/nn.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace lowdim::nn {

Activation parse_activation(const std::string& name) {
    if (name == "identity")
        return Activation::Identity;
    if (name == "tanh")
        return Activation::Tanh;
    if (name == "relu")
        return Activation::Relu;
    if (name == "sigmoid")
        return Activation::Sigmoid;
    throw InvalidArgument("unknown activation '" + name +
                          "'; use identity, tanh, relu or sigmoid");
}

OptimizerKind parse_optimizer(const std::string& name) {
    if (name == "sgd")
        return OptimizerKind::Sgd;
    if (name == "adam")
        return OptimizerKind::Adam;
    throw InvalidArgument("unknown optimizer '" + name + "'; use sgd or adam");
}

template <typename T>
void Rng::fill_normal(T* out, Index n) {
    const double two_pi = 6.283185307179586;
    for (Index i = 0; i < n; i += 2) {
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double theta = two_pi * uniform();
        out[i] = static_cast<T>(r * std::cos(theta));
        if (i + 1 < n)
            out[i + 1] = static_cast<T>(r * std::sin(theta));
    }
}

void shuffled_indices(std::vector<Index>& order, Index n, Rng& rng) {
    order.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        order[i] = i;
    for (Index i = n - 1; i > 0; --i)
        std::swap(order[i], order[rng.below(static_cast<std::uint64_t>(i + 1))]);
}

namespace {

template <typename T>
using Map = Eigen::Map<Matrix<T>>;
template <typename T>
using ConstMap = Eigen::Map<const Matrix<T>>;
template <typename T>
using ConstRowVec = Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>;

// Below this many flops a product finishes before a fork-join of threads would pay
// off (measured: about 20 us of work on this class of machine).
constexpr double kParallelFlops = double(1 << 21);
// Elementwise passes (losses, optimiser) go parallel above this many scalars.
constexpr Index kParallelElems = Index(1) << 15;
constexpr int kMaxParts = 64;

int num_threads() {
#ifdef _OPENMP
    return omp_get_num_threads();
#else
    return 1;
#endif
}

// Runs body(r0, r1, c0, c1) over a split of an m x n product output, by rows when
// m >= n else by columns, so each thread does one Eigen product on its own block.
// The reduction dimension is never split, so for a fixed thread count every output
// entry is summed in the same order on every run.
template <typename F>
void split_output(Index m, Index n, double flops, int n_threads, F&& body) {
    const bool by_rows = m >= n;
    const Index len = by_rows ? m : n;
    int parts = 1;
    if (n_threads > 1 && flops >= kParallelFlops)
        parts = static_cast<int>(std::min<Index>(n_threads, len / 8));
    if (parts <= 1) {
        body(Index(0), m, Index(0), n);
        return;
    }
    ExceptionTrap trap;
#pragma omp parallel num_threads(parts)
    {
        const Index t = thread_num(), nt = num_threads();
        // Boundaries on multiples of 8 keep the vector lanes of each block aligned.
        auto cut = [&](Index i) { return i == nt ? len : (len * i / nt) / 8 * 8; };
        const Index s = cut(t), e = cut(t + 1);
        if (e > s)
            trap.run([&] {
                if (by_rows)
                    body(s, e, Index(0), n);
                else
                    body(Index(0), m, s, e);
            });
    }
    trap.rethrow();
}

// Sums body(i0, i1) over [0, n) split in contiguous parts; the parts are added in
// order, so the result depends only on the thread count.
template <typename F>
double split_sum(Index n, int n_threads, F&& body) {
    int parts = 1;
    if (n_threads > 1 && n >= kParallelElems)
        parts = std::min(n_threads, kMaxParts);
    if (parts == 1)
        return body(Index(0), n);
    std::array<double, kMaxParts> partial{};
    ExceptionTrap trap;
#pragma omp parallel num_threads(parts)
    {
        const Index t = thread_num(), nt = num_threads();
        trap.run([&] { partial[t] = body(n * t / nt, n * (t + 1) / nt); });
    }
    trap.rethrow();
    double s = 0;
    for (int t = 0; t < parts; ++t)
        s += partial[t];
    return s;
}

template <typename B>
void apply_activation(Activation a, B z) {
    switch (a) {
    case Activation::Identity:
        break;
    case Activation::Tanh:
        z = z.array().tanh().matrix();
        break;
    case Activation::Relu:
        z = z.array().max(typename B::Scalar(0)).matrix();
        break;
    case Activation::Sigmoid:
        // exp(-z) overflowing to inf gives exactly 0, never NaN.
        z = ((-z.array()).exp() + typename B::Scalar(1)).inverse().matrix();
        break;
    }
}

// d <- d * f'(z) where a = f(z); every derivative is written through the output.
template <typename D, typename A>
void times_derivative(Activation act, D d, const A& a) {
    using S = typename D::Scalar;
    switch (act) {
    case Activation::Identity:
        break;
    case Activation::Tanh:
        d.array() *= S(1) - a.array().square();
        break;
    case Activation::Relu:
        d = (a.array() > S(0)).select(d.array(), S(0)).matrix();
        break;
    case Activation::Sigmoid:
        d.array() *= a.array() * (S(1) - a.array());
        break;
    }
}

// One optimiser pass over [i0, i1) of the flat parameters. The pass also keeps the
// old values and checks the new ones (x - x is NaN exactly when x is not finite, and
// a sum with a NaN is NaN). The work goes in blocks that stay in L1 across the few
// Eigen passes of each; written as one scalar loop instead, std::sqrt's errno
// branch keeps the compiler from vectorising it, which made the optimiser cost
// more than the forward pass on the 784-wide models.
template <typename T>
struct OptimiserStep {
    using Arr = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
    using ConstArr = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
    static constexpr Index kBlock = 4096 / Index(sizeof(T));

    T* p;
    T* m;
    T* v;
    const T* g;
    T* old;
    T grad_scale = 1, b1 = 0, b2 = 0, lr = 0, bc2 = 1, eps = 0;

    // Kingma & Ba (2015), with the bias corrections folded into lr and bc2.
    unsigned adam(Index i0, Index i1) const {
        unsigned bad = 0;
        for (Index s = i0; s < i1; s += kBlock) {
            const Index n = std::min(kBlock, i1 - s);
            Arr P(p + s, n), M(m + s, n), V(v + s, n), Old(old + s, n);
            const auto G = ConstArr(g + s, n) * grad_scale;
            M = b1 * M + (T(1) - b1) * G;
            V = b2 * V + (T(1) - b2) * G * G;
            Old = P;
            P = Old - lr * M / ((V / bc2).sqrt() + eps);
            bad |= !((P - P).sum() == T(0));
        }
        return bad;
    }

    // Heavy ball: m <- b1 m + g, p <- p - lr m.
    unsigned sgd(Index i0, Index i1) const {
        unsigned bad = 0;
        for (Index s = i0; s < i1; s += kBlock) {
            const Index n = std::min(kBlock, i1 - s);
            Arr P(p + s, n), M(m + s, n), Old(old + s, n);
            M = b1 * M + ConstArr(g + s, n) * grad_scale;
            Old = P;
            P = Old - lr * M;
            bad |= !((P - P).sum() == T(0));
        }
        return bad;
    }
};

// Sum of squares of x[0, n) in double. Eight independent accumulators let the
// compiler convert and accumulate a full vector at a time (a single running sum
// may not be reordered, and Eigen does not vectorise the float-to-double cast); the
// order is fixed by n alone, so results repeat exactly.
template <typename T>
double sum_squares(const T* x, Index n) {
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    Index i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) {
            const double xi = double(x[i + j]);
            acc[j] += xi * xi;
        }
    for (int j = 0; i < n; ++i, ++j)
        acc[j] += double(x[i]) * double(x[i]);
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) +
           ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

template <typename T>
const T* row_ptr(const ConstMatrixRef<T>& X, Index i) {
    return X.data() + i * X.outerStride();
}

std::string format_double(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

} // namespace

template <typename T>
Model<T>::Model(const ModelSpec& spec, std::uint64_t seed, int n_threads)
    : spec_(spec), n_threads_(check_threads(n_threads)) {
    const Index d = spec.n_features, k = spec.n_components;
    if (d < 1 || k < 1)
        throw InvalidArgument("n_features and n_components must be >= 1");
    for (Index h : spec.hidden)
        if (h < 1)
            throw InvalidArgument("hidden layer sizes must be >= 1");

    // Encoder d -> hidden -> k (2k for the VAE), decoder k -> reversed hidden -> d.
    std::vector<Index> enc{d}, dec{k};
    enc.insert(enc.end(), spec.hidden.begin(), spec.hidden.end());
    enc.push_back(spec.variational ? 2 * k : k);
    dec.insert(dec.end(), spec.hidden.rbegin(), spec.hidden.rend());
    dec.push_back(d);
    const Activation out_act = spec.reconstruction == Reconstruction::CrossEntropy
                                   ? Activation::Identity
                                   : spec.output_activation;
    Index offset = 0;
    auto add = [&](Index n_in, Index n_out, Activation a) {
        layers_.push_back({n_in, n_out, a, offset, offset + n_in * n_out});
        offset += n_in * n_out + n_out;
    };
    for (std::size_t i = 0; i + 1 < enc.size(); ++i)
        add(enc[i], enc[i + 1],
            i + 2 == enc.size() ? Activation::Identity : spec.activation);
    n_encoder_ = layers_.size();
    for (std::size_t i = 0; i + 1 < dec.size(); ++i)
        add(dec[i], dec[i + 1], i + 2 == dec.size() ? out_act : spec.activation);

    // He et al. (2015) for ReLU keeps the variance of activations through the layers;
    // Glorot & Bengio (2010) does the same for the saturating and linear ones.
    params_.setZero(offset);
    grad_.setZero(offset);
    Rng init(seed);
    for (const auto& L : layers_) {
        T* w = params_.data() + L.weight_offset;
        const Index n = L.n_in * L.n_out;
        if (L.activation == Activation::Relu) {
            init.fill_normal(w, n);
            const T scale = static_cast<T>(std::sqrt(2.0 / double(L.n_in)));
            for (Index i = 0; i < n; ++i)
                w[i] *= scale;
        } else {
            const double a = std::sqrt(6.0 / double(L.n_in + L.n_out));
            for (Index i = 0; i < n; ++i)
                w[i] = static_cast<T>((2.0 * init.uniform() - 1.0) * a);
        }
    }
    state_.rng_state = init.next();
}

template <typename T>
void Model<T>::reserve(Index rows) {
    if (rows <= capacity_)
        return;
    capacity_ = rows;
    act_.resize(layers_.size());
    delta_.resize(layers_.size());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        act_[l].resize(rows * layers_[l].n_out);
        delta_[l].resize(rows * layers_[l].n_out);
    }
    const Index k = spec_.n_components;
    batch_.resize(rows * std::max(spec_.n_features, k));
    eps_.resize(rows * k);
    z_.resize(rows * k);
    dz_.resize(rows * k);
    log_var_.resize(rows * k);
}

template <typename T>
void Model<T>::chain_forward(std::size_t first, std::size_t last, const T* input,
                             Index rows) {
    for (std::size_t l = first; l < last; ++l) {
        const LayerInfo& L = layers_[l];
        const ConstMap<T> X(l == first ? input : act_[l - 1].data(), rows, L.n_in);
        const ConstMap<T> W(params_.data() + L.weight_offset, L.n_in, L.n_out);
        const ConstRowVec<T> b(params_.data() + L.bias_offset, L.n_out);
        Map<T> A(act_[l].data(), rows, L.n_out);
        const double flops = 2.0 * double(rows) * double(L.n_in) * double(L.n_out);
        split_output(rows, L.n_out, flops, n_threads_,
                     [&](Index r0, Index r1, Index c0, Index c1) {
                         auto blk = A.block(r0, c0, r1 - r0, c1 - c0);
                         blk.noalias() =
                             X.middleRows(r0, r1 - r0) * W.middleCols(c0, c1 - c0);
                         blk.rowwise() += b.segment(c0, c1 - c0);
                         apply_activation(L.activation, blk);
                     });
    }
}

template <typename T>
void Model<T>::chain_backward(std::size_t first, std::size_t last, const T* input,
                              Index rows, T* d_input) {
    for (std::size_t l = last; l-- > first;) {
        const LayerInfo& L = layers_[l];
        const ConstMap<T> X(l == first ? input : act_[l - 1].data(), rows, L.n_in);
        const ConstMap<T> W(params_.data() + L.weight_offset, L.n_in, L.n_out);
        const ConstMap<T> D(delta_[l].data(), rows, L.n_out);
        Map<T> dW(grad_.data() + L.weight_offset, L.n_in, L.n_out);
        Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>> db(grad_.data() + L.bias_offset,
                                                           L.n_out);
        const double flops = 2.0 * double(rows) * double(L.n_in) * double(L.n_out);

        // dW = X^T D, db = column sums of D.
        split_output(L.n_in, L.n_out, flops, n_threads_,
                     [&](Index r0, Index r1, Index c0, Index c1) {
                         dW.block(r0, c0, r1 - r0, c1 - c0).noalias() =
                             X.middleCols(r0, r1 - r0).transpose() *
                             D.middleCols(c0, c1 - c0);
                     });
        // Row by row: a column-wise reduction would stride through row-major memory.
        db.setZero();
        for (Index i = 0; i < rows; ++i)
            db += D.row(i);

        // The error of the layer below: D W^T times the derivative of its activation.
        if (l == first && !d_input)
            continue;
        const bool inner = l > first;
        Map<T> P(inner ? delta_[l - 1].data() : d_input, rows, L.n_in);
        const Activation below =
            inner ? layers_[l - 1].activation : Activation::Identity;
        split_output(rows, L.n_in, flops, n_threads_,
                     [&](Index r0, Index r1, Index c0, Index c1) {
                         auto blk = P.block(r0, c0, r1 - r0, c1 - c0);
                         blk.noalias() = D.middleRows(r0, r1 - r0) *
                                         W.middleRows(c0, c1 - c0).transpose();
                         if (inner)
                             times_derivative(below, blk,
                                              X.block(r0, c0, r1 - r0, c1 - c0));
                     });
    }
}

template <typename T>
void Model<T>::forward(const T* x, Index rows, const T* eps, Rng* noise) {
    if (!spec_.variational) {
        chain_forward(0, layers_.size(), x, rows);
        return;
    }
    chain_forward(0, n_encoder_, x, rows);

    // Reparameterisation: z = mu + exp(log_var / 2) * eps, eps ~ N(0, I).
    const Index k = spec_.n_components, n = rows * k;
    if (eps)
        std::copy(eps, eps + n, eps_.data());
    else
        noise->fill_normal(eps_.data(), n);
    const T* H = act_[n_encoder_ - 1].data();
    const T bound = static_cast<T>(kLogVarBound);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < k; ++j) {
            const T mu = H[i * 2 * k + j];
            const T lv = std::clamp(H[i * 2 * k + k + j], -bound, bound);
            log_var_[i * k + j] = lv;
            z_[i * k + j] = mu + std::exp(lv / 2) * eps_[i * k + j];
        }
    chain_forward(n_encoder_, layers_.size(), z_.data(), rows);
}

template <typename T>
Losses Model<T>::output_loss(const T* x, Index rows, bool with_grad) {
    const LayerInfo& last = layers_.back();
    const Index d = spec_.n_features;
    const T* out = act_.back().data();
    T* delta = delta_.back().data();
    // The autoencoder reports the mean over all entries; the VAE sums over features
    // (a log-likelihood per sample) and averages over samples.
    const bool vae = spec_.variational;
    const double scale = vae ? 1.0 / double(rows) : 1.0 / double(rows * d);
    const T gscale = static_cast<T>(scale);
    Losses res;

    if (spec_.reconstruction == Reconstruction::SquaredError) {
        // VAE: unit-variance Gaussian, -log p = |r|^2 / 2 + d log(2 pi) / 2.
        const T g = vae ? gscale : T(2) * gscale;
        const double sum = split_sum(rows, n_threads_, [&](Index i0, Index i1) {
            const ConstMap<T> A(out + i0 * d, i1 - i0, d), X(x + i0 * d, i1 - i0, d);
            double s = 0;
            for (Index i = 0; i < i1 - i0; ++i)
                s += double((A.row(i) - X.row(i)).squaredNorm());
            if (with_grad) {
                Map<T> D(delta + i0 * d, i1 - i0, d);
                D = g * (A - X);
                times_derivative(last.activation, D.block(0, 0, i1 - i0, d), A);
            }
            return s;
        });
        const double log_2pi = std::log(6.283185307179586);
        res.reconstruction =
            vae ? scale * (0.5 * sum) + 0.5 * double(d) * log_2pi : scale * sum;
    } else {
        // Cross-entropy of sigmoid(z) against x, written so that no log or exp can
        // overflow: max(z, 0) - z x + log1p(exp(-|z|)).
        const double sum = split_sum(rows, n_threads_, [&](Index i0, Index i1) {
            const ConstMap<T> Z(out + i0 * d, i1 - i0, d), X(x + i0 * d, i1 - i0, d);
            double s = 0;
            for (Index i = 0; i < i1 - i0; ++i) {
                const auto z = Z.row(i).array();
                s += double(
                    (z.max(T(0)) - z * X.row(i).array() + (-z.abs()).exp().log1p())
                        .sum());
            }
            if (with_grad) {
                Map<T> D(delta + i0 * d, i1 - i0, d);
                D = gscale * (((-Z.array()).exp() + T(1)).inverse().matrix() - X);
            }
            return s;
        });
        res.reconstruction = scale * sum;
    }

    if (vae) {
        // KL(N(mu, s^2) || N(0, 1)) = (mu^2 + s^2 - 1 - log s^2) / 2 per unit.
        const Index k = spec_.n_components;
        const T* H = act_[n_encoder_ - 1].data();
        double kl = 0;
        for (Index i = 0; i < rows; ++i)
            for (Index j = 0; j < k; ++j) {
                const double mu = H[i * 2 * k + j], lv = log_var_[i * k + j];
                kl += 0.5 * (mu * mu + std::exp(lv) - 1.0 - lv);
            }
        res.kl = kl / double(rows);
    }
    res.total = res.reconstruction + spec_.beta * res.kl;
    return res;
}

template <typename T>
void Model<T>::backward(const T* x, Index rows) {
    if (!spec_.variational) {
        chain_backward(0, layers_.size(), x, rows, nullptr);
        return;
    }
    chain_backward(n_encoder_, layers_.size(), z_.data(), rows, dz_.data());

    // Through the reparameterisation and the KL term to the encoder's outputs.
    const Index k = spec_.n_components;
    const T* H = act_[n_encoder_ - 1].data();
    T* dH = delta_[n_encoder_ - 1].data();
    const T bk = static_cast<T>(spec_.beta / double(rows));
    const T bound = static_cast<T>(kLogVarBound);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < k; ++j) {
            const Index o = i * k + j;
            const T mu = H[i * 2 * k + j], raw = H[i * 2 * k + k + j];
            const T lv = log_var_[o], sd = std::exp(lv / 2);
            dH[i * 2 * k + j] = dz_[o] + bk * mu;
            const bool clipped = raw < -bound || raw > bound;
            dH[i * 2 * k + k + j] =
                clipped ? T(0) : dz_[o] * eps_[o] * sd / 2 + bk * (sd * sd - T(1)) / 2;
        }
    chain_backward(0, n_encoder_, x, rows, nullptr);
}

template <typename T>
Losses Model<T>::loss_and_grad(const ConstMatrixRef<T>& X, const T* eps) {
    if (X.cols() != spec_.n_features)
        throw InvalidArgument("loss_and_grad: X has " + std::to_string(X.cols()) +
                              " columns, the model expects " +
                              std::to_string(spec_.n_features));
    const Index rows = X.rows(), d = X.cols();
    reserve(rows);
    for (Index i = 0; i < rows; ++i)
        std::copy_n(row_ptr(X, i), d, batch_.data() + i * d);
    Rng noise(state_.rng_state);
    forward(batch_.data(), rows, eps, &noise);
    state_.rng_state = noise.state();
    const Losses l = output_loss(batch_.data(), rows, true);
    backward(batch_.data(), rows);
    return l;
}

template <typename T>
double Model<T>::grad_norm() const {
    // The order of the sum depends only on the part boundaries, fixed by the
    // thread count.
    const double sq = split_sum(grad_.size(), n_threads_, [&](Index i0, Index i1) {
        return sum_squares(grad_.data() + i0, i1 - i0);
    });
    return std::sqrt(sq);
}

template <typename T>
bool Model<T>::update(const TrainConfig& cfg, double grad_scale) {
    const Index n = params_.size();
    if (state_.moment1.size() != n)
        state_.moment1.setZero(n);
    if (cfg.optimizer == OptimizerKind::Adam && state_.moment2.size() != n)
        state_.moment2.setZero(n);
    if (backup_.size() != n)
        backup_.resize(n);
    const std::int64_t t = ++state_.step;
    OptimiserStep<T> o{params_.data(), state_.moment1.data(), state_.moment2.data(),
                       grad_.data(), backup_.data()};
    o.grad_scale = static_cast<T>(grad_scale);
    if (cfg.optimizer == OptimizerKind::Adam) {
        o.b1 = static_cast<T>(cfg.beta1);
        o.b2 = static_cast<T>(cfg.beta2);
        o.lr =
            static_cast<T>(cfg.learning_rate / (1.0 - std::pow(cfg.beta1, double(t))));
        o.bc2 = static_cast<T>(1.0 - std::pow(cfg.beta2, double(t)));
        o.eps = static_cast<T>(cfg.epsilon);
    } else {
        o.b1 = static_cast<T>(cfg.momentum);
        o.lr = static_cast<T>(cfg.learning_rate);
    }
    const bool adam = cfg.optimizer == OptimizerKind::Adam;
    const double bad = split_sum(n, n_threads_, [&](Index i0, Index i1) {
        return double(adam ? o.adam(i0, i1) : o.sgd(i0, i1));
    });
    if (bad == 0)
        return true;
    params_ = backup_;
    return false;
}

template <typename T>
Losses Model<T>::train_step(const T* x, Index rows, const TrainConfig& cfg,
                            std::int64_t epoch, Index batch, const T* eps) {
    forward(x, rows, eps, &rng_);
    const Losses l = output_loss(x, rows, true);
    auto diverged = [&](const std::string& what) {
        throw NumericalError(
            "training diverged at epoch " + std::to_string(epoch) + ", batch " +
            std::to_string(batch) + " (optimiser step " +
            std::to_string(state_.step + 1) + "): " + what +
            " with learning_rate=" + format_double(cfg.learning_rate) +
            ". Lower learning_rate, scale the input, or set clip_grad_norm; the model "
            "keeps the last finite weights.");
    };
    if (!std::isfinite(l.total))
        diverged("the loss became non-finite (" + format_double(l.total) + ")");
    backward(x, rows);
    last_grad_norm_ = grad_norm();
    if (!std::isfinite(last_grad_norm_))
        diverged("the gradient norm became non-finite");
    double scale = 1.0;
    if (cfg.clip_grad_norm > 0 && last_grad_norm_ > cfg.clip_grad_norm)
        scale = cfg.clip_grad_norm / last_grad_norm_;
    if (!update(cfg, scale))
        diverged("the updated weights became non-finite");
    return l;
}

template <typename T>
Losses Model<T>::step(const ConstMatrixRef<T>& X, const TrainConfig& cfg,
                      const T* eps) {
    if (X.cols() != spec_.n_features || X.rows() < 1)
        throw InvalidArgument("step: X must have rows and " +
                              std::to_string(spec_.n_features) + " columns");
    const Index rows = X.rows(), d = X.cols();
    reserve(rows);
    for (Index i = 0; i < rows; ++i)
        std::copy_n(row_ptr(X, i), d, batch_.data() + i * d);
    rng_.set_state(state_.rng_state);
    const Losses l = train_step(batch_.data(), rows, cfg, state_.epoch + 1, 1, eps);
    state_.rng_state = rng_.state();
    return l;
}

template <typename T>
Losses Model<T>::evaluate(const ConstMatrixRef<T>& X, std::uint64_t seed) {
    const Index n = X.rows(), d = X.cols();
    if (d != spec_.n_features)
        throw InvalidArgument("evaluate: X has " + std::to_string(d) +
                              " columns, the model expects " +
                              std::to_string(spec_.n_features));
    Losses sum;
    if (n == 0)
        return sum;
    if (capacity_ == 0)
        reserve(std::min<Index>(n, 1024));
    Rng noise(seed);
    for (Index start = 0; start < n; start += capacity_) {
        const Index rows = std::min(capacity_, n - start);
        for (Index i = 0; i < rows; ++i)
            std::copy_n(row_ptr(X, start + i), d, batch_.data() + i * d);
        forward(batch_.data(), rows, nullptr, &noise);
        const Losses l = output_loss(batch_.data(), rows, false);
        sum.total += l.total * double(rows);
        sum.reconstruction += l.reconstruction * double(rows);
        sum.kl += l.kl * double(rows);
    }
    sum.total /= double(n);
    sum.reconstruction /= double(n);
    sum.kl /= double(n);
    return sum;
}

template <typename T>
void Model<T>::encode(const ConstMatrixRef<T>& X, MatrixRef<T> out, T* log_var) {
    const Index n = X.rows(), d = X.cols(), k = spec_.n_components;
    if (d != spec_.n_features || out.rows() != n || out.cols() != k)
        throw InvalidArgument("encode: shapes do not match the model");
    if (n == 0)
        return;
    if (capacity_ == 0)
        reserve(std::min<Index>(n, 1024));
    const Index width = layers_[n_encoder_ - 1].n_out;
    for (Index start = 0; start < n; start += capacity_) {
        const Index rows = std::min(capacity_, n - start);
        for (Index i = 0; i < rows; ++i)
            std::copy_n(row_ptr(X, start + i), d, batch_.data() + i * d);
        chain_forward(0, n_encoder_, batch_.data(), rows);
        const ConstMap<T> H(act_[n_encoder_ - 1].data(), rows, width);
        out.middleRows(start, rows) = H.leftCols(k);
        if (log_var && spec_.variational) {
            const T bound = static_cast<T>(kLogVarBound);
            Map<T>(log_var + start * k, rows, k) =
                H.rightCols(k).cwiseMax(-bound).cwiseMin(bound);
        }
    }
}

template <typename T>
void Model<T>::decode(const ConstMatrixRef<T>& Z, MatrixRef<T> out) {
    const Index n = Z.rows(), d = spec_.n_features, k = spec_.n_components;
    if (Z.cols() != k || out.rows() != n || out.cols() != d)
        throw InvalidArgument("decode: shapes do not match the model");
    if (n == 0)
        return;
    if (capacity_ == 0)
        reserve(std::min<Index>(n, 1024));
    for (Index start = 0; start < n; start += capacity_) {
        const Index rows = std::min(capacity_, n - start);
        for (Index i = 0; i < rows; ++i)
            std::copy_n(row_ptr(Z, start + i), k, z_.data() + i * k);
        chain_forward(n_encoder_, layers_.size(), z_.data(), rows);
        // The sigmoid runs on our own buffer: vectorised exp rounds differently on the
        // unaligned head of a caller's array, and results must not depend on where
        // the caller's memory happens to start.
        Map<T> A(act_.back().data(), rows, d);
        if (spec_.reconstruction == Reconstruction::CrossEntropy)
            apply_activation(Activation::Sigmoid, A.block(0, 0, rows, d));
        out.middleRows(start, rows) = A;
    }
}

template <typename T>
TrainStatus Model<T>::fit(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Xval,
                          const TrainConfig& cfg, const EpochCallback& callback,
                          CancelToken& cancel) {
    const Index n = X.rows(), d = spec_.n_features;
    if (X.cols() != d || (Xval.rows() > 0 && Xval.cols() != d))
        throw InvalidArgument("fit: X and Xval must have " + std::to_string(d) +
                              " columns");
    if (n < 1)
        throw InvalidArgument("fit: X has no rows");
    if (cfg.batch_size < 1)
        throw InvalidArgument("batch_size must be >= 1, got " +
                              std::to_string(cfg.batch_size));
    if (!(cfg.learning_rate > 0) || !std::isfinite(cfg.learning_rate))
        throw InvalidArgument("learning_rate must be positive and finite");
    if (cfg.n_iter_no_change < 1)
        throw InvalidArgument("n_iter_no_change must be >= 1");

    // A batch larger than the data is the whole data (documented clip).
    const Index batch = std::min(cfg.batch_size, n);
    reserve(batch);
    rng_.set_state(state_.rng_state);
    const bool has_val = Xval.rows() > 0;

    while (!state_.converged && state_.epoch < cfg.max_epochs) {
        const std::int64_t epoch = state_.epoch + 1;
        shuffled_indices(order_, n, rng_);
        Losses sum;
        Index b = 0;
        for (Index start = 0; start < n; start += batch, ++b) {
            const Index rows = std::min(batch, n - start);
            for (Index i = 0; i < rows; ++i) {
                const Index src = order_[start + i];
                std::copy_n(row_ptr(X, src), d, batch_.data() + i * d);
            }
            Losses l;
            try {
                l = train_step(batch_.data(), rows, cfg, epoch, b + 1, nullptr);
            } catch (...) {
                state_.rng_state = rng_.state();
                throw;
            }
            sum.total += l.total * double(rows);
            sum.reconstruction += l.reconstruction * double(rows);
            sum.kl += l.kl * double(rows);
            if (cancel.poll()) {
                // Stopping mid-epoch leaves a usable model, though not an epoch
                // boundary that a checkpoint could resume exactly.
                state_.rng_state = rng_.state();
                return TrainStatus::Interrupted;
            }
        }
        state_.rng_state = rng_.state();

        EpochReport report{epoch, sum, {}, has_val, last_grad_norm_};
        report.train.total /= double(n);
        report.train.reconstruction /= double(n);
        report.train.kl /= double(n);
        state_.epoch = epoch;
        state_.loss.push_back(report.train.total);
        state_.reconstruction.push_back(report.train.reconstruction);
        state_.kl.push_back(report.train.kl);
        if (has_val) {
            report.validation = evaluate(Xval, cfg.eval_seed);
            state_.val_loss.push_back(report.validation.total);
            state_.val_reconstruction.push_back(report.validation.reconstruction);
            state_.val_kl.push_back(report.validation.kl);
        }

        // Early stopping as in scikit-learn's MLP: patience counts epochs whose loss
        // failed to beat the best by tol (relative here, so the scale of the data
        // does not matter).
        const double watched = has_val ? report.validation.total : report.train.total;
        const double best = state_.best_loss;
        if (std::isfinite(best) && watched > best - cfg.tol * std::abs(best))
            ++state_.no_improve;
        else
            state_.no_improve = 0;
        if (watched < best)
            state_.best_loss = watched;
        if (state_.no_improve >= cfg.n_iter_no_change)
            state_.converged = true;

        if (callback && callback(report))
            return TrainStatus::StoppedByCallback;
    }
    return state_.converged ? TrainStatus::Converged : TrainStatus::MaxEpochs;
}

template void Rng::fill_normal<float>(float*, Index);
template void Rng::fill_normal<double>(double*, Index);
template class Model<float>;
template class Model<double>;

} // namespace lowdim::nn
