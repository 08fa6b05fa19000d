"""Behaviour every spectral estimator shares: input handling, parameters, threads."""

import numpy as np
import pytest
from conftest import swiss_roll
from sklearn.utils.estimator_checks import parametrize_with_checks

import lowdim
from lowdim import PCA, ClassicalMDS, DiffusionMap, Isomap, KernelPCA
from lowdim._validation import check_params, resolve_n_jobs


def make_all():
    return [
        PCA(2),
        ClassicalMDS(2),
        Isomap(10, 2),
        KernelPCA(2, kernel="rbf", gamma=0.01),
        DiffusionMap(2),
    ]


ESTIMATORS = make_all()
IDS = [type(e).__name__ for e in ESTIMATORS]


@pytest.fixture
def data():
    return swiss_roll(200, noise=0.05)[0]


def make_for_checks():
    # Default parameters, as a user constructs them.
    return [PCA(), ClassicalMDS(), Isomap(), KernelPCA(), DiffusionMap()]


@parametrize_with_checks(make_for_checks())
@pytest.mark.filterwarnings("ignore::lowdim.DisconnectedGraphWarning")
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_names_row_and_column(est, bad, data):
    X = data.copy()
    X[17, 2] = bad
    with pytest.raises(ValueError, match=r"(NaN|infinity) at row 17, column 2"):
        est.fit(X)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_values_whose_squares_overflow_are_refused(est, data):
    X = data.copy()
    X[3, 1] = 1e200
    with pytest.raises(ValueError, match="overflow"):
        est.fit(X)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
@pytest.mark.parametrize(
    "X,match",
    [
        (np.zeros((0, 3)), "0 sample"),
        (np.zeros((1, 3)), "sample"),
        (np.arange(10.0), "2D array"),
        (np.array([["a", "b"], ["c", "d"]]), "convert|string"),
    ],
    ids=["empty", "one-sample", "1-D", "strings"],
)
def test_malformed_input_is_refused(est, X, match):
    with pytest.raises(ValueError, match=match):
        est.fit(X)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
@pytest.mark.parametrize("itype", [np.int64, np.int32, np.uint8])
def test_integer_input_is_read_as_float64(est, itype):
    rng = np.random.default_rng(0)
    if itype == np.uint8:
        X = rng.integers(0, 256, size=(300, 3)).astype(np.uint8)
    else:
        X = (swiss_roll(300)[0] * 100).astype(itype)
    before = X.copy()
    Y = est.fit_transform(X)
    ref = type(est)(**est.get_params()).fit_transform(X.astype(np.float64))
    assert Y.dtype == np.float64
    np.testing.assert_allclose(Y, ref, rtol=0, atol=1e-12 * np.abs(ref).max())
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_layout_and_dtype(est, data):
    before = data.copy()
    Y = est.fit_transform(data)
    np.testing.assert_array_equal(data, before)
    wide = np.zeros((data.shape[0], 9))
    wide[:, ::3] = data
    for variant in (np.asfortranarray(data), wide[:, ::3]):
        np.testing.assert_allclose(
            type(est)(**est.get_params()).fit_transform(variant),
            Y,
            rtol=0,
            atol=1e-12 * np.abs(Y).max(),
        )
    Y32 = type(est)(**est.get_params()).fit_transform(data.astype(np.float32))
    assert Y32.dtype == np.float32


# Values each constraint table must refuse, whatever the parameter.
PROBES = [0, -1, -0.5, 1.5, 2.5, "nonsense", True, None, np.nan, (3,)]


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_every_invalid_parameter_is_named_in_the_error(est, data):
    refused = 0
    for name in type(est)._parameter_constraints:
        for value in PROBES:
            probe = type(est)(**{**est.get_params(), name: value})
            try:
                check_params(probe)
            except ValueError:
                refused += 1
                with pytest.raises(
                    ValueError, match=f"parameter '{name}' must be"
                ) as e:
                    probe.fit(data)
                assert type(est).__name__ in str(e.value) and repr(value) in str(
                    e.value
                )
    assert refused >= 2 * len(type(est)._parameter_constraints)


@pytest.mark.parametrize(
    "est",
    [
        Isomap(n_neighbors=0),
        KernelPCA(kernel="nope"),
        PCA(n_components=0),
        DiffusionMap(epsilon=0.0),
        ClassicalMDS(n_jobs=0),
        Isomap(eigen_solver="lapack"),
    ],
    ids=lambda e: repr(e),
)
def test_typical_mistakes_are_refused_by_name(est, data):
    (name,) = [
        k for k, v in est.get_params().items() if v != type(est)().get_params()[k]
    ]
    with pytest.raises(ValueError, match=f"'{name}'"):
        est.fit(data)


def test_n_jobs_follows_scikit_learn(monkeypatch):
    monkeypatch.setattr("lowdim._validation._available_cpus", lambda: 8)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert resolve_n_jobs(None) == 8
    assert (
        resolve_n_jobs(-1) == 8 and resolve_n_jobs(-2) == 7 and resolve_n_jobs(3) == 3
    )
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert resolve_n_jobs(None) == 3
    with pytest.raises(ValueError, match="n_jobs == 0"):
        resolve_n_jobs(0)


@pytest.mark.parametrize("n_jobs", [1, 2, -1])
def test_thread_count_does_not_change_results(n_jobs, data):
    for est in make_all():
        ref = (
            type(est)(**{**est.get_params(), "n_jobs": 1})
            if "n_jobs" in est.get_params()
            else est
        )
        Y1 = ref.fit_transform(data)
        if "n_jobs" not in est.get_params():
            continue
        Y = type(est)(**{**est.get_params(), "n_jobs": n_jobs}).fit_transform(data)
        np.testing.assert_allclose(Y, Y1, rtol=0, atol=1e-12 * np.abs(Y1).max())


@pytest.mark.parametrize(
    "est",
    [ClassicalMDS(2), Isomap(5, 2), KernelPCA(2), DiffusionMap(2)],
    ids=lambda e: type(e).__name__,
)
def test_quadratic_memory_is_refused_before_allocating(est, monkeypatch):
    monkeypatch.setenv("LOWDIM_MAX_MEMORY", "1M")
    X = np.random.default_rng(0).normal(size=(1000, 3))
    # 1000 x 1000 float64 = 7.6 MiB > 1 MiB; the message gives the estimate.
    with pytest.raises(
        MemoryError, match=r"needs about 7\.6 MiB, more than the 1\.0 MiB"
    ):
        est.fit(X)


def test_info_reports_build_and_threads():
    info = lowdim.info()
    assert info["version"] == lowdim.__version__
    assert info["threads_in_use"] >= 1
    assert isinstance(info["openmp"], bool) and info["simd"]


@pytest.mark.parametrize("est", ESTIMATORS, ids=IDS)
def test_feature_names_and_pandas_output(est, data):
    import pandas as pd

    names = est.fit(data).get_feature_names_out()
    prefix = type(est).__name__.lower()
    np.testing.assert_array_equal(names, [f"{prefix}0", f"{prefix}1"])
    out = (
        type(est)(**est.get_params()).set_output(transform="pandas").fit_transform(data)
    )
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(names)
