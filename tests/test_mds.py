import io
import warnings

import numpy as np
import pytest
from conftest import RTOL, assert_same_up_to_sign, ref_cmds, ref_distances, swiss_roll

import lowdim
from lowdim import PCA, ClassicalMDS

DATASETS = {
    "swiss_roll": lambda: swiss_roll(200)[0],
    "gaussian_10d": lambda: np.random.default_rng(3).normal(size=(150, 10)),
    "big": lambda: np.random.default_rng(4).normal(size=(600, 4)) * [4, 3, 2, 1],
}


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("solver", ["dense", "arpack", "auto"])
def test_classical_mds_matches_numpy_double_centring(name, solver, dtype):
    X = DATASETS[name]().astype(dtype)
    ref, ref_vals = ref_cmds(ref_distances(X), 3)
    mds = ClassicalMDS(3, eigen_solver=solver)
    Y = mds.fit_transform(X)
    assert Y.dtype == dtype
    rtol = RTOL[dtype]
    np.testing.assert_allclose(mds.eigenvalues_, ref_vals, rtol=rtol * 10)
    np.testing.assert_allclose(Y, ref, atol=rtol * 10 * np.abs(ref).max(), rtol=0)


def test_precomputed_equals_euclidean_input():
    X = swiss_roll(150)[0]
    a = ClassicalMDS(2).fit_transform(X)
    b = ClassicalMDS(2, metric="precomputed").fit_transform(ref_distances(X))
    np.testing.assert_allclose(a, b, atol=1e-8 * np.abs(a).max())


def test_pca_and_classical_mds_give_the_same_embedding(dtype):
    X = np.random.default_rng(0).normal(size=(300, 6)).astype(dtype) * [
        6,
        5,
        4,
        3,
        2,
        1,
    ]
    Z_pca = PCA(3).fit_transform(X)
    Z_mds = ClassicalMDS(3).fit_transform(X)
    assert_same_up_to_sign(Z_mds, Z_pca, RTOL[dtype] * 10)


def test_classical_mds_agrees_with_scikit_learn():
    from sklearn.manifold import ClassicalMDS as SkClassicalMDS

    X = swiss_roll(200)[0]
    ref = SkClassicalMDS(n_components=2).fit_transform(X)
    assert_same_up_to_sign(ClassicalMDS(2).fit_transform(X), ref, 1e-8)


def test_non_euclidean_triangle_keeps_shape_and_zeroes_negative_columns():
    D = np.array([[0, 1, 1], [1, 0, 3], [1, 3, 0]], dtype=float)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Y = ClassicalMDS(2, metric="precomputed").fit_transform(D)
    relevant = [
        w for w in caught if issubclass(w.category, lowdim.NegativeEigenvalueWarning)
    ]
    assert len(relevant) == 1 and len(caught) == 1
    msg = str(relevant[0].message)
    assert "-0.8333" in msg and "-0.185" in msg  # -0.8333 / 4.5
    assert Y.shape == (3, 2) and np.isfinite(Y).all()
    np.testing.assert_array_equal(Y[:, 1], 0.0)
    np.testing.assert_allclose((Y[:, 0] ** 2).sum(), 4.5, rtol=1e-12)


def star_metric():
    # Centre 0 at distance 1 from three leaves that are 2 apart.
    D = np.full((4, 4), 2.0)
    D[0, :] = D[:, 0] = 1.0
    np.fill_diagonal(D, 0.0)
    return D


def test_star_metric_gives_eigenvalues_2_2_0_and_solvers_agree():
    D = star_metric()
    out = {}
    for solver in ("dense", "arpack"):
        mds = ClassicalMDS(3, metric="precomputed", eigen_solver=solver)
        with pytest.warns(lowdim.NegativeEigenvalueWarning, match="-0.25"):
            Y = mds.fit_transform(D)
        assert Y.shape == (4, 3) and np.isfinite(Y).all()
        np.testing.assert_allclose(mds.eigenvalues_, [2, 2, 0], atol=1e-10)
        np.testing.assert_array_equal(Y[:, 2], 0.0)
        out[solver] = Y
    # The eigenvalue 2 is double, so the columns may rotate inside its eigenspace;
    # the configuration (its Gram matrix) may not.
    G = {s: Y @ Y.T for s, Y in out.items()}
    np.testing.assert_allclose(G["dense"], G["arpack"], atol=1e-8)


def test_roundoff_asymmetry_is_symmetrised():
    X = np.random.default_rng(0).normal(size=(30, 4))
    D = ref_distances(X)
    buf = io.StringIO()
    np.savetxt(buf, D, fmt="%.6g")
    D6 = np.loadtxt(io.StringIO(buf.getvalue()))
    noisy = D.copy()
    noisy[np.triu_indices(30, 1)] += 1e-13
    exact = ClassicalMDS(2, metric="precomputed").fit_transform(D)
    for variant in (D6, noisy):
        Y = ClassicalMDS(2, metric="precomputed").fit_transform(variant)
        np.testing.assert_allclose(Y, exact, atol=1e-5 * np.abs(exact).max())


def test_real_asymmetry_negative_and_diagonal_are_refused():
    X = np.random.default_rng(0).normal(size=(30, 4))
    D = ref_distances(X)
    bad = D.copy()
    bad[0, 1] += 0.5
    with pytest.raises(ValueError, match=r"symmetric.*X\[0, 1\].*0.5"):
        ClassicalMDS(2, metric="precomputed").fit(bad)
    bad = D.copy()
    bad[2, 5] = bad[5, 2] = -0.1
    with pytest.raises(ValueError, match=r"non-negative.*X\[2, 5\]"):
        ClassicalMDS(2, metric="precomputed").fit(bad)
    bad = D.copy()
    bad[3, 3] = 1.0
    with pytest.raises(ValueError, match=r"zero diagonal.*X\[3, 3\]"):
        ClassicalMDS(2, metric="precomputed").fit(bad)
    with pytest.raises(ValueError, match="square"):
        ClassicalMDS(2, metric="precomputed").fit(D[:, :20])


def test_copies_get_identical_coordinates():
    X = swiss_roll(100)[0]
    X = np.vstack([X, X[:10]])
    Y = ClassicalMDS(2).fit_transform(X)
    np.testing.assert_allclose(Y[100:], Y[:10], atol=1e-7 * np.abs(Y).max())


def test_too_many_components_for_classical_mds():
    X = np.random.default_rng(0).normal(size=(5, 3))
    with pytest.raises(ValueError, match=r"n_components=5.*n_samples - 1 = 4"):
        ClassicalMDS(5).fit(X)
    assert ClassicalMDS(4).fit_transform(X).shape == (5, 4)
