"""VAE: steps against NumPy, the KL term, learning two latent factors, sampling,
bad input, float32, persistence and resumed training."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.utils.estimator_checks import check_estimator
from test_nn_gradients import NumpyNet, adam_reference, make_spec, train_config

from lowdim import _core
from lowdim._autoencoder import VAE
from lowdim._serialization import load


@pytest.fixture(scope="module")
def two_factors():
    # Bernoulli means driven by two latent factors through a fixed nonlinear map.
    rng = np.random.default_rng(0)
    z = rng.standard_normal((600, 2))
    A = 2.0 * rng.standard_normal((2, 12))
    b = 0.5 * rng.standard_normal(12)
    return 1 / (1 + np.exp(-(z @ A + b)))


def fast(**kw):
    params = dict(
        n_components=2,
        hidden_layer_sizes=(8,),
        max_epochs=3,
        batch_size=32,
        random_state=0,
        n_jobs=1,
    )
    params.update(kw)
    return VAE(**params)


@pytest.mark.parametrize("reconstruction", ["cross_entropy", "squared_error"])
def test_training_steps_equal_numpy_reference(reconstruction):
    rng = np.random.default_rng(3)
    spec = make_spec(
        variational=True,
        reconstruction=reconstruction,
        activation="relu",
        hidden=(6,),
        d=5,
        k=2,
        beta=1.5,
    )
    model = _core.NnModel64(spec, 8, 1)
    ref = NumpyNet(model.layers(), spec)
    p = model.get_params()
    m, v = np.zeros_like(p), np.zeros_like(p)
    for t in range(1, 4):
        X = rng.uniform(size=(7, 5))
        eps = rng.standard_normal((7, 2))
        (loss, rec, kl), g = ref.loss_and_grad(p, X, eps)
        p, m, v = adam_reference(p, g, m, v, t, lr=0.02)
        got = model.step(X, train_config(learning_rate=0.02), eps)
        assert got["loss"] == pytest.approx(loss, rel=1e-13)
        assert got["kl"] == pytest.approx(kl, rel=1e-13)
        assert got["reconstruction"] == pytest.approx(rec, rel=1e-13)
        np.testing.assert_allclose(model.get_params(), p, rtol=1e-12, atol=1e-15)


def test_kl_term_equals_closed_form_and_monte_carlo(two_factors):
    vae = fast(max_epochs=5).fit(two_factors)
    X = two_factors[:5]
    model = vae._core_model(np.float64)
    mu, log_var = model.encode(X)
    closed = 0.5 * np.sum(mu**2 + np.exp(log_var) - 1 - log_var, axis=1)
    assert model.evaluate(X, 0)["kl"] == pytest.approx(closed.mean(), rel=1e-12)
    # KL = E_q[log q(z) - log p(z)]; the Gaussian constants cancel.
    rng = np.random.default_rng(1)
    n = 200_000
    for i in range(len(X)):
        sd = np.exp(log_var[i] / 2)
        e = rng.standard_normal((n, mu.shape[1]))
        z = mu[i] + sd * e
        terms = np.sum(-0.5 * e**2 - log_var[i] / 2 + 0.5 * z**2, axis=1)
        assert abs(terms.mean() - closed[i]) < 5 * terms.std() / np.sqrt(n)


def test_elbo_improves_and_latent_units_become_active(two_factors):
    kw = dict(
        n_components=4,
        hidden_layer_sizes=(32,),
        learning_rate=3e-3,
        n_iter_no_change=100,
    )
    start = fast(max_epochs=1, **kw).fit(two_factors)
    vae = fast(max_epochs=60, **kw).fit(two_factors)
    assert vae.score(two_factors) > start.score(two_factors) + 0.5
    assert vae.loss_curve_[-1] < vae.loss_curve_[0]
    np.testing.assert_allclose(
        vae.loss_curve_,
        vae.reconstruction_loss_curve_ + vae.kl_loss_curve_,
        rtol=1e-12,
    )
    # A unit is active when its posterior mean varies over the data (Burda et al.
    # 2016 use Cov_x(E_q[z]) > 0.01); inactive ones collapse to the prior.
    activity = vae.transform(two_factors).var(axis=0)
    assert np.sum(activity > 0.01) >= 1
    # Two factors do not need all four units; the KL term switches spare ones off.
    assert np.sum(activity > 0.01) < 4
    assert vae.kl_loss_curve_[-1] > 0.1


def test_log_variance_is_bounded_and_never_overflows():
    spec = make_spec(
        variational=True, reconstruction="cross_entropy", hidden=(4,), d=5, k=2
    )
    for cls, dtype in ((_core.NnModel64, np.float64), (_core.NnModel32, np.float32)):
        model = cls(spec, 1, 1)
        p = model.get_params()
        enc_last = model.layers()[1]
        # Log-variance outputs are the last k of the encoder's 2k biases.
        p[enc_last[4] + 2 : enc_last[4] + 4] = [1e4, -1e4]
        model.set_params(p)
        X = np.full((3, 5), 0.5, dtype=dtype)
        losses, grad = model.loss_and_grad(X)
        assert np.isfinite(losses["loss"]) and np.all(np.isfinite(grad))
        _, log_var = model.encode(X)
        np.testing.assert_array_equal(log_var, [[20, -20]] * 3)


def test_sample_decodes_prior_draws(two_factors):
    vae = fast().fit(two_factors)
    s = vae.sample(50, random_state=1)
    assert s.shape == (50, 12) and s.min() >= 0 and s.max() <= 1
    np.testing.assert_array_equal(s, vae.sample(50, random_state=1))
    z = np.random.RandomState(1).standard_normal((50, 2))
    np.testing.assert_allclose(s, vae.inverse_transform(z), rtol=1e-14)
    with pytest.raises(ValueError, match="n_samples"):
        vae.sample(0)


def test_bernoulli_needs_unit_interval_data(two_factors):
    match = r"likelihood='bernoulli' needs data in \[0, 1\]"
    with pytest.raises(ValueError, match=match):
        fast().fit(two_factors - 0.5)
    vae = fast().fit(two_factors)
    with pytest.raises(ValueError, match="likelihood='gaussian'"):
        vae.score(two_factors + 1)


@pytest.mark.parametrize("param,value", [("beta", -1.0), ("likelihood", "poisson")])
def test_bad_vae_parameters_named(two_factors, param, value):
    with pytest.raises(ValueError, match=f"parameter '{param}'"):
        fast(**{param: value}).fit(two_factors)


def test_gaussian_likelihood_on_real_data():
    X = np.random.default_rng(0).standard_normal((200, 6))
    vae = fast(likelihood="gaussian", max_epochs=10).fit(X)
    # Per sample: 0.5 |x - mean|^2 + 3 log(2 pi) + KL, never below the constant.
    assert np.all(vae.reconstruction_loss_curve_ > 3 * np.log(2 * np.pi))
    assert vae.loss_curve_[-1] < vae.loss_curve_[0]


def test_float32_stays_float32(two_factors):
    X32 = two_factors.astype(np.float32)
    vae = fast().fit(X32)
    assert vae.params_.dtype == np.float32
    assert vae.transform(X32).dtype == np.float32
    assert vae.sample(3).dtype == np.float32
    assert np.isfinite(vae.score(X32))


def test_save_load_and_resume(two_factors, tmp_path):
    kw = dict(max_epochs=6, checkpoint_every=3, n_iter_no_change=100)
    whole = fast(**kw).fit(two_factors)
    path = tmp_path / "vae.ckpt"
    part = fast(checkpoint_path=path, **kw)
    part.fit(two_factors, callback=lambda r: r["epoch"] == 3)
    resumed = fast(checkpoint_path=path, **kw).fit(two_factors, resume=True)
    np.testing.assert_array_equal(resumed.params_, whole.params_)
    np.testing.assert_array_equal(resumed.kl_loss_curve_, whole.kl_loss_curve_)

    resumed.save(tmp_path / "vae.lowdim")
    back = load(tmp_path / "vae.lowdim")
    assert type(back) is VAE
    np.testing.assert_array_equal(
        back.transform(two_factors), whole.transform(two_factors)
    )
    np.testing.assert_array_equal(
        back.sample(4, random_state=0), whole.sample(4, random_state=0)
    )
    assert back.score(two_factors) == whole.score(two_factors)


def test_passes_sklearn_estimator_checks():
    check_estimator(
        VAE(likelihood="gaussian", max_epochs=3, hidden_layer_sizes=(8,), n_jobs=1),
        on_skip=None,
    )
