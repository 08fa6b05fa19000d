import numpy as np
import pytest
import scipy.sparse as sp
from conftest import RTOL, assert_same_up_to_sign, blobs, ref_cmds, swiss_roll
from scipy.sparse.csgraph import shortest_path
from sklearn.manifold import Isomap as SkIsomap
from sklearn.neighbors import kneighbors_graph

import lowdim
from lowdim import PCA, Isomap, geodesic_distances


def scipy_geodesics(X, k):
    """Reference: scikit-learn's kNN graph made undirected, SciPy's Dijkstra."""
    G = kneighbors_graph(X, k, mode="distance")
    return shortest_path(G, method="D", directed=False)


def banana(n=150, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.1 * np.pi, 0.9 * np.pi, n)
    r = 1 + 0.05 * rng.normal(size=n)
    return np.column_stack([r * np.cos(a), r * np.sin(a)])


@pytest.mark.parametrize("n,k", [(300, 10), (200, 6)])
def test_geodesics_match_scipy_shortest_path(n, k, dtype):
    X = swiss_roll(n, noise=0.1)[0].astype(dtype)
    G = geodesic_distances(X, k)
    ref = scipy_geodesics(X.astype(np.float64), k)
    assert G.dtype == dtype
    np.testing.assert_allclose(G, ref, rtol=RTOL[dtype] * 10, atol=RTOL[dtype])
    np.testing.assert_array_equal(G, G.T)


@pytest.mark.parametrize("solver", ["dense", "arpack", "auto"])
def test_isomap_agrees_with_scikit_learn(solver):
    X = swiss_roll(500, noise=0.05)[0]
    ours = Isomap(10, 2, eigen_solver=solver).fit(X)
    ref = SkIsomap(n_neighbors=10, n_components=2).fit(X)
    np.testing.assert_allclose(
        ours.dist_matrix_, ref.dist_matrix_, rtol=1e-10, atol=1e-12
    )
    assert_same_up_to_sign(ours.embedding_, ref.embedding_, 1e-7)
    np.testing.assert_allclose(
        ours.reconstruction_error(), ref.reconstruction_error(), rtol=1e-7
    )
    Xnew = swiss_roll(40, seed=7, noise=0.05)[0]
    assert_same_up_to_sign(ours.transform(Xnew), ref.transform(Xnew), 1e-7)


def test_isomap_matches_numpy_mds_of_geodesics(dtype):
    X = swiss_roll(250, noise=0.05)[0].astype(dtype)
    iso = Isomap(8, 3).fit(X)
    ref, vals = ref_cmds(scipy_geodesics(X.astype(np.float64), 8), 3)
    assert iso.embedding_.dtype == dtype
    np.testing.assert_allclose(iso.eigenvalues_, vals, rtol=RTOL[dtype] * 10)
    np.testing.assert_allclose(
        iso.embedding_, ref, atol=RTOL[dtype] * 10 * np.abs(ref).max()
    )


def test_transform_of_training_points_equals_embedding(dtype):
    X = swiss_roll(300)[0].astype(dtype)
    iso = Isomap(10, 2).fit(X)
    np.testing.assert_allclose(
        iso.transform(X),
        iso.embedding_,
        atol=RTOL[dtype] * 10 * np.abs(iso.embedding_).max(),
    )


def test_complete_graph_isomap_equals_classical_mds_and_pca():
    X = np.random.default_rng(0).normal(size=(6, 3))
    iso = Isomap(n_neighbors=5, n_components=2).fit_transform(X)
    assert_same_up_to_sign(iso, PCA(2).fit_transform(X), 1e-8)
    assert_same_up_to_sign(iso, lowdim.ClassicalMDS(2).fit_transform(X), 1e-8)


def test_n_neighbors_n_minus_1_equals_classical_mds():
    X = swiss_roll(80)[0]
    iso = Isomap(n_neighbors=79, n_components=2).fit_transform(X)
    assert_same_up_to_sign(iso, lowdim.ClassicalMDS(2).fit_transform(X), 1e-8)


@pytest.mark.parametrize("n,d,k", [(3, 5, 3), (1, 5, 5)])
def test_n_neighbors_at_or_above_n_samples_states_the_rule(n, d, k):
    X = np.random.default_rng(0).normal(size=(n, d))
    with pytest.raises(ValueError, match="n_samples - 1") as info:
        Isomap(n_neighbors=k).fit(X)
    assert f"n_neighbors={k}" in str(info.value) and f"= {n - 1}" in str(info.value)
    assert "without the point itself" in str(info.value)


def test_copies_give_zero_geodesics_only_between_copies():
    X = banana()
    X = np.vstack([X, X[:10]])
    iso = Isomap(5, 2).fit(X)
    G = iso.dist_matrix_
    np.testing.assert_array_equal(G, G.T)
    copy_of = np.arange(len(X))
    copy_of[150:] = np.arange(10)
    same = copy_of[:, None] == copy_of[None, :]
    assert (G[same] == 0).all()
    assert (G[~same] > 0).all()
    # Identical rows of the geodesic matrix give identical coordinates up to the
    # rounding of the eigensolver's row operations.
    np.testing.assert_allclose(
        iso.embedding_[150:],
        iso.embedding_[:10],
        rtol=0,
        atol=1e-12 * np.abs(iso.embedding_).max(),
    )


def test_point_whose_neighbours_are_all_its_copies_is_disconnected():
    X = banana()
    X = np.vstack([X, np.repeat([[3.0, 3.0]], 6, axis=0)])
    with pytest.raises(ValueError, match="2 connected components"):
        Isomap(5, 2, disconnected="raise").fit(X)
    with pytest.warns(lowdim.DisconnectedGraphWarning):
        iso = Isomap(5, 2).fit(X)
    G = iso.dist_matrix_
    assert np.isfinite(G).all()
    assert (G[150:, 150:] == 0).all() and (G[:150, 150:] > 0).all()


def test_disconnected_graph_raises_with_count_and_hint():
    X = blobs(50, [[0, 0, 0], [20, 0, 0]], 0.5)
    with pytest.raises(ValueError, match=r"2 connected components.*n_neighbors"):
        Isomap(5, 2, disconnected="raise").fit(X)
    line = np.array([[0.0], [1], [2], [10], [11], [12]])
    with pytest.raises(ValueError, match="2 connected components"):
        Isomap(2, 1, disconnected="raise").fit(line)


def test_join_policy_warns_records_and_is_reproducible():
    X = blobs(50, [[0, 0, 0], [20, 0, 0]], 0.5)
    with pytest.warns(lowdim.DisconnectedGraphWarning, match="2 connected components"):
        a = Isomap(5, 2, disconnected="join").fit(X)
    with pytest.warns(lowdim.DisconnectedGraphWarning):
        b = Isomap(5, 2, disconnected="join").fit(X)
    assert a.n_connected_components_ == 2 and a.joined_edges_.shape == (1, 3)
    i, j, w = a.joined_edges_[0]
    cross = np.linalg.norm(X[:50, None] - X[None, 50:], axis=-1)
    assert w == pytest.approx(cross.min(), rel=1e-12)
    assert np.isfinite(a.embedding_).all()
    np.testing.assert_array_equal(a.embedding_, b.embedding_)


def test_precomputed_sparse_disconnected_graph_cannot_be_joined():
    X = blobs(50, [[0, 0, 0], [20, 0, 0]], 0.5)
    G = kneighbors_graph(X, 5, mode="distance")
    for policy in ("raise", "join"):
        with pytest.raises(ValueError, match="2 connected components"):
            Isomap(5, 2, metric="precomputed", disconnected=policy).fit(G)


def test_precomputed_sparse_graph_and_dense_distances_match_euclidean():
    X = swiss_roll(200, noise=0.05)[0]
    ref = Isomap(8, 2).fit(X)
    G = kneighbors_graph(X, 8, mode="distance")
    a = Isomap(8, 2, metric="precomputed").fit(G)
    D = np.linalg.norm(X[:, None] - X[None], axis=-1)
    b = Isomap(8, 2, metric="precomputed").fit(D)
    np.testing.assert_allclose(a.dist_matrix_, ref.dist_matrix_, rtol=1e-12)
    np.testing.assert_allclose(b.dist_matrix_, ref.dist_matrix_, rtol=1e-12)
    np.testing.assert_allclose(
        b.embedding_, ref.embedding_, atol=1e-8 * np.abs(ref.embedding_).max()
    )
    Xnew = X[:5] + 0.01
    Dnew = np.linalg.norm(Xnew[:, None] - X[None], axis=-1)
    np.testing.assert_allclose(
        b.transform(Dnew), ref.transform(Xnew), atol=1e-8 * np.abs(ref.embedding_).max()
    )


def test_zero_weight_edges_in_a_precomputed_graph_are_edges():
    # Two copies joined only by an explicit zero: they must be at distance 0, and
    # connected to the rest through each other.
    rows = [0, 1, 2, 1]
    cols = [1, 2, 3, 0]
    data = [0.0, 1.0, 1.0, 0.0]
    G = sp.csr_matrix((data, (rows, cols)), shape=(4, 4))
    assert G.nnz == 4
    iso = Isomap(1, 1, metric="precomputed").fit(G)
    np.testing.assert_allclose(iso.dist_matrix_[0], [0, 0, 1, 2])


def test_one_neighbour_gives_every_point_an_edge_to_another():
    # Every point has degree >= 1 after symmetrisation exactly when no component is
    # a single point; a point listed as its own neighbour would be isolated.
    X = blobs(3, [[0, 0], [5, 5]], 0.3)[:5]
    with pytest.warns(lowdim.DisconnectedGraphWarning):
        iso = Isomap(1, 1, disconnected="join").fit(X)
    assert iso.n_connected_components_ <= len(X) // 2
    assert np.isfinite(iso.dist_matrix_).all()
    Xd = np.vstack([X, X[2]])
    with pytest.warns(lowdim.DisconnectedGraphWarning):
        iso = Isomap(1, 1, disconnected="join").fit(Xd)
    # The copy's nearest other point is its twin, at distance 0.
    assert iso.dist_matrix_[2, 5] == 0 and np.isfinite(iso.dist_matrix_).all()
    assert iso.n_connected_components_ <= len(Xd) // 2


@pytest.mark.parametrize("sparse", [True, False])
def test_precomputed_float32_input_gives_float32_results(sparse):
    X = swiss_roll(200, noise=0.05)[0]
    D = np.linalg.norm(X[:, None] - X[None], axis=-1)
    G = kneighbors_graph(X, 8, mode="distance") if sparse else D
    G32 = G.astype(np.float32)
    a = Isomap(8, 2, metric="precomputed").fit(G32)
    b = Isomap(8, 2, metric="precomputed").fit(G)
    assert a.dist_matrix_.dtype == np.float32
    assert a.embedding_.dtype == np.float32
    np.testing.assert_allclose(a.dist_matrix_, b.dist_matrix_, rtol=1e-5, atol=1e-5)
