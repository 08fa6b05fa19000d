"""Input checks, parameter constraints, thread counts and memory planning.

Everything an estimator checks before calling the core lives here, so that every
estimator refuses bad input in the same words.
"""

from __future__ import annotations

import numbers
import os
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
from sklearn.utils.validation import validate_data

FLOAT_DTYPES = (np.float64, np.float32)

# ---------------------------------------------------------------------------
# Parameter constraints
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A real or integer interval; `closed` is "both", "left", "right" or "neither"."""

    kind: type
    left: float | None
    right: float | None
    closed: str = "both"

    def __contains__(self, value: Any) -> bool:
        if self.kind is numbers.Integral:
            if isinstance(value, (bool, np.bool_)) or not isinstance(
                value, numbers.Integral
            ):
                return False
        elif isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            return False
        try:
            if not np.isfinite(float(value)):
                return False
        except OverflowError:
            return False
        lo_ok = self.left is None or (
            value >= self.left if self.closed in ("both", "left") else value > self.left
        )
        hi_ok = self.right is None or (
            value <= self.right
            if self.closed in ("both", "right")
            else value < self.right
        )
        return bool(lo_ok and hi_ok)

    def __str__(self) -> str:
        kind = "an int" if self.kind is numbers.Integral else "a float"
        lo = "-inf" if self.left is None else repr(self.left)
        hi = "inf" if self.right is None else repr(self.right)
        lb = "[" if self.closed in ("both", "left") and self.left is not None else "("
        rb = "]" if self.closed in ("both", "right") and self.right is not None else ")"
        return f"{kind} in the range {lb}{lo}, {hi}{rb}"


class Options:
    """One of a fixed set of values (usually strings)."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def __contains__(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.values

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)


class Boolean:
    def __contains__(self, value: Any) -> bool:
        return isinstance(value, (bool, np.bool_))

    def __str__(self) -> str:
        return "a bool"


class Callable_:
    def __contains__(self, value: Any) -> bool:
        return callable(value)

    def __str__(self) -> str:
        return "a callable"


class RandomState:
    def __contains__(self, value: Any) -> bool:
        return (
            value is None
            or isinstance(value, np.random.RandomState)
            or (
                isinstance(value, numbers.Integral)
                and not isinstance(value, bool)
                and 0 <= value < 2**32
            )
        )

    def __str__(self) -> str:
        return "None, an int in [0, 2**32) or a numpy RandomState"


class IntTuple:
    """A tuple or list of positive ints (layer sizes)."""

    def __contains__(self, value: Any) -> bool:
        return isinstance(value, (tuple, list)) and all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1
            for v in value
        )

    def __str__(self) -> str:
        return "a tuple of ints >= 1"


NONE = None
N_JOBS = [
    None,
    Interval(numbers.Integral, None, -1),
    Interval(numbers.Integral, 1, None),
]


def _describe(constraints: Iterable[Any]) -> str:
    parts = ["None" if c is None else str(c) for c in constraints]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def check_params(estimator: Any) -> None:
    """Checks every parameter of `estimator` against its `_parameter_constraints`.

    Raises ValueError naming the estimator, the parameter, what is allowed and what
    was received.
    """
    constraints = getattr(type(estimator), "_parameter_constraints", {})
    for name, allowed in constraints.items():
        value = getattr(estimator, name)
        if any(
            (c is None and value is None) or (c is not None and value in c)
            for c in allowed
        ):
            continue
        raise ValueError(
            f"{type(estimator).__name__}: parameter {name!r} must be "
            f"{_describe(allowed)}; got {value!r}."
        )


# ---------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------


def _first_nonfinite(X: np.ndarray) -> tuple[int, int, float]:
    bad = np.argwhere(~np.isfinite(X))[0]
    return int(bad[0]), int(bad[1]), float(X[bad[0], bad[1]])


def check_finite(X: np.ndarray, name: str = "X") -> None:
    """Raises ValueError naming the first NaN or infinite cell (row and column)."""
    if not np.isfinite(X).all():
        r, c, v = _first_nonfinite(X)
        what = "NaN" if np.isnan(v) else "infinity"
        raise ValueError(
            f"Input {name} contains {what} at row {r}, column {c}; lowdim needs finite "
            "values (impute or drop missing data first)."
        )


def check_overflow(X: np.ndarray, name: str = "X") -> None:
    """Refuses values so large that sums of squares over the data overflow."""
    if X.size == 0:
        return
    biggest = float(np.max(np.abs(X)))
    limit = np.sqrt(np.finfo(X.dtype).max / (X.shape[0] * max(X.shape[1], 1)))
    if biggest > limit:
        raise ValueError(
            f"Input {name} has values up to {biggest:.3g} whose sums of squares "
            f"overflow {X.dtype}; rescale {name} (for example divide by its largest "
            "absolute value) before fitting."
        )


def check_input(
    estimator: Any,
    X: Any,
    *,
    reset: bool,
    min_samples: int = 2,
    copy: bool = False,
) -> np.ndarray:
    """Validates X for `estimator` and returns a C-contiguous float32/float64 array.

    float32 stays float32; every other dtype (integers included) becomes float64.
    Sparse input is refused with a TypeError. NaN and infinity raise a ValueError
    naming the first bad cell. The caller's array is never modified: pass
    `copy=True` when the result will be written to.
    """
    X = validate_data(
        estimator,
        X,
        reset=reset,
        accept_sparse=False,
        dtype=list(FLOAT_DTYPES),
        order="C",
        copy=copy,
        ensure_all_finite=False,
        ensure_min_samples=min_samples,
    )
    check_finite(X)
    check_overflow(X)
    return X


def as_core_array(X: np.ndarray, dtype: Any) -> np.ndarray:
    """C-contiguous array of `dtype` for the core (copies only when needed)."""
    return np.ascontiguousarray(X, dtype=dtype)


def check_precomputed(
    D: np.ndarray, *, name: str = "X", rtol: float | None = None
) -> np.ndarray:
    """Checks a precomputed dissimilarity matrix and returns a symmetric copy.

    Round-off asymmetry (up to `rtol` times the largest entry, default 1e-5 for
    float32 and 1e-8 for float64, which covers values written with six significant
    digits and read back) is removed by averaging with the transpose; larger
    asymmetry, negative entries or a non-zero diagonal raise a ValueError that says
    where.
    """
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise ValueError(
            f"A precomputed dissimilarity matrix {name} must be square; got shape "
            f"{D.shape}."
        )
    if rtol is None:
        # Six significant digits leave a relative error of 5e-6 per entry.
        rtol = 1e-5
    scale = float(np.max(np.abs(D))) if D.size else 0.0
    neg = np.argwhere(D < 0)
    if len(neg):
        i, j = (int(v) for v in neg[0])
        raise ValueError(
            f"A precomputed dissimilarity matrix {name} must be non-negative; "
            f"{name}[{i}, {j}] = {D[i, j]:.6g}."
        )
    diag = np.abs(np.diagonal(D))
    if diag.size and diag.max() > rtol * scale:
        i = int(np.argmax(diag))
        raise ValueError(
            f"A precomputed dissimilarity matrix {name} must have a zero diagonal; "
            f"{name}[{i}, {i}] = {D[i, i]:.6g}."
        )
    asym = np.abs(D - D.T)
    worst = float(asym.max()) if asym.size else 0.0
    if worst > rtol * scale:
        i, j = np.unravel_index(int(np.argmax(asym)), asym.shape)
        raise ValueError(
            f"A precomputed dissimilarity matrix {name} must be symmetric; the largest "
            f"asymmetry is |{name}[{i}, {j}] - {name}[{j}, {i}]| = {worst:.6g} "
            f"(more than round-off, {rtol:g} of the largest entry)."
        )
    out = (D + D.T) / 2
    np.fill_diagonal(out, 0)
    return np.ascontiguousarray(out)


# ---------------------------------------------------------------------------
# Threads
# ---------------------------------------------------------------------------


def _available_cpus() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    # Containers often cap CPU time below the visible cores (cgroup v2 quota).
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()
        if quota != "max":
            n = min(n, max(1, int(int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


def resolve_n_jobs(n_jobs: int | None) -> int:
    """Thread count for the core, with scikit-learn's meaning of `n_jobs`.

    None: OMP_NUM_THREADS if set, else every available CPU (affinity and container
    quota respected). -1: every available CPU; -2 all but one, and so on. 0 is an
    error. The core is compiled without OpenMP on some builds; it then runs one
    thread whatever this returns.
    """
    cpus = _available_cpus()
    if n_jobs is None:
        env = os.environ.get("OMP_NUM_THREADS", "")
        try:
            value = int(env.split(",")[0])
        except ValueError:
            value = 0
        return value if value >= 1 else cpus
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise ValueError(f"n_jobs must be None or a nonzero int; got {n_jobs!r}.")
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 or a positive int.")
    if n_jobs < 0:
        return max(1, cpus + 1 + int(n_jobs))
    return int(n_jobs)


# ---------------------------------------------------------------------------
# Memory planning
# ---------------------------------------------------------------------------


def _available_memory() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 1 << 62


def memory_limit() -> int:
    """Bytes an estimator may plan to allocate.

    LOWDIM_MAX_MEMORY (bytes, or with a K/M/G/T suffix) when set, otherwise the
    memory the operating system reports as available now.
    """
    env = os.environ.get("LOWDIM_MAX_MEMORY", "").strip()
    if env:
        units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
        mult = units.get(env[-1].upper(), 1)
        digits = env[:-1] if env[-1].upper() in units else env
        try:
            limit = int(float(digits) * mult)
        except ValueError:
            limit = 0
        if limit <= 0:
            raise ValueError(
                f"LOWDIM_MAX_MEMORY={env!r} is not a positive size; use bytes or "
                "e.g. 8G."
            )
        return limit
    return _available_memory()


def _human(n_bytes: float) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= size:
            return f"{n_bytes / size:.1f} {unit}"
    return f"{n_bytes:.0f} bytes"


def check_memory(n_bytes: float, what: str) -> None:
    """Refuses, before any allocation, work that needs more than `memory_limit()`."""
    limit = memory_limit()
    if n_bytes > limit:
        raise MemoryError(
            f"{what} needs about {_human(n_bytes)}, more than the {_human(limit)} "
            "available; use fewer samples, float32 input, or raise LOWDIM_MAX_MEMORY "
            "if more memory is really there."
        )


def square_matrix_bytes(n: int, dtype: Any, count: float = 1.0) -> float:
    """Bytes of `count` n x n matrices of `dtype`."""
    return float(count) * n * n * np.dtype(dtype).itemsize


def check_n_components(
    n_components: int, limit: int, rule: str, estimator: Any
) -> None:
    """n_components must not exceed what the data allows."""
    if n_components > limit:
        raise ValueError(
            f"{type(estimator).__name__}: n_components={n_components} is larger than "
            f"{rule} = {limit}; ask for at most {limit}."
        )


def check_n_neighbors(n_neighbors: int, n_samples: int, caller: Any) -> None:
    """k nearest neighbours, not counting the point itself, need k <= n_samples - 1.

    `caller` (an estimator, or a function's name) starts the message.
    """
    who = caller if isinstance(caller, str) else type(caller).__name__
    if n_neighbors > n_samples - 1:
        raise ValueError(
            f"{who}: n_neighbors={n_neighbors} is too large for "
            f"{n_samples} samples; neighbours are counted without the point itself, so "
            f"n_neighbors must be <= n_samples - 1 = {n_samples - 1}."
        )


def seed_from(random_state: Any) -> int:
    """A 64-bit seed for the core drawn from `random_state` (sklearn semantics)."""
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    return int(rng.randint(0, 2**31 - 1)) * (2**32) + int(rng.randint(0, 2**31 - 1))
