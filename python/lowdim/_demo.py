"""The ``lowdim demo`` job: every method on two data sets, a table and a picture.

The methods live in a registry (``methods()``), one entry per method, so that a new
estimator joins the demo, its table and its picture by adding one entry.
"""

from __future__ import annotations

import csv
import inspect
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

import lowdim
from lowdim._validation import resolve_n_jobs

logger = logging.getLogger(__name__)

N_COMPONENTS = 2
TRUST_NEIGHBORS = 10
SWISS_ROLL_SAMPLES = 2000
SEED = 0
# The median-distance bandwidth needs only a sample of the pairs to be stable.
GAMMA_SAMPLE = 1000


@dataclass(frozen=True)
class Method:
    """One entry of the demo's registry.

    Parameters
    ----------
    label : str
        Name shown in the table and above the picture's panels.
    make : callable
        ``make(X, n_jobs)`` returns an unfitted estimator (or pipeline) with the
        demo's parameters for data ``X``; its ``fit_transform`` gives the embedding.
    """

    label: str
    make: Callable[[np.ndarray, "int | None"], Any]


@dataclass(frozen=True)
class DataSet:
    """Data to embed and the values that colour its points in the picture."""

    name: str
    X: np.ndarray
    colour: np.ndarray
    colour_label: str
    discrete: bool


@dataclass
class Result:
    """One row of the results table."""

    dataset: str
    method: str
    label: str
    n_samples: int
    n_features: int
    seconds: float = float("nan")
    trustworthiness: float = float("nan")
    parameters: str = ""
    error: str = ""
    embedding: np.ndarray | None = field(default=None, repr=False)


def median_gamma(X: np.ndarray) -> float:
    """RBF ``gamma`` = 1 / median squared distance between points.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    float
        With this bandwidth a typical pair of points has kernel value 1/e: neither
        every pair near 0 (the kernel matrix tends to the identity) nor near 1
        (it tends to a constant). Computed on an evenly spaced subset of at most
        1000 points.
    """
    step = max(1, len(X) // GAMMA_SAMPLE)
    S = np.asarray(X[::step][:GAMMA_SAMPLE], dtype=np.float64)
    sq = np.sum(S**2, axis=1)
    D2 = np.maximum(sq[:, None] + sq[None, :] - 2 * S @ S.T, 0)
    med = float(np.median(D2[np.triu_indices(len(S), 1)]))
    return 1.0 / med if med > 0 else 1.0


def _neural(cls_name: str, scaler: str, **params: Any) -> Callable[..., Any]:
    def make(X: np.ndarray, n_jobs: int | None) -> Any:
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import MinMaxScaler, StandardScaler

        # The networks train well only on inputs of unit scale; the VAE's Bernoulli
        # likelihood also needs them in [0, 1].
        pre = MinMaxScaler() if scaler == "minmax" else StandardScaler()
        est = getattr(lowdim, cls_name)(
            n_components=N_COMPONENTS, random_state=SEED, n_jobs=n_jobs, **params
        )
        return make_pipeline(pre, est)

    return make


def methods() -> dict[str, Method]:
    """The demo's methods, by the name used in file names and by ``lowdim embed``.

    Returns
    -------
    dict of str to Method
        The spectral methods always; Autoencoder and VAE when this build of lowdim
        has them. Parameters are chosen so that the whole demo runs in well under
        two minutes on two cores.
    """
    reg: dict[str, Method] = {
        "pca": Method("PCA", lambda X, n_jobs: lowdim.PCA(n_components=N_COMPONENTS)),
        "mds": Method(
            "ClassicalMDS",
            lambda X, n_jobs: lowdim.ClassicalMDS(N_COMPONENTS, n_jobs=n_jobs),
        ),
        "isomap": Method(
            "Isomap",
            # The 10-NN graph of the full data sets is connected, that of a small
            # subset may not be; joining keeps quick runs from failing.
            lambda X, n_jobs: lowdim.Isomap(
                n_neighbors=10,
                n_components=N_COMPONENTS,
                disconnected="join",
                n_jobs=n_jobs,
            ),
        ),
        "kpca": Method(
            "KernelPCA",
            lambda X, n_jobs: lowdim.KernelPCA(
                N_COMPONENTS, kernel="rbf", gamma=median_gamma(X), n_jobs=n_jobs
            ),
        ),
        "diffusion": Method(
            "DiffusionMap",
            lambda X, n_jobs: lowdim.DiffusionMap(N_COMPONENTS, n_jobs=n_jobs),
        ),
    }
    # About a second each on two cores for these sizes (measured: 50 epochs on the
    # digits take 0.5 s); early stopping usually ends the swiss roll sooner.
    nn = dict(hidden_layer_sizes=(64,), max_epochs=100, learning_rate=3e-3)
    if hasattr(lowdim, "Autoencoder"):
        reg["autoencoder"] = Method("Autoencoder", _neural("Autoencoder", "std", **nn))
    if hasattr(lowdim, "VAE"):
        reg["vae"] = Method("VAE", _neural("VAE", "minmax", **nn))
    return reg


def datasets(max_samples: int | None = None) -> list[DataSet]:
    """The handwritten digits (1797 x 64) and a swiss roll (2000 x 3).

    Parameters
    ----------
    max_samples : int or None, default=None
        Keep at most this many points of each data set (for quick runs).

    Returns
    -------
    list of DataSet
    """
    from sklearn.datasets import load_digits, make_swiss_roll

    digits = load_digits()
    X, y = digits.data, digits.target
    if max_samples is not None:
        X, y = X[:max_samples], y[:max_samples]
    n_roll = (
        SWISS_ROLL_SAMPLES
        if max_samples is None
        else min(SWISS_ROLL_SAMPLES, max_samples)
    )
    R, t = make_swiss_roll(n_roll, random_state=SEED)
    return [
        DataSet("digits", X, y, "digit", True),
        DataSet("swiss_roll", R, t, "position along the roll", False),
    ]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


def describe(est: Any) -> str:
    """The parameters of ``est`` that differ from their defaults, as ``k=v`` text.

    Parameters
    ----------
    est : estimator or sklearn Pipeline

    Returns
    -------
    str
        For a pipeline, its steps joined by ``" -> "``. ``n_components`` is always
        shown; ``n_jobs`` never: it changes the time, not the result.
    """
    if hasattr(est, "steps"):
        return " -> ".join(describe(step) for _, step in est.steps)
    sig = inspect.signature(type(est).__init__)
    params = est.get_params(deep=False)
    parts = []
    if "n_components" in params:
        # Shown even at its default: the one parameter every method shares.
        parts.append(f"n_components={_fmt(params.pop('n_components'))}")
    for name, value in params.items():
        if name == "n_jobs":
            continue
        default = sig.parameters[name].default if name in sig.parameters else None
        same = default is not inspect.Parameter.empty and _same(value, default)
        if not same:
            parts.append(f"{name}={_fmt(value)}")
    inner = ", ".join(parts)
    return f"{type(est).__name__}({inner})"


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


def run_one(data: DataSet, name: str, method: Method, n_jobs: int | None) -> Result:
    """Fits one method on one data set, timing the fit and scoring the embedding.

    Parameters
    ----------
    data : DataSet
    name : str
        Registry name of the method.
    method : Method
    n_jobs : int or None
        Threads for the estimators that take ``n_jobs``.

    Returns
    -------
    Result
        With ``error`` set (and no embedding) when the method failed on this data.
    """
    from sklearn.manifold import trustworthiness

    n, d = data.X.shape
    res = Result(data.name, name, method.label, n, d)
    est = method.make(data.X, n_jobs)
    res.parameters = describe(est)
    start = time.perf_counter()
    try:
        Y = np.asarray(est.fit_transform(data.X))
    except (ValueError, TypeError, MemoryError, ArithmeticError) as exc:
        res.error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        logger.error("%s / %s failed: %s", data.name, method.label, res.error)
        return res
    res.seconds = time.perf_counter() - start
    res.embedding = Y
    if np.isfinite(Y).all():
        res.trustworthiness = float(
            trustworthiness(data.X, Y, n_neighbors=TRUST_NEIGHBORS)
        )
    else:
        res.error = "embedding has non-finite values"
    logger.info(
        "%-10s %-13s %6.2f s  trustworthiness %.3f",
        data.name,
        method.label,
        res.seconds,
        res.trustworthiness,
    )
    return res


def write_tables(results: list[Result], out: Path, header: str) -> None:
    """Writes ``results.csv`` and ``results.md`` into ``out``."""
    cols = [
        "dataset",
        "method",
        "n_samples",
        "n_features",
        "seconds",
        "trustworthiness",
        "parameters",
        "error",
    ]
    with open(out / "results.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in results:
            w.writerow(
                [
                    r.dataset,
                    r.label,
                    r.n_samples,
                    r.n_features,
                    f"{r.seconds:.4f}",
                    f"{r.trustworthiness:.4f}",
                    r.parameters,
                    r.error,
                ]
            )
    lines = [
        "# lowdim demo",
        "",
        header,
        "",
        f"Trustworthiness at k={TRUST_NEIGHBORS} (1 = every embedding neighbour is "
        "a true neighbour); seconds = wall time of `fit_transform`.",
        "",
        "| data set | method | n x d | seconds | trustworthiness | parameters |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for r in results:
        trust = f"{r.trustworthiness:.3f}" if not r.error else f"failed: {r.error}"
        # A pipe inside a cell would split it into two columns.
        params = r.parameters.replace("|", "\\|")
        lines.append(
            f"| {r.dataset} | {r.label} | {r.n_samples} x {r.n_features} | "
            f"{r.seconds:.2f} | {trust} | `{params}` |"
        )
    (out / "results.md").write_text("\n".join(lines) + "\n")


def draw(results: list[Result], data: list[DataSet], path: Path) -> None:
    """Draws every embedding side by side, one row per data set, into a PNG."""
    # The object API with an explicit Agg canvas: no pyplot global state, no
    # display needed, and the user's backend choice is left alone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = list(dict.fromkeys(r.label for r in results))
    by_key = {(r.dataset, r.label): r for r in results}
    ncols, nrows = len(labels), len(data)
    fig = Figure(figsize=(2.8 * ncols + 0.8, 2.8 * nrows), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ds in enumerate(data):
        if ds.discrete:
            # One colour per class, centred on its integer value.
            lo, hi = float(ds.colour.min()), float(ds.colour.max())
            style = dict(cmap="tab10", vmin=lo - 0.5, vmax=hi + 0.5)
        else:
            style = dict(cmap="viridis")
        mappable = None
        for j, label in enumerate(labels):
            ax = axes[i, j]
            ax.set_xticks([])
            ax.set_yticks([])
            r = by_key.get((ds.name, label))
            if j == 0:
                ax.set_ylabel(ds.name.replace("_", " "))
            if r is None or r.embedding is None:
                ax.set_title(f"{label}\nfailed", fontsize=9)
                continue
            Y = r.embedding
            mappable = ax.scatter(
                Y[:, 0], Y[:, 1], c=ds.colour, s=2, linewidths=0, **style
            )
            # A few far outliers (an autoencoder's code can have them) would
            # shrink everything else to a dot; frame the central 99% instead.
            lo, hi = np.percentile(Y, [0.5, 99.5], axis=0)
            pad = 0.08 * np.maximum(hi - lo, 1e-12)
            ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
            ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
            ax.set_title(
                f"{label}\nT={r.trustworthiness:.3f}, {r.seconds:.2f} s", fontsize=9
            )
        if mappable is not None:
            ticks = np.unique(ds.colour) if ds.discrete else None
            fig.colorbar(
                mappable,
                ax=axes[i, :].tolist(),
                label=ds.colour_label,
                shrink=0.9,
                ticks=ticks,
            )
    fig.savefig(path, dpi=90)


def run(
    out: Path,
    *,
    max_samples: int | None = None,
    n_jobs: int | None = None,
    only: list[str] | None = None,
) -> list[Result]:
    """Runs the demo and writes its files into ``out``.

    Parameters
    ----------
    out : Path
        Folder for ``<dataset>_<method>.npy``, ``results.md``, ``results.csv`` and
        ``embeddings.png``; created when missing.
    max_samples : int or None, default=None
        Use at most this many points of each data set.
    n_jobs : int or None, default=None
        Threads; None respects OMP_NUM_THREADS.
    only : list of str or None, default=None
        Registry names of the methods to run; None runs all.

    Returns
    -------
    list of Result
    """
    registry = methods()
    if only is not None:
        registry = {k: registry[k] for k in only}
    out.mkdir(parents=True, exist_ok=True)
    data = datasets(max_samples)
    results = []
    for ds in data:
        for name, method in registry.items():
            r = run_one(ds, name, method, n_jobs)
            if r.embedding is not None:
                np.save(out / f"{ds.name}_{name}.npy", r.embedding)
            results.append(r)
    info = lowdim.info()
    threads = resolve_n_jobs(n_jobs) if info["openmp"] else 1
    header = (
        f"lowdim {info['version']} ({info['compiler']}, {info['simd']}), "
        f"{threads} threads."
    )
    write_tables(results, out, header)
    draw(results, data, out / "embeddings.png")
    return results
