"""Learned embeddings: the autoencoder and the variational autoencoder.

Both train in the C++ core (``lowdim._core.NnModel32`` / ``NnModel64``): the
minibatch loop, forward and backward passes and the optimiser run there with the GIL
released. This module validates input, chooses the architecture, splits off the
validation data, and keeps the fitted parameters as one flat array, ``params_``.
"""

from __future__ import annotations

import hashlib
import numbers
import os
import sys
import warnings
from typing import Any, Callable

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
)
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array, check_is_fitted

from lowdim import _core, _serialization
from lowdim._validation import (
    FLOAT_DTYPES,
    N_JOBS,
    Boolean,
    Interval,
    IntTuple,
    Options,
    RandomState,
    check_finite,
    check_input,
    check_params,
    resolve_n_jobs,
    seed_from,
)
from lowdim._warnings import LowdimWarning

__all__ = ["Autoencoder", "VAE"]

_ACTIVATIONS = ("identity", "tanh", "relu", "sigmoid")
# Streams of the seed used apart from the core's own: the validation split and the
# noise of validation/score estimates.
_SPLIT_STREAM = 0x51
_EVAL_STREAM = 0x9E3779B97F4A7C15


class _PathLike:
    def __contains__(self, value: Any) -> bool:
        return isinstance(value, (str, os.PathLike))

    def __str__(self) -> str:
        return "a path (str or os.PathLike)"


_TRAINING_CONSTRAINTS: dict[str, list[Any]] = {
    "n_components": [Interval(numbers.Integral, 1, None)],
    "hidden_layer_sizes": [IntTuple()],
    "activation": [Options(*_ACTIVATIONS)],
    "optimizer": [Options("adam", "sgd")],
    "learning_rate": [Interval(numbers.Real, 0, None, closed="neither")],
    "momentum": [Interval(numbers.Real, 0, 1, closed="left")],
    "batch_size": [Interval(numbers.Integral, 1, None)],
    "max_epochs": [Interval(numbers.Integral, 1, None)],
    "validation_fraction": [Interval(numbers.Real, 0, 1, closed="left")],
    "n_iter_no_change": [Interval(numbers.Integral, 1, None)],
    "tol": [Interval(numbers.Real, 0, None, closed="left")],
    "clip_grad_norm": [None, Interval(numbers.Real, 0, None, closed="neither")],
    "checkpoint_path": [None, _PathLike()],
    "checkpoint_every": [Interval(numbers.Integral, 1, None)],
    "random_state": [RandomState()],
    "n_jobs": N_JOBS,
    "verbose": [Boolean(), Interval(numbers.Integral, 0, None)],
}

# Parameters that may change between a checkpoint and the fit that resumes it.
_RESUMABLE_CHANGES = {
    "max_epochs",
    "verbose",
    "n_jobs",
    "checkpoint_path",
    "checkpoint_every",
    "random_state",
}


def _fingerprint(X: np.ndarray) -> str:
    return hashlib.sha256(memoryview(np.ascontiguousarray(X)).cast("B")).hexdigest()


class _Progress:
    """Per-epoch progress on stderr: a tqdm bar when tqdm is installed, else a line
    per epoch."""

    def __init__(self, enabled: bool, name: str, total: int, done: int) -> None:
        self.enabled = bool(enabled)
        self.name, self.total = name, total
        self.bar = None
        if not self.enabled:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        self.bar = tqdm(
            total=total, initial=done, desc=name, unit="epoch", file=sys.stderr
        )

    def update(self, report: dict, variational: bool) -> None:
        if not self.enabled:
            return
        parts = [f"loss={report['train']['loss']:.5g}"]
        if variational:
            parts.append(f"rec={report['train']['reconstruction']:.5g}")
            parts.append(f"kl={report['train']['kl']:.5g}")
        if report["validation"] is not None:
            parts.append(f"val_loss={report['validation']['loss']:.5g}")
        text = " ".join(parts)
        if self.bar is not None:
            self.bar.set_postfix_str(text, refresh=False)
            self.bar.update(1)
        else:
            print(
                f"{self.name} epoch {report['epoch']}/{self.total}: {text}",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _NeuralEmbedding(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Shared training, inference and persistence of Autoencoder and VAE."""

    @property
    def _n_features_out(self) -> int:
        return int(self.n_components)

    _variational = False
    _curve_names: tuple[str, ...] = ("loss_curve_", "validation_loss_curve_")

    # ---- what the subclasses define ----

    def _spec(self, n_features: int) -> dict:
        raise NotImplementedError

    def _check_data(self, X: np.ndarray) -> None:
        pass

    def _check_combination(self) -> None:
        pass

    # ---- scikit-learn protocol ----

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(
        self,
        X: Any,
        y: Any = None,
        *,
        resume: bool = False,
        callback: Callable[[dict], Any] | None = None,
    ):
        """Trains the network on X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; float32 stays float32, everything else becomes float64.
        y : ignored
        resume : bool, default=False
            Continue from the checkpoint at ``checkpoint_path`` (same data, same
            parameters apart from ``max_epochs``, ``verbose``, ``n_jobs`` and the
            checkpoint settings). With the same thread count the result is
            bit-identical to a run that was never interrupted.
        callback : callable, optional
            Called after every epoch with a dict (``epoch``, ``train`` and
            ``validation`` losses, ``grad_norm``); a true return value stops
            training.

        Returns
        -------
        self
        """
        self._fit(X, resume=resume, callback=callback)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Encodes X: the code of the autoencoder, the posterior mean of the VAE."""
        check_is_fitted(self, "params_")
        X = check_input(self, X, reset=False, min_samples=1)
        code, _ = self._core_model(X.dtype).encode(X)
        return code

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Decodes codes of shape (n_samples, n_components) back to feature space."""
        check_is_fitted(self, "params_")
        Z = check_array(X, dtype=list(FLOAT_DTYPES), order="C", ensure_all_finite=False)
        check_finite(Z)
        k = self.architecture_["n_components"]
        if Z.shape[1] != k:
            raise ValueError(
                f"{type(self).__name__}.inverse_transform: X has {Z.shape[1]} columns "
                f"but the codes have n_components = {k}."
            )
        return self._core_model(Z.dtype).decode(np.ascontiguousarray(Z))

    def save(self, path: str | os.PathLike) -> None:
        """Saves the fitted estimator to `path`; read it back with ``lowdim.load``.

        The file holds plain arrays and JSON metadata and loads without pickle.
        """
        check_is_fitted(self, "params_")
        _serialization.save(self, path)

    # ---- internals ----

    def _core_class(self, dtype: Any):
        return _core.NnModel32 if np.dtype(dtype) == np.float32 else _core.NnModel64

    def _core_model(self, dtype: Any, n_threads: int | None = None):
        meta = self.architecture_
        if n_threads is None:
            n_threads = resolve_n_jobs(self.n_jobs)
        model = self._core_class(dtype)(meta["spec"], 0, n_threads)
        model.set_params(np.ascontiguousarray(self.params_, dtype=dtype))
        return model

    def _config(self, seed: int) -> dict:
        return {
            "optimizer": self.optimizer,
            "learning_rate": float(self.learning_rate),
            "momentum": float(self.momentum),
            "batch_size": int(self.batch_size),
            "max_epochs": int(self.max_epochs),
            "n_iter_no_change": int(self.n_iter_no_change),
            "tol": float(self.tol),
            "clip_grad_norm": (
                0.0 if self.clip_grad_norm is None else float(self.clip_grad_norm)
            ),
            "eval_seed": (seed ^ _EVAL_STREAM) % 2**64,
        }

    def _split(self, X: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
        n = X.shape[0]
        if self.validation_fraction == 0:
            return X, X[:0]
        # At least one validation sample, and never all of them (n >= 2).
        n_val = max(1, int(self.validation_fraction * n))
        perm = np.random.default_rng([seed % 2**64, _SPLIT_STREAM]).permutation(n)
        val = np.sort(perm[:n_val])
        train = np.sort(perm[n_val:])
        return np.ascontiguousarray(X[train]), np.ascontiguousarray(X[val])

    def _fit(self, X: Any, *, resume: bool, callback: Callable | None) -> None:
        check_params(self)
        self._check_combination()
        if self.checkpoint_path is not None:
            _serialization.check_writable(self.checkpoint_path, "checkpoint_path")
        X = check_input(self, X, reset=True)
        self._check_data(X)
        n_threads = resolve_n_jobs(self.n_jobs)
        # Hashing the data costs a pass over it; only checkpoints need it.
        fingerprint = None if self.checkpoint_path is None else _fingerprint(X)
        spec = self._spec(X.shape[1])

        checkpoint = None
        if resume:
            checkpoint = self._read_checkpoint(X, fingerprint, n_threads)
            seed = int(checkpoint[0]["seed"])
        else:
            seed = seed_from(self.random_state)
        X_train, X_val = self._split(X, seed)

        model = self._core_class(X.dtype)(spec, seed % 2**64, n_threads)
        if checkpoint is not None:
            meta, arrays = checkpoint
            model.set_params(arrays["params"].astype(X.dtype, copy=False))
            model.set_state(_state_from_file(meta, arrays))
        self.architecture_ = {"spec": spec, "n_components": int(self.n_components)}
        self.seed_ = seed
        ckpt_meta = {
            "seed": seed,
            "fingerprint": fingerprint,
            "shape": list(X.shape),
            "dtype": str(X.dtype),
            "n_threads": n_threads,
        }
        progress = _Progress(
            self.verbose,
            type(self).__name__,
            int(self.max_epochs),
            int(model.get_state()["epoch"]),
        )

        def on_epoch(report: dict) -> bool:
            progress.update(report, self._variational)
            if (
                self.checkpoint_path is not None
                and report["epoch"] % self.checkpoint_every == 0
            ):
                self._write_checkpoint(model, ckpt_meta)
            return bool(callback(report)) if callback is not None else False

        try:
            status, interrupt = model.fit(X_train, X_val, self._config(seed), on_epoch)
        except ArithmeticError:
            # The core kept the last finite weights; the estimator keeps them too.
            self._store(model, converged=False)
            raise
        except KeyboardInterrupt as e:
            # Ctrl-C that landed in the epoch callback: the model sits at an epoch
            # boundary, as usable as after a stop by the core.
            status, interrupt = "interrupted", e
        finally:
            progress.close()
        self._store(model, converged=(status == "converged"))
        if status in ("max_epochs", "converged") and self.checkpoint_path is not None:
            self._write_checkpoint(model, ckpt_meta)
        if status == "interrupted":
            # The caller's Ctrl-C must still stop the caller (a loop, a grid
            # search, the CLI); the estimator is usable all the same, holding the
            # weights reached after the last complete batch.
            raise interrupt if interrupt is not None else KeyboardInterrupt()

    def _store(self, model: Any, *, converged: bool) -> None:
        state = model.get_state()
        self.params_ = model.get_params()
        self.n_epochs_ = int(state["epoch"])
        self.n_iter_ = int(state["step"])
        self.converged_ = bool(converged)
        self.loss_curve_ = np.asarray(state["loss"], dtype=np.float64)
        self.validation_loss_curve_ = np.asarray(state["val_loss"], dtype=np.float64)
        if self._variational:
            self.reconstruction_loss_curve_ = np.asarray(state["reconstruction"])
            self.kl_loss_curve_ = np.asarray(state["kl"])
            self.validation_reconstruction_loss_curve_ = np.asarray(
                state["val_reconstruction"], dtype=np.float64
            )
            self.validation_kl_loss_curve_ = np.asarray(
                state["val_kl"], dtype=np.float64
            )

    def _evaluate(self, X: Any) -> dict:
        check_is_fitted(self, "params_")
        X = check_input(self, X, reset=False, min_samples=1)
        self._check_data(X)
        seed = (self.seed_ ^ _EVAL_STREAM) % 2**64
        return self._core_model(X.dtype).evaluate(X, seed)

    # ---- checkpoints ----

    def _comparable_params(self) -> dict:
        params, _ = _serialization.jsonable_params(self.get_params(deep=False))
        return {k: v for k, v in params.items() if k not in _RESUMABLE_CHANGES}

    def _write_checkpoint(self, model: Any, ckpt_meta: dict) -> None:
        state = model.get_state()
        arrays = {"params": model.get_params()}
        scalars = {}
        for key, value in state.items():
            if isinstance(value, np.ndarray):
                arrays[key] = value
            elif isinstance(value, list):
                arrays[key] = np.asarray(value, dtype=np.float64)
            else:
                scalars[key] = value
        # JSON numbers are doubles in many readers; the generator state is 64 bits.
        scalars["rng_state"] = str(scalars["rng_state"])
        meta = dict(
            ckpt_meta,
            kind="checkpoint",
            estimator=type(self).__name__,
            params=self._comparable_params(),
            state=scalars,
        )
        _serialization.write(self.checkpoint_path, meta, arrays)

    def _read_checkpoint(self, X: np.ndarray, fingerprint: str, n_threads: int):
        name = type(self).__name__
        if self.checkpoint_path is None:
            raise ValueError(
                f"{name}: fit(resume=True) needs checkpoint_path, the file that a "
                "previous fit wrote its checkpoints to."
            )
        path = os.fspath(self.checkpoint_path)
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"{name}: checkpoint_path={path!r} does not exist; fit without "
                "resume=True to start training from scratch."
            )
        meta, arrays = _serialization.read(path)
        if meta.get("kind") != "checkpoint" or meta.get("estimator") != name:
            raise ValueError(
                f"{name}: {path!r} is not a checkpoint of a {name} (it holds a "
                f"{meta.get('kind')} of {meta.get('estimator')})."
            )
        saved, now = meta["params"], self._comparable_params()
        changed = sorted(k for k in set(saved) | set(now) if saved.get(k) != now.get(k))
        if changed:
            detail = ", ".join(
                f"{k}: {saved.get(k)!r} -> {now.get(k)!r}" for k in changed
            )
            raise ValueError(
                f"{name}: cannot resume from {path!r}: parameters differ from the "
                f"checkpoint ({detail}). Only max_epochs, verbose, n_jobs and the "
                "checkpoint settings may change."
            )
        if meta["fingerprint"] != fingerprint or meta["dtype"] != str(X.dtype):
            raise ValueError(
                f"{name}: cannot resume from {path!r}: X is not the data the "
                f"checkpoint was trained on (it had shape {tuple(meta['shape'])} and "
                f"dtype {meta['dtype']}; got {X.shape} and {X.dtype}, or the values "
                "differ)."
            )
        if int(meta["n_threads"]) != n_threads:
            warnings.warn(
                f"{name}: the checkpoint was trained with {meta['n_threads']} threads "
                f"and this fit uses {n_threads}; training continues, but the result "
                "is bit-identical to an uninterrupted run only with the same count.",
                LowdimWarning,
                stacklevel=4,
            )
        return meta, arrays

    # ---- save / load ----

    def _saved_state(self) -> tuple[dict, dict]:
        params, dropped = _serialization.jsonable_params(self.get_params(deep=False))
        arrays = {"params_": self.params_}
        scalars = {}
        for key, value in vars(self).items():
            if not key.endswith("_") or key.startswith("_") or key == "params_":
                continue
            if key == "feature_names_in_":
                arrays[key] = np.asarray(value, dtype=str)
            elif isinstance(value, np.ndarray):
                arrays[key] = value
            else:
                scalars[key] = value
        meta = {"params": params, "unsaved_params": dropped, "attributes": scalars}
        return meta, arrays

    @classmethod
    def _from_saved_state(cls, meta: dict, arrays: dict):
        params = dict(meta["params"])
        if params.get("hidden_layer_sizes") is not None:
            params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
        est = cls(**params)
        for key, value in meta["attributes"].items():
            setattr(est, key, value)
        for key, value in arrays.items():
            if key == "feature_names_in_":
                value = np.asarray(value, dtype=object)
            setattr(est, key, value)
        return est


_TRAINING_DOC = """
    optimizer : {"adam", "sgd"}, default="adam"
        Adam (Kingma & Ba 2015, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) or SGD
        with momentum.
    learning_rate : float, default=1e-3
        Step size. A rate so large that the loss becomes non-finite stops training
        with an ArithmeticError naming the epoch, the step and the rate; the
        estimator then holds the last finite weights.
    momentum : float, default=0.9
        Momentum of SGD (``v <- momentum * v + grad``, ``w <- w - lr * v``).
    batch_size : int, default=64
        Minibatch size. A batch larger than the training data is clipped to it
        (full-batch training).
    max_epochs : int, default=200
        Upper bound on passes over the training data.
    validation_fraction : float, default=0.1
        Share of the samples held out (at random, seeded) to watch for early
        stopping; at least one sample when positive. 0 watches the training loss.
    n_iter_no_change : int, default=10
        Stop when the watched loss failed to improve by ``tol`` (relative) for this
        many epochs.
    tol : float, default=1e-4
        Relative improvement that counts for early stopping.
    clip_grad_norm : float or None, default=None
        When set, gradients whose Euclidean norm (over all parameters) exceeds it
        are scaled down to it before the update.
    checkpoint_path : str or path-like, default=None
        Where to save checkpoints (weights, optimiser state, generator state and
        loss curves) every ``checkpoint_every`` epochs and at the end of training.
    checkpoint_every : int, default=10
        Epochs between checkpoints.
    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the validation split, the shuffling and the VAE
        noise. Results depend on it and on nothing else at a fixed thread count.
    n_jobs : int, default=None
        Threads for the core. None: OMP_NUM_THREADS or all available CPUs; -1 all
        CPUs. Layers too small to gain from threads run on one.
    verbose : bool, default=False
        Show progress and the current losses on stderr (a tqdm bar when tqdm is
        installed, else one line per epoch).
"""


class Autoencoder(_NeuralEmbedding):
    """Autoencoder whose code layer is the embedding.

    The encoder maps ``n_features -> hidden_layer_sizes -> n_components`` with
    ``activation`` between layers and a linear code layer; the decoder mirrors it,
    ``n_components -> reversed(hidden_layer_sizes) -> n_features``, ending in
    ``output_activation``. Weights start from Glorot uniform (He normal before ReLU)
    and train on minibatches in the C++ core.

    With ``activation="identity"`` and ``hidden_layer_sizes=()`` this is the linear
    autoencoder, whose optimum spans the principal subspace of the centred data (Baldi
    & Hornik 1989).

    Parameters
    ----------
    n_components : int, default=2
        Size of the code.
    hidden_layer_sizes : tuple of int, default=(64,)
        Encoder hidden layers; the decoder uses them in reverse.
    activation : {"identity", "tanh", "relu", "sigmoid"}, default="tanh"
        Activation of the hidden layers.
    output_activation : {"identity", "tanh", "relu", "sigmoid"}, default="identity"
        Activation of the reconstruction. ``loss="bce"`` needs "sigmoid".
    loss : {"mse", "bce"}, default="mse"
        Mean squared error over all entries, or the binary cross-entropy of the
        sigmoid output (computed from its logits, so never log 0; data must lie in
        [0, 1]).
    <training parameters>
    Attributes
    ----------
    params_ : ndarray
        All weights and biases in one vector: per layer the (n_in, n_out) weight
        matrix in row-major order, then the bias.
    loss_curve_, validation_loss_curve_ : ndarray
        Mean loss per epoch on the training and the validation data.
    n_epochs_ : int
        Epochs trained (with a resumed fit, counted from the start).
    n_iter_ : int
        Optimiser steps taken.
    converged_ : bool
        Whether early stopping ended training.
    n_features_in_ : int
        Number of features seen in fit.

    Notes
    -----
    Early stopping keeps the weights of the last epoch, not those of the best one.
    ``score`` is the negative mean reconstruction loss per entry.

    Examples
    --------
    >>> import numpy as np
    >>> from lowdim._autoencoder import Autoencoder
    >>> X = np.random.default_rng(0).normal(size=(100, 5))
    >>> ae = Autoencoder(n_components=2, max_epochs=5, random_state=0).fit(X)
    >>> ae.transform(X).shape
    (100, 2)
    """

    _parameter_constraints = dict(
        _TRAINING_CONSTRAINTS,
        output_activation=[Options(*_ACTIVATIONS)],
        loss=[Options("mse", "bce")],
    )

    def __init__(
        self,
        n_components=2,
        *,
        hidden_layer_sizes=(64,),
        activation="tanh",
        output_activation="identity",
        loss="mse",
        optimizer="adam",
        learning_rate=1e-3,
        momentum=0.9,
        batch_size=64,
        max_epochs=200,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        clip_grad_norm=None,
        checkpoint_path=None,
        checkpoint_every=10,
        random_state=None,
        n_jobs=None,
        verbose=False,
    ):
        self.n_components = n_components
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output_activation = output_activation
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.clip_grad_norm = clip_grad_norm
        self.checkpoint_path = checkpoint_path
        self.checkpoint_every = checkpoint_every
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    def _check_combination(self) -> None:
        if self.loss == "bce" and self.output_activation != "sigmoid":
            raise ValueError(
                "Autoencoder: loss='bce' is the cross-entropy of a sigmoid output, so "
                "it needs output_activation='sigmoid'; got output_activation="
                f"{self.output_activation!r}."
            )

    def _check_data(self, X: np.ndarray) -> None:
        if self.loss == "bce":
            _check_unit_interval(X, "Autoencoder", "loss='bce'", "loss='mse'")

    def _spec(self, n_features: int) -> dict:
        return {
            "variational": False,
            "n_features": int(n_features),
            "n_components": int(self.n_components),
            "hidden": [int(h) for h in self.hidden_layer_sizes],
            "activation": self.activation,
            "output_activation": self.output_activation,
            "reconstruction": (
                "cross_entropy" if self.loss == "bce" else "squared_error"
            ),
            "beta": 0.0,
        }

    def score(self, X: Any, y: Any = None) -> float:
        """Negative mean reconstruction loss per entry (higher is better)."""
        return -float(self._evaluate(X)["reconstruction"])


class VAE(_NeuralEmbedding):
    """Variational autoencoder (Kingma & Welling 2014).

    The encoder ``n_features -> hidden_layer_sizes -> 2 * n_components`` gives the
    mean and the log-variance of a diagonal Gaussian posterior; training draws codes
    with the reparameterisation trick, ``z = mean + exp(log_var / 2) * eps``, and
    minimises the reconstruction loss plus ``beta`` times the KL divergence to the
    standard normal prior. The decoder mirrors the encoder.

    Parameters
    ----------
    n_components : int, default=2
        Dimension of the latent space.
    hidden_layer_sizes : tuple of int, default=(400,)
        Encoder hidden layers; the decoder uses them in reverse.
    activation : {"identity", "tanh", "relu", "sigmoid"}, default="relu"
        Activation of the hidden layers.
    likelihood : {"bernoulli", "gaussian"}, default="bernoulli"
        Bernoulli (data in [0, 1], cross-entropy computed from logits) or a Gaussian
        with unit variance for real-valued data (scale the data so that a unit
        noise level makes sense, e.g. standardise it).
    beta : float, default=1.0
        Weight of the KL term (beta-VAE; 1 is the evidence lower bound).
    <training parameters>
    Attributes
    ----------
    params_ : ndarray
        All weights and biases in one vector (see ``Autoencoder``).
    loss_curve_, validation_loss_curve_ : ndarray
        Mean loss (reconstruction + beta * KL) per epoch.
    reconstruction_loss_curve_, kl_loss_curve_ : ndarray
        The two parts of ``loss_curve_``, per sample.
    validation_reconstruction_loss_curve_, validation_kl_loss_curve_ : ndarray
        The same on the validation data.
    n_epochs_, n_iter_, converged_, n_features_in_
        As for ``Autoencoder``.

    Notes
    -----
    Log-variances are clipped to [-20, 20] (zero gradient outside), so exp never
    overflows. Losses are per sample: the reconstruction is a negative
    log-likelihood summed over features (for the Gaussian, including its constant
    ``n_features * log(2 pi) / 2``). ``score`` is the mean evidence lower bound per
    sample, estimated with one posterior draw per sample from a fixed seed.

    Examples
    --------
    >>> import numpy as np
    >>> from lowdim._autoencoder import VAE
    >>> X = np.random.default_rng(0).uniform(size=(100, 5))
    >>> vae = VAE(n_components=2, hidden_layer_sizes=(8,), max_epochs=5,
    ...           random_state=0).fit(X)
    >>> vae.sample(3, random_state=0).shape
    (3, 5)
    """

    _variational = True
    _parameter_constraints = dict(
        _TRAINING_CONSTRAINTS,
        likelihood=[Options("bernoulli", "gaussian")],
        beta=[Interval(numbers.Real, 0, None, closed="left")],
    )

    def __init__(
        self,
        n_components=2,
        *,
        hidden_layer_sizes=(400,),
        activation="relu",
        likelihood="bernoulli",
        beta=1.0,
        optimizer="adam",
        learning_rate=1e-3,
        momentum=0.9,
        batch_size=64,
        max_epochs=200,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        clip_grad_norm=None,
        checkpoint_path=None,
        checkpoint_every=10,
        random_state=None,
        n_jobs=None,
        verbose=False,
    ):
        self.n_components = n_components
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.likelihood = likelihood
        self.beta = beta
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.clip_grad_norm = clip_grad_norm
        self.checkpoint_path = checkpoint_path
        self.checkpoint_every = checkpoint_every
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    def _check_data(self, X: np.ndarray) -> None:
        if self.likelihood == "bernoulli":
            _check_unit_interval(
                X, "VAE", "likelihood='bernoulli'", "likelihood='gaussian'"
            )

    def _spec(self, n_features: int) -> dict:
        bern = self.likelihood == "bernoulli"
        return {
            "variational": True,
            "n_features": int(n_features),
            "n_components": int(self.n_components),
            "hidden": [int(h) for h in self.hidden_layer_sizes],
            "activation": self.activation,
            "output_activation": "identity",
            "reconstruction": "cross_entropy" if bern else "squared_error",
            "beta": float(self.beta),
        }

    def score(self, X: Any, y: Any = None) -> float:
        """Mean evidence lower bound per sample (higher is better)."""
        losses = self._evaluate(X)
        return -float(losses["reconstruction"] + losses["kl"])

    def sample(self, n_samples: int = 1, random_state: Any = None) -> np.ndarray:
        """Decodes `n_samples` draws from the standard normal prior.

        For the Bernoulli likelihood the result holds pixel probabilities (the
        decoder's mean), for the Gaussian the decoded means.
        """
        check_is_fitted(self, "params_")
        if (
            isinstance(n_samples, (bool, np.bool_))
            or not isinstance(n_samples, numbers.Integral)
            or n_samples < 1
        ):
            raise ValueError(
                f"VAE.sample: n_samples must be an int >= 1; got {n_samples!r}."
            )
        rng = check_random_state(random_state)
        Z = rng.standard_normal((int(n_samples), int(self.n_components)))
        dtype = self.params_.dtype
        return self._core_model(dtype).decode(np.ascontiguousarray(Z, dtype=dtype))


# The training parameters are documented once and shared by both docstrings.
for _cls in (Autoencoder, VAE):
    if _cls.__doc__:  # None under python -OO
        _cls.__doc__ = _cls.__doc__.replace(
            "    <training parameters>\n", _TRAINING_DOC.lstrip("\n")
        )


def _check_unit_interval(X: np.ndarray, name: str, what: str, other: str) -> None:
    lo, hi = float(X.min()), float(X.max())
    if lo < 0 or hi > 1:
        raise ValueError(
            f"{name}: {what} needs data in [0, 1]; X ranges over [{lo:.6g}, {hi:.6g}]. "
            f"Rescale X (for example with sklearn's MinMaxScaler) or use {other}."
        )


def _state_from_file(meta: dict, arrays: dict) -> dict:
    state = dict(meta["state"])
    state["rng_state"] = int(state["rng_state"])
    for key in ("moment1", "moment2"):
        state[key] = arrays[key]
    curves = (
        "loss",
        "reconstruction",
        "kl",
        "val_loss",
        "val_reconstruction",
        "val_kl",
    )
    for key in curves:
        state[key] = [float(v) for v in arrays[key]]
    return state
