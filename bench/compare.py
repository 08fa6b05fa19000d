"""lowdim beside the library a user would otherwise choose, on the same data.

Every (case, implementation) pair runs in a fresh subprocess so that its peak
resident memory (ru_maxrss) is its own, with every thread pool pinned to the same
count: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS in the environment,
threadpoolctl inside, n_jobs for lowdim and scikit-learn. Times are wall-clock
medians of repeated runs inside that subprocess, after one warm-up run (first-call
costs such as lazy imports and thread-pool start-up are not what a user of a
long-running job waits for; a warm-up longer than --long seconds counts as a run).
Accuracy is reported beside time.

    python bench/compare.py                  # full run, writes bench/results/
    python bench/compare.py --quick          # small sizes, about a minute
    python bench/compare.py --cases isomap=10000,pairwise --reps 5

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines here set to dodge old
OpenBLAS bugs, slow current NumPy down; the subprocesses run without them unless
--keep-openblas-env is given, and the OpenBLAS kernel in use is recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
RESULT_TAG = "@@RESULT "
OPENBLAS_WORKAROUNDS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# --------------------------------------------------------------------------------------
# Cases: data, implementations and targets
# --------------------------------------------------------------------------------------


@dataclass
class Target:
    """lowdim must be `factor` times faster than `ref` (or, with `at_most`, take at
    most `factor` times `ref`'s time); optionally use at most `mem` of its peak."""

    ref: str
    factor: float
    at_most: bool = False
    mem: float | None = None

    def describe(self) -> str:
        s = (
            f"<= {self.factor:g}x {self.ref}'s time"
            if self.at_most
            else (f">= {self.factor:g}x vs {self.ref}")
        )
        if self.mem is not None:
            s += f", peak mem <= {self.mem:.0%}"
        return s


@dataclass
class Case:
    name: str
    title: str
    sizes: list[int]
    quick_sizes: list[int]
    impls: list[str]
    targets: list[Target] = field(default_factory=list)
    # Implementation whose output the others are checked against.
    accuracy_ref: str | None = None


CASES = {
    c.name: c
    for c in [
        Case(
            "isomap",
            "Isomap, swiss roll, k=10, 2 components",
            [5000, 10000],
            [1000, 2000],
            ["lowdim", "sklearn"],
            [Target("sklearn", 4.0, mem=0.70)],
            "sklearn",
        ),
        Case(
            "cmds",
            "Classical MDS, swiss roll, 2 components",
            [6000],
            [1500],
            ["lowdim", "sklearn", "numpy+eigsh"],
            [Target("sklearn", 10.0), Target("numpy+eigsh", 1.5)],
            "numpy+eigsh",
        ),
        Case(
            "diffusion",
            "Diffusion map, swiss roll, dense kernel, alpha=1, 2 comps",
            [3000],
            [1000],
            ["lowdim", "numpy+eigsh"],
            [Target("numpy+eigsh", 3.0)],
            "numpy+eigsh",
        ),
        Case(
            "kpca",
            "Kernel PCA, rbf, swiss roll, 2 components",
            [6000],
            [1500],
            ["lowdim", "sklearn-arpack", "sklearn-randomized"],
            [Target("sklearn-best", 2.0)],
            "sklearn-arpack",
        ),
        Case(
            "pairwise",
            "Euclidean distances within X, n x 784, float64",
            [10000],
            [2000],
            ["lowdim", "sklearn", "numpy X@X.T"],
            [Target("sklearn", 1.0), Target("numpy X@X.T", 1.3, at_most=True)],
            None,
        ),
    ]
}


# --------------------------------------------------------------------------------------
# Worker side: runs in the subprocess
# --------------------------------------------------------------------------------------


def _swiss_roll(n: int) -> Any:
    from sklearn.datasets import make_swiss_roll

    X, _ = make_swiss_roll(n, noise=0.0, random_state=0)
    return X


def _median_sq_distance(X: Any) -> float:
    """Median squared distance over an evenly spaced subset: a bandwidth at which
    the kernels are neither diagonal nor constant. Computed once per case, so that
    every implementation uses the same value."""
    import numpy as np

    sub = X[:: max(1, len(X) // 1000)][:1000]
    sq = ((sub[:, None, :] - sub[None, :, :]) ** 2).sum(-1)
    return float(np.median(sq[np.triu_indices(len(sub), 1)]))


def _make_data(case: str, n: int) -> dict[str, Any]:
    import numpy as np

    if case == "pairwise":
        return {"X": np.random.default_rng(0).random((n, 784))}
    X = _swiss_roll(n)
    if case in ("diffusion", "kpca"):
        return {"X": X, "eps": _median_sq_distance(X)}
    return {"X": X}


def _sq_dist_numpy(X: Any) -> Any:
    """|x|^2 + |y|^2 - 2 x.y in place on the product's buffer, clamped at 0."""
    import numpy as np

    sq = np.einsum("ij,ij->i", X, X)
    S = X @ X.T
    S *= -2.0
    S += sq[:, None]
    S += sq[None, :]
    np.maximum(S, 0.0, out=S)
    return S


def _top_eigsh(A: Any, k: int) -> tuple[Any, Any]:
    import numpy as np
    from scipy.sparse.linalg import eigsh

    vals, vecs = eigsh(A, k=k, which="LA")
    order = np.argsort(vals)[::-1]
    return vals[order], vecs[:, order]


def _cmds_numpy(X: Any) -> Any:
    """What a NumPy user writes: squared distances, double centring, ARPACK."""
    import numpy as np

    B = _sq_dist_numpy(X)
    m = B.mean(axis=1)
    B -= m[:, None]
    B -= m[None, :]
    B += m.mean()
    B *= -0.5
    vals, vecs = _top_eigsh(B, 2)
    return vecs * np.sqrt(np.maximum(vals, 0.0))


def _diffusion_numpy(X: Any, eps: float, alpha: float = 1.0, t: float = 1.0) -> Any:
    import numpy as np

    K = _sq_dist_numpy(X)
    K *= -1.0 / eps
    np.exp(K, out=K)
    qa = K.sum(axis=1) ** -alpha
    K *= qa[:, None]
    K *= qa[None, :]
    d = K.sum(axis=1)
    dh = 1.0 / np.sqrt(d)
    K *= dh[:, None]
    K *= dh[None, :]
    vals, vecs = _top_eigsh(K, 3)
    phi0 = np.sqrt(d / d.sum())
    return vecs[:, 1:] / phi0[:, None] * vals[1:] ** t


def _build(
    case: str, impl: str, data: dict[str, Any], threads: int
) -> Callable[[], Any]:
    """The call to time, returning its output (an embedding or a distance matrix).

    Estimators are made afresh in every call: a reused one would hold its previous
    fit's n x n attributes (dist_matrix_...) while fitting again, doubling the peak.
    """
    X = data["X"]
    make: Callable[[], Any]
    if impl == "lowdim":
        import lowdim

        if case == "pairwise":
            return lambda: lowdim.pairwise_distances(X, n_jobs=threads)
        make = {
            "isomap": lambda: lowdim.Isomap(
                n_neighbors=10, n_components=2, n_jobs=threads
            ),
            "cmds": lambda: lowdim.ClassicalMDS(n_components=2, n_jobs=threads),
            "diffusion": lambda: lowdim.DiffusionMap(
                n_components=2, epsilon=data["eps"], n_jobs=threads
            ),
            "kpca": lambda: lowdim.KernelPCA(
                n_components=2, kernel="rbf", gamma=1.0 / data["eps"], n_jobs=threads
            ),
        }[case]
        return lambda: make().fit_transform(X)
    if case == "isomap":
        from sklearn.manifold import Isomap

        return lambda: Isomap(
            n_neighbors=10, n_components=2, n_jobs=threads
        ).fit_transform(X)
    if case == "cmds" and impl == "sklearn":
        from sklearn.manifold import ClassicalMDS  # new in scikit-learn 1.8

        return lambda: ClassicalMDS(n_components=2).fit_transform(X)
    if case == "cmds":
        return lambda: _cmds_numpy(X)
    if case == "diffusion":
        return lambda: _diffusion_numpy(X, data["eps"])
    if case == "kpca":
        from sklearn.decomposition import KernelPCA

        solver = impl.split("-")[1]
        return lambda: KernelPCA(
            n_components=2,
            kernel="rbf",
            gamma=1.0 / data["eps"],
            eigen_solver=solver,
            random_state=0,
            n_jobs=threads,
        ).fit_transform(X)
    if impl == "sklearn":
        from sklearn.metrics import pairwise_distances

        # n_jobs=None: for the Euclidean metric scikit-learn's fast path is one BLAS
        # product on BLAS's own threads; n_jobs > 1 would split the matrix over
        # joblib workers that each start the same multi-threaded BLAS.
        return lambda: pairwise_distances(X)
    return lambda: X @ X.T


def _pairwise_error(X: Any, D: Any) -> float:
    """Max abs error against distances from explicit differences, on 50 rows."""
    import numpy as np

    worst = 0.0
    for r in np.linspace(0, len(X) - 1, 50).astype(int):
        exact = np.sqrt(((X - X[r]) ** 2).sum(axis=1))
        worst = max(worst, float(np.abs(D[r] - exact).max()))
    return worst


def _threadpools() -> list[dict[str, Any]]:
    from threadpoolctl import threadpool_info

    keep = (
        "user_api",
        "internal_api",
        "version",
        "num_threads",
        "architecture",
        "threading_layer",
        "prefix",
    )
    return [{k: p.get(k) for k in keep} for p in threadpool_info()]


def worker(spec: dict[str, Any]) -> None:
    import numpy as np
    from threadpoolctl import threadpool_limits

    threads = spec["threads"]
    data = _make_data(spec["case"], spec["n"])
    with threadpool_limits(limits=threads):
        fn = _build(spec["case"], spec["impl"], data, threads)
        rss_before = _current_rss()
        cpu_start = _cpu_seconds()
        t0 = time.perf_counter()
        out = fn()  # warm-up
        warm = time.perf_counter() - t0
        # A long call's first-call costs are lost in its length: it counts, and
        # saves a repetition of a 20-second call.
        times = [warm] if warm > spec["long_s"] else []
        cpu0 = cpu_start if times else _cpu_seconds()
        while len(times) < spec["reps"]:
            del out
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
            if times[-1] > spec["long_s"] and len(times) >= 2:
                break
        # CPU seconds per wall second over the timed runs: well below the thread
        # count for a parallel code means the cores were busy with something else.
        cpu_s = _cpu_seconds() - cpu0
        cpu_per_wall = cpu_s / max(sum(times), 1e-9)
        pools = _threadpools()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    res: dict[str, Any] = {
        "times": times,
        "median_s": float(np.median(times)),
        "peak_rss": peak,
        "rss_before": rss_before,
        "cpu_per_wall": round(cpu_per_wall, 2),
        "cpu_s_per_run": round(cpu_s / len(times), 3),
        "threadpools": pools,
    }
    if spec["case"] == "pairwise" and spec["impl"] != "numpy X@X.T":
        res["max_abs_err_vs_direct"] = _pairwise_error(data["X"], out)
    elif spec["case"] != "pairwise":
        np.save(spec["out"], np.asarray(out, dtype=np.float64))
    print(RESULT_TAG + json.dumps(res), flush=True)


def _cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _current_rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def profile(case: str, n: int, threads: int) -> None:
    """Times lowdim's phases through the private core, to see which one dominates."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from lowdim import _core

    data = _make_data(case, n)
    X = data["X"]
    phases: list[tuple[str, Callable[[], Any]]] = []
    if case == "isomap":
        G = _core.geodesics_knn(X, 10, False, threads)[0]
        phases = [
            ("knn k=10", lambda: _core.knn(X, None, 10, threads)),
            (
                "knn + graph + dijkstra",
                lambda: _core.geodesics_knn(X, 10, False, threads),
            ),
            (
                "eigensolver (auto) on centred G^2",
                lambda: _core.cmds_eigen(
                    G, False, 2, "auto", 1e-10, 1000, False, threads
                ),
            ),
            ("sq_distance_stats", lambda: _core.sq_distance_stats(G, False, threads)),
        ]
    elif case == "cmds":
        S = _core.euclidean(X, None, True, threads)
        phases = [
            ("squared distances", lambda: _core.euclidean(X, None, True, threads)),
            (
                "eigensolver (auto) on centred S",
                lambda: _core.cmds_eigen(
                    S, True, 2, "auto", 1e-10, 1000, False, threads
                ),
            ),
        ]
    elif case in ("kpca", "diffusion"):
        g = 1.0 / data["eps"]
        K = _core.kernel(X, None, "rbf", g, 0.0, 0.0, threads)
        Kc = K.copy()
        _core.double_center(Kc, threads)
        phases = [
            ("rbf kernel", lambda: _core.kernel(X, None, "rbf", g, 0.0, 0.0, threads)),
            ("double_center", lambda: _core.double_center(K.copy(), threads)),
            ("copy (subtract from double_center)", lambda: K.copy()),
            (
                "eigensolver (auto) k=2 on dense K",
                lambda: _core.eigen(Kc, 2, "auto", 1e-10, 1000, False, threads),
            ),
        ]
        if case == "diffusion":
            phases.append(
                (
                    "diffusion_fit (all)",
                    lambda: _core.diffusion_fit(
                        X, data["eps"], 1.0, 1.0, 2, 0, "auto", 1e-10, 1000, threads
                    ),
                )
            )
    else:
        phases = [("euclidean", lambda: _core.euclidean(X, None, False, threads))]
    with threadpool_limits(limits=threads):
        for name, fn in phases:
            fn()
            ts = []
            for _ in range(3):
                t0 = time.perf_counter()
                r = fn()
                ts.append(time.perf_counter() - t0)
            extra = ""
            if isinstance(r, dict) and "products" in r:
                extra = f"  ({r['products']} products, solver {r['solver']})"
            print(
                f"  {case} n={n} {name:38s} {np.median(ts):8.3f} s{extra}", flush=True
            )


# --------------------------------------------------------------------------------------
# Parent side: orchestrates subprocesses, compares, writes the tables
# --------------------------------------------------------------------------------------


def _child_env(threads: int, keep_openblas_env: bool) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    if not keep_openblas_env:
        for var in OPENBLAS_WORKAROUNDS:
            env.pop(var, None)
    return env


def run_one(
    spec: dict[str, Any], env: dict[str, str], timeout: float
) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    try:
        p = subprocess.run(
            cmd, check=False, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in p.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    err = (p.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {p.returncode}: {err}"}


def agreement(a: Any, b: Any) -> float:
    """Largest column-wise difference up to each column's sign, relative to b's
    largest entry: embeddings from eigenvectors are defined only up to sign."""
    import numpy as np

    worst = 0.0
    for j in range(min(a.shape[1], b.shape[1])):
        s = 1.0 if float(a[:, j] @ b[:, j]) >= 0 else -1.0
        scale = float(np.abs(b[:, j]).max()) or 1.0
        worst = max(worst, float(np.abs(a[:, j] - s * b[:, j]).max()) / scale)
    return worst


def cpu_description() -> tuple[str, str]:
    """The CPU's model name and which of AVX2, FMA and AVX-512F it has."""
    model, flags = "", ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and not model:
                    model = value.strip()
                elif key.strip() == "flags" and not flags:
                    have = set(value.split())
                    flags = " ".join(x for x in ("avx2", "fma", "avx512f") if x in have)
                if model and flags:
                    break
    except OSError:
        pass
    return model or platform.processor() or "unknown", flags


def machine(threads: int, pools: list[dict[str, Any]] | None) -> dict[str, Any]:
    import numpy
    import scipy
    import sklearn

    cpu, _ = cpu_description()
    try:
        import lowdim

        info = lowdim.info()
    except (ImportError, RuntimeError) as e:  # the table is useful without them
        info = {"error": repr(e)}
    return {
        "host": platform.node(),
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "threads": threads,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "threadpools_in_worker": pools,
        "openblas_env_in_parent": {v: os.environ.get(v) for v in OPENBLAS_WORKAROUNDS},
        "lowdim": info,
    }


def _fmt_s(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _fmt_mb(b: int | None) -> str:
    return "n/a" if b is None else f"{b / 2**20:,.0f}"


def evaluate(
    case: Case, n: int, runs: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One row per target: ratio of times (and of memory), and whether it is met."""
    rows = []
    low = runs.get("lowdim", {})
    for t in case.targets:
        ref_name = t.ref
        if ref_name == "sklearn-best":
            cands = {
                k: v
                for k, v in runs.items()
                if k.startswith("sklearn") and "median_s" in v
            }
            ref_name = (
                min(cands, key=lambda k: cands[k]["median_s"]) if cands else "n/a"
            )
        ref = runs.get(ref_name, {})
        row: dict[str, Any] = {
            "case": case.name,
            "n": n,
            "reference": ref_name,
            "target": t.describe().replace(t.ref, ref_name),
            "lowdim_s": low.get("median_s"),
            "ref_s": ref.get("median_s"),
            "lowdim_peak": low.get("peak_rss"),
            "ref_peak": ref.get("peak_rss"),
            "note": ref.get("error") or low.get("error") or "",
        }
        if row["lowdim_s"] and row["ref_s"]:
            speedup = row["ref_s"] / row["lowdim_s"]
            row["speedup"] = speedup
            met = (1.0 / speedup <= t.factor) if t.at_most else speedup >= t.factor
            if t.mem is not None and row["lowdim_peak"] and row["ref_peak"]:
                row["mem_ratio"] = row["lowdim_peak"] / row["ref_peak"]
                met = met and row["mem_ratio"] <= t.mem
            row["met"] = met
        rows.append(row)
    return rows


def markdown(
    meta: dict[str, Any], results: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> str:
    m = meta["machine"]
    pools = m.get("threadpools_in_worker") or []
    blas = ", ".join(
        f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, "
        f"{p.get('num_threads')} threads)"
        for p in pools
        if p.get("user_api") == "blas"
    )
    low = m.get("lowdim", {})
    machine_line = (
        f"Machine: {m['cpu']}, {m['usable_cpus']} usable CPUs, {m['threads']} threads "
        f"for every library. Python {m['python']}, NumPy {m['numpy']}, SciPy "
        f"{m['scipy']}, scikit-learn {m['sklearn']}; BLAS: {blas or 'unknown'}. "
        f"lowdim {low.get('version')} ({low.get('compiler')}, SIMD {low.get('simd')}, "
        f"OpenMP {low.get('openmp')})."
    )
    method_line = (
        f"Median of {meta['reps']} runs after a warm-up (2 runs once one exceeds "
        f"{meta['long_s']:g} s), wall clock; peak RSS of a fresh process per "
        "implementation (interpreter and data included). Load average before/after: "
        f"{meta['load_before']} / {meta['load_after']}."
    )
    header = (
        "| case | n | lowdim s | reference | ref s | speed-up | target | met | "
        "peak MB lowdim / ref |"
    )
    out = [
        f"# lowdim vs references, {meta['date']}",
        "",
        machine_line,
        "",
        method_line,
        "",
        header,
        "| --- | ---: | ---: | --- | ---: | ---: | --- | :---: | ---: |",
    ]
    for r in rows:
        sp = f"{r['speedup']:.2f}x" if "speedup" in r else "n/a"
        if "speedup" in r and "numpy X@X.T" in r["reference"]:
            sp = f"{1 / r['speedup']:.2f}x its time"
        met = {True: "yes", False: "**no**"}.get(r.get("met"), "n/a")
        mem = f"{_fmt_mb(r['lowdim_peak'])} / {_fmt_mb(r['ref_peak'])}"
        if "mem_ratio" in r:
            mem += f" ({r['mem_ratio']:.0%})"
        note = f" ({r['note']})" if r["note"] else ""
        out.append(
            f"| {r['case']} | {r['n']} | {_fmt_s(r['lowdim_s'])} | {r['reference']} | "
            f"{_fmt_s(r['ref_s'])} | {sp} | {r['target']} | {met}{note} | {mem} |"
        )
    out += [
        "",
        "Accuracy and every run:",
        "",
        (
            "| case | n | implementation | median s | runs | CPU s/run | CPU/wall "
            "| peak MB | accuracy |"
        ),
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for res in results:
        for impl, r in res["runs"].items():
            acc = r.get("accuracy", "")
            if "error" in r:
                acc = r["error"]
            med = _fmt_s(r.get("median_s"))
            out.append(
                f"| {res['case']} | {res['n']} | {impl} | {med} | "
                f"{len(r.get('times', []))} | {r.get('cpu_s_per_run', 'n/a')} | "
                f"{r.get('cpu_per_wall', 'n/a')} | "
                f"{_fmt_mb(r.get('peak_rss'))} | {acc} |"
            )
    cpu_note = (
        "CPU/wall: CPU seconds per wall-clock second over the timed runs; below the "
        f"thread count ({m['threads']}) for a parallel code, the cores were partly "
        "taken by other work (or the code is serial there)."
    )
    acc_note = (
        "Accuracy: for embeddings, the largest difference from the reference "
        "implementation's embedding, up to the sign of each column, relative to its "
        "largest entry; for distances, the largest absolute error against distances "
        "computed from explicit differences on 50 rows."
    )
    out += ["", cpu_note, "", acc_note, ""]
    return "\n".join(out)


def parse_cases(text: str | None, quick: bool) -> list[tuple[Case, int]]:
    todo = []
    for item in text.split(",") if text else list(CASES):
        name, _, size = item.strip().partition("=")
        if name not in CASES:
            raise SystemExit(f"unknown case {name!r}; cases: {', '.join(CASES)}")
        case = CASES[name]
        sizes = [int(size)] if size else (case.quick_sizes if quick else case.sizes)
        todo += [(case, n) for n in sizes]
    return todo


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    ap.add_argument(
        "--cases", help="comma-separated names, optionally name=n: " + ", ".join(CASES)
    )
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--reps", type=int, default=3, help="timed runs per implementation")
    ap.add_argument(
        "--long",
        type=float,
        default=20.0,
        dest="long_s",
        help="stop after 2 timed runs once a run exceeds this many seconds",
    )
    ap.add_argument("--timeout", type=float, default=900.0, help="per subprocess, s")
    ap.add_argument(
        "--out-dir",
        type=Path,
        help="default bench/results (full runs); quick runs write nothing unless given",
    )
    ap.add_argument("--tag", default="", help="appended to the result file names")
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also time lowdim's phases through the core",
    )
    ap.add_argument(
        "--keep-openblas-env",
        action="store_true",
        help=f"keep {' and '.join(OPENBLAS_WORKAROUNDS)} in the subprocesses",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--profile-worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    if args.profile_worker:
        spec = json.loads(args.profile_worker)
        profile(spec["case"], spec["n"], spec["threads"])
        return

    import numpy as np

    env = _child_env(args.threads, args.keep_openblas_env)
    todo = parse_cases(args.cases, args.quick)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if os.getloadavg()[0] > 0.5:
        print(
            f"warning: load average {load_before}: other work is running and the "
            "timings will be noisy",
            file=sys.stderr,
        )
    results, rows, pools = [], [], None
    t_start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        for case, n in todo:
            impls = list(case.impls)
            if case.name == "cmds" and not _sklearn_has_cmds():
                impls.remove("sklearn")
            runs: dict[str, dict[str, Any]] = {}
            for impl in impls:
                spec = {
                    "case": case.name,
                    "n": n,
                    "impl": impl,
                    "threads": args.threads,
                    "reps": args.reps,
                    "long_s": args.long_s,
                    "out": str(Path(tmp) / f"{case.name}-{n}-{impl}.npy"),
                }
                load = os.getloadavg()[0]
                r = run_one(spec, env, args.timeout)
                r["load_at_start"] = round(load, 2)
                runs[impl] = r
                pools = pools or r.get("threadpools")
                print(
                    f"{case.name:9s} n={n:<6d} {impl:20s} "
                    + (
                        f"{r['median_s']:8.3f} s  peak {_fmt_mb(r['peak_rss'])} MB"
                        f"  cpu/wall {r['cpu_per_wall']:.2f}"
                        if "median_s" in r
                        else r["error"]
                    )
                    + f"  (load {load:.2f})",
                    flush=True,
                )
            if case.accuracy_ref and "median_s" in runs.get(case.accuracy_ref, {}):
                ref = np.load(Path(tmp) / f"{case.name}-{n}-{case.accuracy_ref}.npy")
                for impl, r in runs.items():
                    f = Path(tmp) / f"{case.name}-{n}-{impl}.npy"
                    if impl != case.accuracy_ref and f.exists():
                        r["accuracy"] = (
                            f"{agreement(np.load(f), ref):.1e} vs {case.accuracy_ref}"
                        )
            for r in runs.values():
                if "max_abs_err_vs_direct" in r:
                    r["accuracy"] = f"max abs err {r['max_abs_err_vs_direct']:.1e}"
            if case.name == "cmds" and "sklearn" not in impls:
                runs["sklearn"] = {
                    "error": "skipped: this scikit-learn has no "
                    "ClassicalMDS (new in 1.8)"
                }
            results.append({"case": case.name, "n": n, "runs": runs})
            rows += evaluate(case, n, runs)
            if args.profile:
                cmd = [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--profile-worker",
                    json.dumps({"case": case.name, "n": n, "threads": args.threads}),
                ]
                subprocess.run(cmd, check=False, env=env, timeout=args.timeout)

    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "reps": args.reps,
        "long_s": args.long_s,
        "wall_s": round(time.time() - t_start, 1),
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "openblas_workarounds_removed": not args.keep_openblas_env,
        "machine": machine(args.threads, pools),
    }
    md = markdown(meta, results, rows)
    print()
    print(md)
    out_dir = args.out_dir or (None if args.quick else HERE / "results")
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = f"{dt.date.today().isoformat()}-{platform.node()}{args.tag}"
        doc = {"meta": meta, "targets": rows, "results": results}
        (out_dir / f"{stem}.json").write_text(json.dumps(doc, indent=1) + "\n")
        (out_dir / f"{stem}.md").write_text(md)
        print(f"wrote {out_dir / stem}.json and .md")


def _sklearn_has_cmds() -> bool:
    try:
        from sklearn.manifold import ClassicalMDS  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
