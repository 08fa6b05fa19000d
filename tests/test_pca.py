import numpy as np
import pytest
import scipy.sparse as sp
from conftest import RTOL, assert_same_up_to_sign, ref_pca, swiss_roll
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA as SkPCA

import lowdim
from lowdim import PCA

SOLVERS = ["full", "covariance_eigh", "randomized"]


def scaled_gaussian(n=500, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 5)) * [5, 4, 3, 2, 1]


DATASETS = {
    "gaussian": lambda: scaled_gaussian(),
    "swiss_roll": lambda: swiss_roll(300)[0],
    "digits": lambda: load_digits().data[:400],
    "wide": lambda: np.random.default_rng(1).normal(size=(40, 60)),
}


# The randomized solver is exact only up to (s_{k+p+1} / s_k)^(2q+1) for q power
# iterations and p oversamples: fine for decaying spectra, not for the flat spectrum
# of pure noise ("wide"), which is therefore left to the exact solvers.
CASES = [(n, s) for n in DATASETS for s in SOLVERS if (n, s) != ("wide", "randomized")]


@pytest.mark.parametrize("name,solver", CASES)
def test_pca_matches_covariance_eigendecomposition(name, solver, dtype):
    X = DATASETS[name]().astype(dtype)
    k = 3
    comps, var, scores = ref_pca(X, k)
    pca = PCA(k, svd_solver=solver, random_state=0).fit(X)
    rtol = RTOL[dtype] * (100 if solver == "randomized" and dtype == np.float64 else 1)
    np.testing.assert_allclose(pca.components_, comps, atol=rtol * 10, rtol=0)
    np.testing.assert_allclose(pca.explained_variance_, var, rtol=rtol)
    Z = pca.transform(X)
    assert Z.dtype == dtype
    np.testing.assert_allclose(Z, scores, atol=rtol * np.abs(scores).max() * 10, rtol=0)


def test_pca_agrees_with_scikit_learn():
    X = load_digits().data
    ours = PCA(10).fit(X)
    ref = SkPCA(10, svd_solver="full").fit(X)
    np.testing.assert_allclose(
        ours.explained_variance_, ref.explained_variance_, rtol=1e-9
    )
    np.testing.assert_allclose(
        ours.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-9
    )
    np.testing.assert_allclose(ours.singular_values_, ref.singular_values_, rtol=1e-9)
    assert_same_up_to_sign(ours.components_.T, ref.components_.T, 1e-8)
    np.testing.assert_allclose(ours.mean_, ref.mean_, rtol=1e-12)


def test_too_many_components_names_the_limit():
    X = np.random.default_rng(0).integers(0, 10, size=(6, 8))
    with pytest.raises(ValueError, match=r"min\(n_samples, n_features\).*= 6"):
        PCA(7).fit(X)
    assert PCA(6).fit_transform(X).shape == (6, 6)
    p = PCA(None).fit(X)
    assert p.n_components_ == 6 and p.transform(X).shape[1] == p.n_components_


def test_signs_identical_across_solvers_seeds_and_paths():
    X = scaled_gaussian()
    ref_comps, _, ref_scores = ref_pca(X, 5)
    outs = []
    for solver in SOLVERS:
        for seed in (0, 1, 2):
            Z1 = PCA(5, svd_solver=solver, random_state=seed).fit_transform(X)
            Z2 = PCA(5, svd_solver=solver, random_state=seed).fit(X).transform(X)
            np.testing.assert_allclose(Z1, Z2, atol=1e-10, rtol=0)
            outs.append(Z1)
    for Z in outs:
        np.testing.assert_allclose(Z, ref_scores, atol=1e-8 * np.abs(ref_scores).max())


def test_fraction_of_variance_keeps_fewest_components():
    X = scaled_gaussian()
    ratios = ref_pca(X, 5)[1] / ref_pca(X, 5)[1].sum()
    target = 0.8
    expected = int(np.searchsorted(np.cumsum(ratios), target)) + 1
    p = PCA(target).fit(X)
    assert p.n_components_ == expected
    assert p.explained_variance_ratio_.sum() >= target
    assert p.explained_variance_ratio_[:-1].sum() < target


def test_inverse_transform_reconstructs_with_all_components(dtype):
    X = scaled_gaussian(200).astype(dtype)
    p = PCA().fit(X)
    back = p.inverse_transform(p.transform(X))
    assert back.dtype == dtype
    np.testing.assert_allclose(back, X, atol=RTOL[dtype] * np.abs(X).max() * 10)


def test_whitening_zero_variance_column_gives_zero_not_noise():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 4))
    X[:, 2] = 7.0
    with pytest.warns(lowdim.DegenerateComponentWarning, match="1 of the 4"):
        p = PCA(4, whiten=True).fit(X)
    Z = p.transform(X)
    assert np.isfinite(Z).all()
    assert np.abs(Z).max() <= np.sqrt(len(X) - 1)
    np.testing.assert_array_equal(Z[:, 3], 0.0)
    np.testing.assert_allclose(Z[:, :3].var(axis=0, ddof=1), 1.0, rtol=1e-8)


def test_whitening_rank_deficient_data_round_trips():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 2)) @ rng.normal(size=(2, 10))
    with pytest.warns(lowdim.DegenerateComponentWarning):
        p = PCA(None, whiten=True).fit(X)
    Z = p.transform(X)
    assert np.isfinite(Z).all() and np.abs(Z).max() <= np.sqrt(len(X) - 1)
    np.testing.assert_allclose(Z[:, :2].var(axis=0, ddof=1), 1.0, rtol=1e-8)
    np.testing.assert_array_equal(Z[:, 2:], 0.0)
    np.testing.assert_allclose(p.inverse_transform(Z), X, atol=1e-8 * np.abs(X).max())


@pytest.mark.parametrize("itype", [np.int64, np.int32, np.uint8])
def test_integer_input_equals_float64_run(itype):
    rng = np.random.default_rng(0)
    if itype == np.uint8:
        X = rng.integers(0, 256, size=(1000, 3)).astype(np.uint8)
    else:
        X = (swiss_roll(300)[0] * 100).astype(itype)
    before = X.copy()
    p = PCA(2).fit(X)
    Z = p.transform(X)
    ref = PCA(2).fit(X.astype(np.float64))
    assert Z.dtype == np.float64
    np.testing.assert_allclose(
        Z, ref.transform(X.astype(np.float64)), rtol=0, atol=1e-12 * np.abs(Z).max()
    )
    np.testing.assert_allclose(
        p.inverse_transform(Z), ref.inverse_transform(Z), atol=1e-9
    )
    np.testing.assert_array_equal(X, before)


def test_memory_layout_does_not_change_the_result():
    X = scaled_gaussian(300)
    Z = PCA(3).fit_transform(X)
    wide = np.zeros((300, 10))
    wide[:, ::2] = X
    for variant in (np.asfortranarray(X), wide[:, ::2]):
        np.testing.assert_allclose(
            PCA(3).fit_transform(variant), Z, rtol=0, atol=1e-12 * np.abs(Z).max()
        )


def test_sparse_input_is_refused_with_a_clear_error():
    X = sp.random(50, 20, density=0.1, format="csr", random_state=0)
    with pytest.raises(TypeError, match="sparse input.*TruncatedSVD"):
        PCA(2).fit(X)


def test_huge_values_whose_squares_overflow_raise():
    X = np.random.default_rng(0).normal(size=(100, 5))
    for v in (1e200, 1.7e308):
        Y = X.copy()
        Y[3, 1] = v
        with pytest.raises(ValueError, match="overflow.*rescale X"):
            PCA(2).fit(Y)


def test_large_but_safe_values_scale_exactly():
    X = np.random.default_rng(0).normal(size=(100, 5))
    Z = PCA(2).fit_transform(X * 1e100)
    np.testing.assert_allclose(
        Z / 1e100, PCA(2).fit_transform(X), rtol=1e-10, atol=1e-12
    )
