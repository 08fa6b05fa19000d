// Learned embeddings: dense layers, losses, optimisers and the minibatch training
// loop behind the autoencoder and the variational autoencoder.
//
// Every parameter of a model lives in one flat vector (per layer: the in x out weight
// matrix, row-major, then the bias), so the optimiser, gradient clipping, checkpoints
// and serialisation each handle one contiguous array.
#pragma once

#include "lowdim/common.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace lowdim::nn {

enum class Activation { Identity, Tanh, Relu, Sigmoid };

/// Parses "identity", "tanh", "relu", "sigmoid".
Activation parse_activation(const std::string& name);

/// How the decoder output is compared with the input.
/// SquaredError: the output is the reconstruction itself.
/// CrossEntropy: the output is a logit and the loss is the binary cross-entropy of
/// sigmoid(logit), computed from the logit so that log(0) never occurs.
enum class Reconstruction { SquaredError, CrossEntropy };

enum class OptimizerKind { Sgd, Adam };

/// Parses "sgd", "adam".
OptimizerKind parse_optimizer(const std::string& name);

/// Log-variances of the VAE encoder are clipped to this range: exp(20) is far from
/// float32 overflow, and exp(-20) gives standard deviations of 5e-5, below anything the
/// data resolve. Outside the range the gradient is zero.
constexpr double kLogVarBound = 20.0;

/// splitmix64: one 64-bit word of state, so checkpoints store it exactly, and the
/// same stream on every platform.
class Rng {
  public:
    explicit Rng(std::uint64_t state = 0) : state_(state) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in (0, 1), never exactly 0 or 1.
    double uniform() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }
    /// Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n) {
        return static_cast<std::uint64_t>(uniform() * double(n)) % n;
    }
    /// Standard normal draws (Box-Muller, both values of each pair used).
    template <typename T>
    void fill_normal(T* out, Index n);
    std::uint64_t state() const { return state_; }
    void set_state(std::uint64_t s) { state_ = s; }

  private:
    std::uint64_t state_;
};

/// Architecture. The autoencoder is one chain d -> hidden... -> k -> reversed
/// hidden... -> d whose code layer is linear. The VAE's encoder ends in 2k outputs
/// (posterior means, then log-variances) and its decoder starts from k.
struct ModelSpec {
    bool variational = false;
    Index n_features = 0;
    Index n_components = 2;
    std::vector<Index> hidden;
    Activation activation = Activation::Tanh;
    Activation output_activation = Activation::Identity; ///< ignored for CrossEntropy
    Reconstruction reconstruction = Reconstruction::SquaredError;
    double beta = 1.0; ///< VAE: weight of the KL term
};

struct LayerInfo {
    Index n_in, n_out;
    Activation activation;
    Index weight_offset, bias_offset; ///< into the flat parameter vector
};

struct TrainConfig {
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learning_rate = 1e-3;
    double momentum = 0.9;                             ///< SGD
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8; ///< Adam
    Index batch_size = 64;
    Index max_epochs = 200;
    Index n_iter_no_change = 10;
    double tol = 1e-4;           ///< relative improvement that resets the patience
    double clip_grad_norm = 0.0; ///< <= 0: no clipping
    std::uint64_t eval_seed = 0; ///< VAE noise for validation, the same every epoch
};

/// Losses of one pass over data: total = reconstruction + beta * kl (kl is 0 for
/// the autoencoder).
struct Losses {
    double total = 0, reconstruction = 0, kl = 0;
};

/// Everything besides the parameters that a resumed run needs to continue exactly.
template <typename T>
struct TrainState {
    std::uint64_t rng_state = 0;
    std::int64_t epoch = 0; ///< completed epochs
    std::int64_t step = 0;  ///< optimiser steps taken (Adam's bias correction)
    double best_loss = std::numeric_limits<double>::infinity();
    std::int64_t no_improve = 0;
    bool converged = false;
    Vector<T> moment1, moment2; ///< Adam m and v; SGD keeps its velocity in moment1
    std::vector<double> loss, reconstruction, kl;             ///< per epoch, training
    std::vector<double> val_loss, val_reconstruction, val_kl; ///< per epoch, held out
};

struct EpochReport {
    std::int64_t epoch; ///< 1-based
    Losses train, validation;
    bool has_validation;
    double grad_norm; ///< of the last step
};

enum class TrainStatus { MaxEpochs, Converged, StoppedByCallback, Interrupted };

/// Called after every epoch; returning true stops training.
using EpochCallback = std::function<bool(const EpochReport&)>;

/// A model with its parameters, optimiser state, generator and preallocated buffers.
///
/// Buffers are sized once for `capacity` rows; training, evaluation and inference
/// run over the data in blocks of at most that many rows, so nothing is allocated
/// per batch (Eigen's products may still allocate packing space for large layers).
/// Not thread-safe: one call at a time.
template <typename T>
class Model {
  public:
    /// Initialises weights from `seed` (Glorot uniform before tanh, sigmoid and
    /// identity, He normal before ReLU; zero biases).
    Model(const ModelSpec& spec, std::uint64_t seed, int n_threads);

    const ModelSpec& spec() const { return spec_; }
    const std::vector<LayerInfo>& layers() const { return layers_; }
    Index n_params() const { return params_.size(); }
    Vector<T>& params() { return params_; }
    const Vector<T>& params() const { return params_; }
    TrainState<T>& state() { return state_; }
    void set_threads(int n_threads) { n_threads_ = check_threads(n_threads); }

    /// Trains on X, watching Xval (may have 0 rows) for early stopping, until
    /// `cfg.max_epochs` epochs in total (counting those of a restored state) are done.
    /// Throws NumericalError when the loss or gradient norm becomes non-finite; the
    /// parameters are then the last finite ones.
    TrainStatus fit(const ConstMatrixRef<T>& X, const ConstMatrixRef<T>& Xval,
                    const TrainConfig& cfg, const EpochCallback& callback,
                    CancelToken& cancel = no_cancel());

    /// One optimiser step on the batch X (all rows). `eps` (rows x k) gives the VAE
    /// noise; without it the model's generator draws it. Returns the batch loss and
    /// leaves the gradient in grad().
    Losses step(const ConstMatrixRef<T>& X, const TrainConfig& cfg,
                const T* eps = nullptr);

    /// Loss and gradient (into grad()) of the batch X without updating anything.
    Losses loss_and_grad(const ConstMatrixRef<T>& X, const T* eps = nullptr);
    const Vector<T>& grad() const { return grad_; }

    /// Mean losses over X. The VAE draws one noise sample per row from a generator
    /// seeded with `seed`, so the estimate is repeatable.
    Losses evaluate(const ConstMatrixRef<T>& X, std::uint64_t seed);

    /// Codes (autoencoder) or posterior means (VAE), n x k. With `log_var` the VAE
    /// also writes the clipped posterior log-variances.
    void encode(const ConstMatrixRef<T>& X, MatrixRef<T> out, T* log_var = nullptr);
    /// Reconstructions from codes, n x d; for CrossEntropy the sigmoid of the logits.
    void decode(const ConstMatrixRef<T>& Z, MatrixRef<T> out);

  private:
    void reserve(Index rows);
    /// VAE noise comes from `eps` when given, else from `noise`.
    void forward(const T* x, Index rows, const T* eps, Rng* noise);
    Losses output_loss(const T* x, Index rows, bool with_grad);
    void backward(const T* x, Index rows);
    double grad_norm() const;
    /// Applies the optimiser; false (with the old parameters restored) when the new
    /// parameters are not all finite.
    bool update(const TrainConfig& cfg, double grad_scale);
    Losses train_step(const T* x, Index rows, const TrainConfig& cfg,
                      std::int64_t epoch, Index batch, const T* eps);
    void chain_forward(std::size_t first, std::size_t last, const T* input, Index rows);
    void chain_backward(std::size_t first, std::size_t last, const T* input, Index rows,
                        T* d_input);

    ModelSpec spec_;
    std::vector<LayerInfo> layers_;
    std::size_t n_encoder_ = 0;
    int n_threads_ = 1;
    double last_grad_norm_ = 0;
    Vector<T> params_, grad_, backup_;
    TrainState<T> state_;
    Rng rng_;

    Index capacity_ = 0;
    std::vector<Vector<T>> act_, delta_; ///< per layer, capacity x n_out, row-major
    Vector<T> batch_, eps_, z_, dz_, log_var_;
    std::vector<Index> order_;
};

/// Fisher-Yates shuffle of 0..n-1 from `rng`.
void shuffled_indices(std::vector<Index>& order, Index n, Rng& rng);

} // namespace lowdim::nn
