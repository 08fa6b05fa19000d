import numpy as np
import pytest
from conftest import RTOL, ref_distances, swiss_roll

from lowdim import _core, geodesic_distances, pairwise_distances


def test_pairwise_distances_match_numpy(dtype):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 20)).astype(dtype)
    Y = rng.normal(size=(70, 20)).astype(dtype)
    D = pairwise_distances(X)
    ref = ref_distances(X)
    assert D.dtype == dtype
    # |x|^2 + |y|^2 - 2x.y loses digits relative to |x|^2, not to the distance.
    scale = (X.astype(np.float64) ** 2).sum(1).max()
    np.testing.assert_allclose(D**2, ref**2, rtol=0, atol=RTOL[dtype] * scale)
    np.testing.assert_array_equal(D, D.T)
    np.testing.assert_array_equal(np.diag(D), 0)
    DXY = pairwise_distances(X, Y, squared=True)
    np.testing.assert_allclose(
        DXY, ref_distances(X, Y) ** 2, rtol=0, atol=RTOL[dtype] * scale
    )


def test_mixed_dtypes_promote_to_float64():
    X = np.ones((3, 2), dtype=np.float32)
    assert pairwise_distances(X, np.ones((2, 2))).dtype == np.float64


def test_pairwise_distances_refuse_bad_input():
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match="same number of columns"):
        pairwise_distances(X, np.ones((2, 3)))
    Y = X.copy()
    Y[1, 0] = np.nan
    with pytest.raises(ValueError, match="Y contains NaN at row 1, column 0"):
        pairwise_distances(X, Y)


def test_knn_excludes_the_point_but_keeps_its_copies():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    X = np.vstack([X, X[:5]])
    idx, dist = _core.knn(X, None, 4, 1)
    D = ref_distances(X)
    np.fill_diagonal(D, np.inf)
    for i in range(len(X)):
        assert i not in idx[i]
        order = np.lexsort((np.arange(len(X)), D[i]))[:4]
        np.testing.assert_array_equal(idx[i], order)
        np.testing.assert_allclose(dist[i], D[i, order], rtol=1e-12, atol=1e-15)
    for i in range(5):
        assert idx[i, 0] == 50 + i and dist[i, 0] == 0.0


def test_geodesic_distances_refuse_disconnected_graphs_and_bad_k():
    X = np.vstack(
        [
            np.zeros((5, 2)) + np.arange(5)[:, None],
            100 + np.arange(5)[:, None] + np.zeros((5, 2)),
        ]
    )
    with pytest.raises(ValueError, match="2 connected components"):
        geodesic_distances(X, 2)
    with pytest.raises(ValueError, match="n_samples - 1 = 9"):
        geodesic_distances(X, 10)
    with pytest.raises(ValueError, match="n_neighbors"):
        geodesic_distances(X, 0)


def test_geodesic_distances_are_exactly_symmetric():
    X = swiss_roll(400, noise=0.2)[0]
    G = geodesic_distances(X, 7, n_jobs=2)
    np.testing.assert_array_equal(G, G.T)


def test_small_distances_far_from_the_origin_keep_their_digits(dtype):
    X = np.array([[1e8, 0.0], [1e8 + 1, 0.0], [1e8, 2.0]])
    D = pairwise_distances(X)
    np.testing.assert_allclose(D, ref_distances(X), rtol=1e-9)
    idx, dist = _core.knn(X, None, 1, 1)
    np.testing.assert_array_equal(idx[:, 0], [1, 0, 0])


@pytest.mark.parametrize("squared", [False, True])
def test_float32_close_pairs_keep_float32_accuracy(squared):
    # Pairs 0.003 apart among points of norm about 45: the float expansion
    # |x|^2 + |y|^2 - 2x.y had relative errors up to 1 (and zeros for distinct
    # points); the products now run in double and are rounded once.
    rng = np.random.default_rng(0)
    Y = rng.normal(size=(400, 20)) * 10
    X = np.concatenate([Y, Y + rng.normal(size=Y.shape) * 0.003]).astype(np.float32)
    D = pairwise_distances(X, squared=squared)
    assert D.dtype == np.float32
    X64 = X.astype(np.float64)
    ref = ((X64[:, None, :] - X64[None, :, :]) ** 2).sum(-1)
    if not squared:
        ref = np.sqrt(ref)
    off = ~np.eye(len(X), dtype=bool)
    # float32 rounding of the result, plus the double product's own (tiny) error.
    np.testing.assert_allclose(D[off], ref[off], rtol=4 * np.finfo(np.float32).eps)
    assert np.all(np.diag(D) == 0)
    Xn = X[:7] + np.float32(1e-3)
    Dn = pairwise_distances(Xn, X, squared=squared)
    refn = ((Xn.astype(np.float64)[:, None, :] - X64[None, :, :]) ** 2).sum(-1)
    if not squared:
        refn = np.sqrt(refn)
    np.testing.assert_allclose(Dn, refn, rtol=4 * np.finfo(np.float32).eps)
