import warnings

import numpy as np
import pytest
from conftest import RTOL, ref_distances, sign_rule, swiss_roll

from lowdim import DiffusionMap


def ref_diffusion(X, eps, alpha, t, k, mask=None):
    """Plain NumPy diffusion map, from the definitions in the docstring."""
    K = np.exp(-(ref_distances(X) ** 2) / eps)
    if mask is not None:
        K = K * mask
    q = K.sum(1)
    Ka = K / np.outer(q**alpha, q**alpha)
    d = Ka.sum(1)
    S = Ka / np.sqrt(np.outer(d, d))
    w, V = np.linalg.eigh(S)
    order = np.argsort(w)[::-1][: k + 1]
    w, V = w[order], sign_rule(V[:, order])
    psi = V / np.sqrt(d / d.sum())[:, None]
    return psi[:, 1:] * w[1:] ** t, w[1:], (Ka, d)


def circle(n=100, seed=0):
    a = np.sort(np.random.default_rng(seed).uniform(0, 2 * np.pi, n))
    return np.column_stack([np.cos(a), np.sin(a)])


@pytest.mark.parametrize("alpha,t", [(1.0, 1), (0.5, 2), (0.0, 0.5)])
@pytest.mark.parametrize("solver", ["dense", "arpack", "auto"])
def test_diffusion_map_matches_numpy_reference(alpha, t, solver, dtype):
    # n > 400: "auto" takes the block solver on the unnormalised kernel's upper
    # triangle.
    X = swiss_roll(450, noise=0.1)[0].astype(dtype)
    eps = 20.0
    dm = DiffusionMap(3, epsilon=eps, alpha=alpha, t=t, eigen_solver=solver).fit(X)
    ref, w, _ = ref_diffusion(X, eps, alpha, t, 3)
    rtol = RTOL[dtype] * 10
    np.testing.assert_allclose(dm.eigenvalues_, w, rtol=rtol)
    assert dm.embedding_.dtype == dtype
    np.testing.assert_allclose(dm.embedding_, ref, atol=rtol * 10 * np.abs(ref).max())


def test_eigenvalues_are_those_of_the_markov_matrix():
    X = circle()
    dm = DiffusionMap(4, epsilon=0.1).fit(X)
    _, _, (Ka, d) = ref_diffusion(X, 0.1, 1.0, 1, 4)
    P = Ka / d[:, None]
    np.testing.assert_allclose(P.sum(1), 1.0)
    w = np.sort(np.linalg.eigvals(P).real)[::-1]
    np.testing.assert_allclose(dm.eigenvalues_, w[1:5], rtol=1e-8)
    # Right eigenvectors of P: P psi = lambda psi.
    psi = dm.embedding_ / dm.eigenvalues_
    np.testing.assert_allclose(P @ psi, psi * dm.eigenvalues_, atol=1e-8)


def test_circle_embeds_as_a_circle():
    X = circle(200)
    Y = DiffusionMap(2, epsilon=0.05).fit_transform(X)
    r = np.linalg.norm(Y, axis=1)
    assert r.std() / r.mean() < 0.05


def test_sparse_knn_kernel_matches_masked_dense_reference():
    X = swiss_roll(200, noise=0.1)[0]
    k, eps = 10, 30.0
    dm = DiffusionMap(2, epsilon=eps, n_neighbors=k).fit(X)
    D = ref_distances(X)
    nn = np.argsort(D, axis=1, kind="stable")[:, 1 : k + 1]
    mask = np.zeros_like(D)
    np.put_along_axis(mask, nn, 1.0, 1)
    mask = np.maximum(mask, mask.T) + np.eye(len(X))
    ref, w, _ = ref_diffusion(X, eps, 1.0, 1, 2, mask=mask)
    np.testing.assert_allclose(dm.eigenvalues_, w, rtol=1e-8)
    np.testing.assert_allclose(dm.embedding_, ref, atol=1e-7 * np.abs(ref).max())


def test_nystrom_transform_reproduces_training_embedding(dtype):
    X = swiss_roll(200, noise=0.1)[0].astype(dtype)
    dm = DiffusionMap(2, epsilon=25.0, t=2).fit(X)
    np.testing.assert_allclose(
        dm.transform(X),
        dm.embedding_,
        atol=RTOL[dtype] * 10 * np.abs(dm.embedding_).max(),
    )


def test_auto_epsilon_is_the_median_squared_distance():
    X = circle(150)
    dm = DiffusionMap(2).fit(X)
    D2 = ref_distances(X) ** 2
    assert dm.epsilon_ == pytest.approx(
        np.median(D2[np.triu_indices(150, 1)]), rel=1e-12
    )


def test_duplicates_give_identical_coordinates_and_no_nan():
    # Random angles: on an even grid, ties between equally distant neighbours would
    # be broken by index, differently for each copy.
    X = np.repeat(circle(100), 3, axis=0)
    for kwargs in ({"epsilon": 0.01}, {"n_neighbors": 20}, {}):
        Y = DiffusionMap(2, **kwargs).fit_transform(X)
        assert np.isfinite(Y).all()
        np.testing.assert_allclose(Y[0::3], Y[1::3], atol=1e-10 * np.abs(Y).max())
        np.testing.assert_allclose(Y[0::3], Y[2::3], atol=1e-10 * np.abs(Y).max())


def test_adaptive_bandwidth_collapsing_on_copies_is_refused():
    X = np.repeat(circle(100), 3, axis=0)
    with pytest.raises(
        ValueError, match=r"zero bandwidth: 300 of 300.*larger n_neighbors"
    ):
        DiffusionMap(2, n_neighbors=2).fit(X)
    # One neighbour beyond the copies links each point to a single other: the graph
    # falls apart, which is refused rather than embedded as labels of its parts.
    with pytest.raises(ValueError, match="kernel graph is disconnected"):
        DiffusionMap(2, n_neighbors=3).fit(X)


def test_zero_bandwidth_is_refused():
    X = circle(50)
    with pytest.raises(ValueError, match="epsilon"):
        DiffusionMap(2, epsilon=0).fit(X)
    with pytest.raises(ValueError, match="epsilon"):
        DiffusionMap(2, epsilon=-1.0).fit(X)
    with pytest.raises(ValueError, match="median squared distance of 0"):
        DiffusionMap(2).fit(np.repeat(X[:1], 10, axis=0))


def test_disconnected_kernel_graph_is_refused_not_collapsed():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(30, 3)), rng.normal(size=(30, 3)) + 100])
    for kwargs in ({"n_neighbors": 3}, {"epsilon": 1.0}):
        with pytest.raises(ValueError, match="kernel graph is disconnected"):
            DiffusionMap(2, **kwargs).fit(X)


def test_a_bandwidth_that_makes_the_kernel_constant_warns():
    X = circle(200)
    with pytest.warns(UserWarning, match="kernel constant"):
        dm = DiffusionMap(2, epsilon=1e30).fit(X)
    assert np.abs(dm.eigenvalues_).max() < 1e-12
    # A merely large bandwidth is a legitimate, smooth embedding: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        DiffusionMap(2, epsilon=1e3).fit(X)
