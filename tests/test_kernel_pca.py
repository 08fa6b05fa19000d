import warnings

import numpy as np
import pytest
from conftest import RTOL, assert_same_up_to_sign, ref_distances, sign_rule
from sklearn.datasets import make_circles
from sklearn.decomposition import KernelPCA as SkKernelPCA

import lowdim
from lowdim import PCA, KernelPCA


def ref_kernel(X, Y, kind, gamma, degree=3, coef0=1):
    X, Y = np.asarray(X, np.float64), np.asarray(Y, np.float64)
    G = X @ Y.T
    if kind == "linear":
        return G
    if kind == "poly":
        return (gamma * G + coef0) ** degree
    if kind == "rbf":
        return np.exp(-gamma * ref_distances(X, Y) ** 2)
    if kind == "sigmoid":
        return np.tanh(gamma * G + coef0)
    if kind == "cosine":
        return G / np.outer(np.linalg.norm(X, axis=1), np.linalg.norm(Y, axis=1))
    raise ValueError(kind)


def ref_kpca(K, k):
    n = len(K)
    J = np.eye(n) - 1.0 / n
    Kc = J @ K @ J
    w, V = np.linalg.eigh(Kc)
    order = np.argsort(w)[::-1][:k]
    return w[order], sign_rule(V[:, order])


@pytest.mark.parametrize("kernel", ["linear", "poly", "rbf", "cosine"])
@pytest.mark.parametrize("solver,n", [("dense", 120), ("arpack", 120), ("auto", 450)])
def test_kernel_pca_matches_numpy_reference(kernel, solver, n, dtype):
    X = np.random.default_rng(0).normal(size=(n, 5)).astype(dtype)
    gamma = 0.2
    kp = KernelPCA(4, kernel=kernel, gamma=gamma, eigen_solver=solver).fit(X)
    w, V = ref_kpca(ref_kernel(X, X, kernel, gamma), 4)
    rtol = RTOL[dtype] * 10
    np.testing.assert_allclose(kp.eigenvalues_, w, rtol=rtol)
    np.testing.assert_allclose(kp.eigenvectors_, V, atol=rtol * 10)
    assert kp.embedding_.dtype == dtype
    np.testing.assert_allclose(
        kp.embedding_, V * np.sqrt(w), atol=rtol * 10 * np.sqrt(w[0])
    )


def test_kernel_pca_agrees_with_scikit_learn_and_transforms_new_points():
    X, _ = make_circles(200, factor=0.3, noise=0.05, random_state=0)
    Xnew, _ = make_circles(30, factor=0.3, noise=0.05, random_state=1)
    ours = KernelPCA(3, kernel="rbf", gamma=2.0).fit(X)
    ref = SkKernelPCA(3, kernel="rbf", gamma=2.0, eigen_solver="dense").fit(X)
    assert_same_up_to_sign(ours.embedding_, ref.transform(X), 1e-8)
    assert_same_up_to_sign(ours.transform(Xnew), ref.transform(Xnew), 1e-8)
    np.testing.assert_allclose(ours.eigenvalues_, ref.eigenvalues_, rtol=1e-9)


def test_default_gamma_is_one_over_n_features():
    X = np.random.default_rng(0).normal(size=(50, 4))
    kp = KernelPCA(2, kernel="rbf").fit(X)
    assert kp.gamma_ == 0.25
    np.testing.assert_allclose(
        kp.embedding_, KernelPCA(2, kernel="rbf", gamma=0.25).fit_transform(X)
    )


def test_transform_equals_fit_transform_on_training_data(dtype):
    X = np.random.default_rng(1).normal(size=(150, 3)).astype(dtype)
    kp = KernelPCA(5, kernel="rbf", gamma=0.5)
    Z = kp.fit_transform(X)
    np.testing.assert_allclose(kp.transform(X), Z, atol=RTOL[dtype] * np.abs(Z).max())


def test_sigmoid_kernel_negative_eigenvalues_give_zero_columns_not_nan():
    X = np.random.default_rng(5).uniform(size=(6, 5))
    kp = KernelPCA(5, kernel="sigmoid", gamma=4.0, coef0=0.0)
    with pytest.warns(
        lowdim.NegativeEigenvalueWarning, match="times the largest"
    ) as rec:
        Z = kp.fit_transform(X)
    assert len(rec) == 1
    assert np.isfinite(Z).all() and np.isfinite(kp.transform(X)).all()
    w, V = ref_kpca(ref_kernel(X, X, "sigmoid", 4.0, coef0=0.0), 5)
    pos = w > 1e-12 * w[0]
    np.testing.assert_allclose(kp.eigenvalues_, w, atol=1e-10 * w[0])
    np.testing.assert_allclose(Z[:, pos], V[:, pos] * np.sqrt(w[pos]), atol=1e-8)
    np.testing.assert_array_equal(Z[:, ~pos], 0.0)
    np.testing.assert_allclose(kp.transform(X), Z, atol=1e-10)


def test_zero_eigenvalues_keep_transform_consistent_with_fit_transform():
    X = np.random.default_rng(2).normal(size=(10, 2))
    kp = KernelPCA(5, kernel="linear")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zero, not negative: nothing to warn about
        Z = kp.fit_transform(X)
    np.testing.assert_allclose(kp.transform(X), Z, atol=1e-10)
    np.testing.assert_array_equal(Z[:, 2:], 0.0)
    assert np.isfinite(kp.transform(X + 1)).all()
    assert_same_up_to_sign(Z[:, :2], PCA(2).fit_transform(X), 1e-8)
    kept = KernelPCA(5, kernel="linear", remove_zero_eig=True).fit(X)
    assert kept.n_components_ == 2 and kept.transform(X).shape == (10, 2)


def test_precomputed_kernel_equals_computed_kernel():
    X = np.random.default_rng(3).normal(size=(80, 3))
    Xnew = np.random.default_rng(4).normal(size=(7, 3))
    a = KernelPCA(3, kernel="rbf", gamma=0.3).fit(X)
    K = ref_kernel(X, X, "rbf", 0.3)
    b = KernelPCA(3, kernel="precomputed").fit(K)
    np.testing.assert_allclose(b.embedding_, a.embedding_, atol=1e-10)
    np.testing.assert_allclose(
        b.transform(ref_kernel(Xnew, X, "rbf", 0.3)), a.transform(Xnew), atol=1e-10
    )


def test_too_many_components_for_kernel_pca():
    X = np.random.default_rng(0).normal(size=(6, 8))
    with pytest.raises(ValueError, match=r"n_components=7.*n_samples = 6"):
        KernelPCA(7).fit(X)


def test_signs_are_the_same_for_every_solver():
    X, _ = make_circles(200, factor=0.3, noise=0.05, random_state=0)
    Z = [
        KernelPCA(7, kernel="rbf", gamma=2.0, eigen_solver=s).fit_transform(X)
        for s in ("dense", "arpack", "auto")
    ]
    for other in Z[1:]:
        np.testing.assert_allclose(other, Z[0], atol=1e-8 * np.abs(Z[0]).max())


def test_negative_semidefinite_kernel_warns_and_gives_zero_columns():
    X = np.random.default_rng(0).normal(size=(60, 3))
    with pytest.warns(lowdim.NegativeEigenvalueWarning, match="not positive"):
        Z = KernelPCA(2, kernel="precomputed").fit_transform(-(X @ X.T))
    np.testing.assert_array_equal(Z, 0.0)


def test_kernel_that_overflows_or_is_undefined_names_its_parameters():
    X = np.random.default_rng(0).normal(size=(20, 4))
    with pytest.raises(ValueError, match=r"non-finite.*degree=2\.5"):
        KernelPCA(2, kernel="poly", degree=2.5).fit(X)
    with pytest.raises(ValueError, match=r"non-finite.*gamma=100"):
        KernelPCA(2, kernel="poly", gamma=100.0, degree=200).fit(X)
