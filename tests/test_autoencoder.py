"""Autoencoder: training steps against NumPy, the linear autoencoder against PCA,
bad input, divergence, determinism, checkpoints and persistence."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from scipy.sparse import csr_matrix
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.utils.estimator_checks import check_estimator
from test_nn_gradients import NumpyNet, adam_reference, make_spec, train_config

from lowdim import _core
from lowdim._autoencoder import Autoencoder
from lowdim._serialization import load


@pytest.fixture(scope="module")
def digits():
    return load_digits().data / 16.0


@pytest.fixture
def small():
    return np.random.default_rng(0).uniform(size=(60, 7))


def fast(**kw):
    params = dict(
        n_components=2,
        hidden_layer_sizes=(6,),
        max_epochs=3,
        batch_size=16,
        random_state=0,
        n_jobs=1,
    )
    params.update(kw)
    return Autoencoder(**params)


# ---------------------------------------------------------------------------
# One step against the NumPy reference
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_training_steps_equal_numpy_reference(optimizer):
    rng = np.random.default_rng(1)
    spec = make_spec(
        activation="tanh", output_activation="sigmoid", hidden=(5, 4), d=6, k=2
    )
    model = _core.NnModel64(spec, 4, 1)
    ref = NumpyNet(model.layers(), spec)
    p = model.get_params()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    cfg = train_config(optimizer=optimizer, learning_rate=0.05, momentum=0.8)
    # Three steps on different batches exercise the moments and bias correction.
    for t in range(1, 4):
        X = rng.uniform(size=(9, 6))
        (loss, _, _), g = ref.loss_and_grad(p, X)
        if optimizer == "adam":
            p, m, v = adam_reference(p, g, m, v, t, lr=0.05)
        else:
            m = 0.8 * m + g
            p = p - 0.05 * m
        got = model.step(X, cfg)
        assert got["loss"] == pytest.approx(loss, rel=1e-13)
        np.testing.assert_allclose(model.get_params(), p, rtol=1e-12, atol=1e-15)
    state = model.get_state()
    assert state["step"] == 3
    np.testing.assert_allclose(state["moment1"], m, rtol=1e-12, atol=1e-18)


def test_gradient_clipping_scales_the_step():
    rng = np.random.default_rng(2)
    spec = make_spec(hidden=(4,), d=5, k=2)
    model = _core.NnModel64(spec, 4, 1)
    ref = NumpyNet(model.layers(), spec)
    p = model.get_params()
    X = 3 * rng.standard_normal((8, 5))
    _, g = ref.loss_and_grad(p, X)
    clip = 0.1 * np.linalg.norm(g)
    model.step(X, train_config(optimizer="sgd", learning_rate=0.1, clip_grad_norm=clip))
    expected = p - 0.1 * g * (clip / np.linalg.norm(g))
    np.testing.assert_allclose(model.get_params(), expected, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------
# The linear autoencoder finds the principal subspace
# ---------------------------------------------------------------------------


def test_linear_autoencoder_spans_principal_subspace(digits):
    # Baldi & Hornik (1989): the minima of a linear autoencoder's squared error are
    # the projections onto the top principal subspace. Digits has a clear gap after
    # the third eigenvalue (0.55 vs 0.39 for X / 16), so k = 3 converges fast.
    k, d = 3, digits.shape[1]
    ae = Autoencoder(
        k,
        hidden_layer_sizes=(),
        activation="identity",
        learning_rate=1e-3,
        batch_size=32,
        max_epochs=300,
        validation_fraction=0,
        n_iter_no_change=300,
        random_state=0,
        n_jobs=1,
    ).fit(digits)
    assert ae.n_epochs_ == 300
    # Decoder weights (k x d) follow the encoder's d x k weights and k biases.
    W_dec = ae.params_[d * k + k : d * k + k + k * d].reshape(k, d)
    pca = PCA(k).fit(digits)
    angle = np.degrees(subspace_angles(W_dec.T, pca.components_.T)).max()
    # Minibatch noise of Adam at lr 1e-3 leaves about a degree.
    assert angle < 2.0
    pca_error = np.mean((pca.inverse_transform(pca.transform(digits)) - digits) ** 2)
    ae_error = -ae.score(digits)
    assert pca_error <= ae_error + 1e-12
    assert ae_error < 1.005 * pca_error
    # The codes are an invertible linear map of the PCA scores.
    codes = ae.transform(digits)
    scores = pca.transform(digits)
    A, *_ = np.linalg.lstsq(np.c_[scores, np.ones(len(scores))], codes, rcond=None)
    fit = np.c_[scores, np.ones(len(scores))] @ A
    assert np.linalg.norm(fit - codes) < 0.05 * np.linalg.norm(codes - codes.mean(0))


def test_nonlinear_autoencoder_trains_and_reconstructs(digits):
    ae = Autoencoder(
        2,
        hidden_layer_sizes=(32,),
        batch_size=32,
        max_epochs=15,
        random_state=0,
        n_jobs=1,
    ).fit(digits)
    assert ae.loss_curve_[-1] < 0.6 * ae.loss_curve_[0]
    assert len(ae.validation_loss_curve_) == ae.n_epochs_ == 15
    rec = ae.inverse_transform(ae.transform(digits))
    assert rec.shape == digits.shape
    assert np.mean((rec - digits) ** 2) == pytest.approx(-ae.score(digits), rel=1e-10)


def test_bce_loss_with_sigmoid_output(digits):
    ae = Autoencoder(
        2,
        hidden_layer_sizes=(16,),
        loss="bce",
        output_activation="sigmoid",
        batch_size=64,
        max_epochs=5,
        random_state=0,
        n_jobs=1,
    ).fit(digits)
    rec = ae.inverse_transform(ae.transform(digits))
    assert rec.min() >= 0 and rec.max() <= 1
    p = np.clip(rec, 1e-300, 1 - 1e-16)
    bce = -np.mean(digits * np.log(p) + (1 - digits) * np.log1p(-p))
    assert -ae.score(digits) == pytest.approx(bce, rel=1e-9)


# ---------------------------------------------------------------------------
# dtypes, determinism, threads
# ---------------------------------------------------------------------------


def test_float32_stays_float32(digits):
    X32 = digits.astype(np.float32)
    ae = fast(max_epochs=5).fit(X32)
    assert ae.params_.dtype == np.float32
    Z = ae.transform(X32)
    assert Z.dtype == np.float32
    assert ae.inverse_transform(Z).dtype == np.float32
    assert ae.loss_curve_[-1] < ae.loss_curve_[0]
    # float64 input on the float32 model computes in float64.
    assert ae.transform(digits).dtype == np.float64
    np.testing.assert_allclose(ae.transform(digits), Z, rtol=1e-4, atol=1e-5)


def test_same_random_state_gives_identical_results(small):
    a = fast(random_state=3).fit(small)
    b = fast(random_state=3).fit(small)
    c = fast(random_state=4).fit(small)
    np.testing.assert_array_equal(a.params_, b.params_)
    np.testing.assert_array_equal(a.loss_curve_, b.loss_curve_)
    assert not np.array_equal(a.params_, c.params_)


def test_threaded_large_layers_are_deterministic_and_match_serial():
    # 2 * 128 * 300 * 200 flops per product is above the threshold for threads.
    X = np.random.default_rng(0).uniform(size=(256, 300))
    kw = dict(
        hidden_layer_sizes=(200,),
        batch_size=128,
        max_epochs=2,
        validation_fraction=0,
        random_state=0,
    )
    a = Autoencoder(4, n_jobs=2, **kw).fit(X)
    b = Autoencoder(4, n_jobs=2, **kw).fit(X)
    s = Autoencoder(4, n_jobs=1, **kw).fit(X)
    np.testing.assert_array_equal(a.params_, b.params_)
    # Splitting output blocks changes rounding only (Adam's first steps move each
    # weight by about lr, whatever the gradient's size).
    np.testing.assert_allclose(a.params_, s.params_, rtol=0, atol=1e-9)


# ---------------------------------------------------------------------------
# Bad input and bad training
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "X,match",
    [
        (np.array([[0.0, np.nan], [1.0, 2.0]]), "NaN at row 0, column 1"),
        (np.array([[0.0, 1.0], [np.inf, 2.0]]), "infinity at row 1, column 0"),
        (np.zeros((1, 3)), "minimum of 2"),
        (np.zeros((0, 3)), "minimum of 2"),
        (np.array([[1e300, 1.0], [1.0, 1.0]]), "overflow"),
    ],
    ids=["nan", "inf", "one-sample", "empty", "overflow"],
)
def test_bad_input_refused_like_the_spectral_estimators(X, match):
    with pytest.raises(ValueError, match=match):
        fast().fit(X)


def test_sparse_input_refused(small):
    with pytest.raises(TypeError, match="[Ss]parse"):
        fast().fit(csr_matrix(small))


@pytest.mark.parametrize(
    "param,value",
    [
        ("n_components", 0),
        ("hidden_layer_sizes", (4, 0)),
        ("hidden_layer_sizes", 5),
        ("activation", "gelu"),
        ("output_activation", "softmax"),
        ("loss", "mae"),
        ("optimizer", "rmsprop"),
        ("learning_rate", 0.0),
        ("learning_rate", float("nan")),
        ("momentum", 1.0),
        ("batch_size", 0),
        ("batch_size", -4),
        ("batch_size", 2.5),
        ("max_epochs", 0),
        ("validation_fraction", 1.0),
        ("n_iter_no_change", 0),
        ("tol", -1.0),
        ("clip_grad_norm", 0.0),
        ("checkpoint_every", 0),
        ("random_state", "seed"),
        ("n_jobs", 0),
    ],
)
def test_bad_parameters_named_in_the_error(small, param, value):
    with pytest.raises(ValueError, match=f"parameter '{param}'"):
        fast(**{param: value}).fit(small)


def test_bce_needs_sigmoid_output_and_unit_interval(small):
    with pytest.raises(ValueError, match="output_activation='sigmoid'"):
        fast(loss="bce").fit(small)
    with pytest.raises(ValueError, match=r"loss='bce' needs data in \[0, 1\]"):
        fast(loss="bce", output_activation="sigmoid").fit(small * 2)


def test_batch_larger_than_data_is_full_batch(small):
    ae = fast(batch_size=10_000, validation_fraction=0, max_epochs=4).fit(small)
    assert ae.n_iter_ == ae.n_epochs_ == 4


def test_transform_checks_features(small):
    ae = fast().fit(small)
    with pytest.raises(ValueError, match="features"):
        ae.transform(small[:, :3])
    with pytest.raises(ValueError, match="n_components = 2"):
        ae.inverse_transform(np.zeros((3, 5)))


def test_divergence_stops_with_clear_error_and_keeps_finite_weights(digits):
    ae = Autoencoder(
        2,
        hidden_layer_sizes=(16,),
        activation="relu",
        optimizer="sgd",
        learning_rate=1e6,
        max_epochs=50,
        random_state=0,
        n_jobs=1,
    )
    with pytest.raises(ArithmeticError) as info:
        ae.fit(digits * 16)
    msg = str(info.value)
    assert "epoch 1" in msg and "batch" in msg and "learning_rate=1e+06" in msg
    assert "non-finite" in msg
    assert np.all(np.isfinite(ae.params_))
    assert np.all(np.isfinite(ae.transform(digits)))


# ---------------------------------------------------------------------------
# Callbacks, early stopping, progress, Ctrl-C
# ---------------------------------------------------------------------------


def test_callback_sees_every_epoch_and_can_stop(small):
    seen = []

    def cb(report):
        seen.append((report["epoch"], report["train"]["loss"]))
        return report["epoch"] == 3

    ae = fast(max_epochs=10).fit(small, callback=cb)
    assert ae.n_epochs_ == 3
    assert [e for e, _ in seen] == [1, 2, 3]
    np.testing.assert_array_equal([loss for _, loss in seen], ae.loss_curve_)


def test_callback_exception_propagates(small):
    def cb(report):
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        fast().fit(small, callback=cb)


def test_early_stopping_after_patience(small):
    # A huge tolerance means no epoch counts as an improvement after the first.
    ae = fast(max_epochs=50, tol=0.5, n_iter_no_change=2).fit(small)
    assert ae.converged_ and ae.n_epochs_ == 3


def test_verbose_without_tqdm_prints_one_line_per_epoch(small, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    fast(verbose=True, max_epochs=3).fit(small)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and err[-1].startswith("Autoencoder epoch 3/3: loss=")
    assert "val_loss=" in err[-1]


def test_verbose_shows_a_progress_bar_with_the_losses_on_stderr(small, capsys):
    fast(verbose=True, max_epochs=3).fit(small)
    out, err = capsys.readouterr()
    assert out == ""
    assert "3/3" in err and "loss=" in err and "val_loss=" in err


def test_ctrl_c_stops_after_current_batch_and_leaves_usable_model():
    X = np.random.default_rng(0).uniform(size=(2000, 50))
    ae = Autoencoder(
        2,
        hidden_layer_sizes=(64,),
        batch_size=8,
        max_epochs=100_000,
        n_iter_no_change=100_000,
        random_state=0,
        n_jobs=1,
    )
    # The signal comes from another thread while the core trains, as a Ctrl-C would.
    timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT))

    def start_timer(report):
        if report["epoch"] == 1:
            timer.start()

    try:
        with pytest.raises(KeyboardInterrupt):
            ae.fit(X, callback=start_timer)
    finally:
        timer.cancel()
    assert ae.n_epochs_ < 100_000
    assert ae.n_iter_ >= 1
    assert np.all(np.isfinite(ae.transform(X)))


# ---------------------------------------------------------------------------
# Persistence and checkpoints
# ---------------------------------------------------------------------------


def test_save_load_round_trip_without_pickle(small, tmp_path):
    ae = fast().fit(small)
    path = tmp_path / "model.lowdim"
    ae.save(path)
    with np.load(path, allow_pickle=False) as f:
        assert "params_" in f.files
    back = load(path)
    assert type(back) is Autoencoder
    assert back.get_params() == ae.get_params()
    np.testing.assert_array_equal(back.transform(small), ae.transform(small))
    np.testing.assert_array_equal(back.loss_curve_, ae.loss_curve_)
    assert back.n_features_in_ == 7 and back.n_epochs_ == ae.n_epochs_


def test_pickle_round_trip(small):
    ae = fast().fit(small)
    back = pickle.loads(pickle.dumps(ae))
    np.testing.assert_array_equal(back.transform(small), ae.transform(small))


def test_load_refuses_foreign_and_future_files(small, tmp_path):
    np.savez(tmp_path / "plain.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="not a lowdim file"):
        load(tmp_path / "plain.npz")
    from lowdim import _serialization

    _serialization.write(tmp_path / "x", {"kind": "estimator"}, {})
    raw = dict(np.load(tmp_path / "x"))
    raw["__lowdim__"] = np.array(
        str(raw["__lowdim__"]).replace('"version": 1', '"version": 99')
    )
    np.savez(tmp_path / "future.npz", **raw)
    with pytest.raises(ValueError, match="version 99"):
        load(tmp_path / "future.npz")


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_resume_from_checkpoint_is_bit_identical(small, tmp_path, optimizer):
    kw = dict(
        optimizer=optimizer, max_epochs=7, n_iter_no_change=100, checkpoint_every=2
    )
    whole = fast(checkpoint_path=tmp_path / "a.ckpt", **kw).fit(small)
    # An interrupted run: stops after epoch 4, whose checkpoint it has written.
    path = tmp_path / "b.ckpt"
    part = fast(checkpoint_path=path, **kw)
    part.fit(small, callback=lambda r: r["epoch"] == 4)
    assert part.n_epochs_ == 4
    resumed = fast(checkpoint_path=path, **kw).fit(small, resume=True)
    assert resumed.n_epochs_ == 7 and resumed.n_iter_ == whole.n_iter_
    np.testing.assert_array_equal(resumed.params_, whole.params_)
    np.testing.assert_array_equal(resumed.loss_curve_, whole.loss_curve_)
    np.testing.assert_array_equal(
        resumed.validation_loss_curve_, whole.validation_loss_curve_
    )


def test_resume_refuses_other_data_or_parameters(small, tmp_path):
    path = tmp_path / "c.ckpt"
    fast(checkpoint_path=path).fit(small)
    with pytest.raises(ValueError, match="not the data"):
        fast(checkpoint_path=path).fit(small + 1e-3, resume=True)
    with pytest.raises(ValueError, match="learning_rate"):
        fast(checkpoint_path=path, learning_rate=0.5).fit(small, resume=True)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fast(checkpoint_path=tmp_path / "none").fit(small, resume=True)
    with pytest.raises(ValueError, match="checkpoint_path"):
        fast().fit(small, resume=True)


def test_passes_sklearn_estimator_checks():
    # Skips (array API checks without SCIPY_ARRAY_API) are not failures.
    check_estimator(
        Autoencoder(max_epochs=3, hidden_layer_sizes=(8,), n_jobs=1), on_skip=None
    )


def test_damaged_model_files_are_refused_without_pickle_advice(small, tmp_path):
    path = tmp_path / "model.lowdim"
    fast().fit(small).save(path)
    data = path.read_bytes()
    (tmp_path / "cut").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk").write_bytes(b"\x93NUMPY garbage" * 10)
    np.save(tmp_path / "plain.npy", np.arange(3.0))
    for name in ("cut", "junk", "plain.npy"):
        with pytest.raises(ValueError, match="not a readable lowdim file") as e:
            load(tmp_path / name)
        assert "pickle" not in str(e.value)


def test_unwritable_checkpoint_path_is_refused_before_training(small, tmp_path):
    ae = fast(checkpoint_path=tmp_path / "missing" / "ck.lowdim")
    with pytest.raises(ValueError, match="checkpoint_path=.*does not exist"):
        ae.fit(small)
    assert not hasattr(ae, "params_")
