"""The ``lowdim`` command line: ``demo``, ``embed`` and ``info``.

Exit codes: 0 success; 2 bad arguments or bad input (unknown method, unreadable
file, non-finite data, invalid parameter); 1 a failed computation or an internal
error; 130 interrupted (Ctrl-C). Logs and progress go to stderr; stdout carries only
what a command is asked to print (``info``, the demo's closing summary).

Threads: ``--n-jobs`` sets the threads of the core and of BLAS; without it the
core uses OMP_NUM_THREADS when set, else every available CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import logging
import os
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

import lowdim
from lowdim._validation import check_params, resolve_n_jobs

logger = logging.getLogger("lowdim.cli")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

TEXT_DELIMITERS = {".csv": ",", ".txt": None}
FORMATS = (".npy", ".npz", ".csv", ".txt")


class UsageError(Exception):
    """Bad arguments or bad input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    # argparse prints its usage block and exits on its own; raising instead lets
    # main() report every usage error the same way, in one line, without exiting
    # the interpreter of an in-process caller.
    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------------
# Methods and their options
# ---------------------------------------------------------------------------


def estimators() -> dict[str, type]:
    """Estimator classes by their ``--method`` name.

    Returns
    -------
    dict of str to type
        pca, mds, isomap, kpca, diffusion; autoencoder and vae when this build of
        lowdim has them.
    """
    est: dict[str, type] = {
        "pca": lowdim.PCA,
        "mds": lowdim.ClassicalMDS,
        "isomap": lowdim.Isomap,
        "kpca": lowdim.KernelPCA,
        "diffusion": lowdim.DiffusionMap,
    }
    for name, attr in (("autoencoder", "Autoencoder"), ("vae", "VAE")):
        if hasattr(lowdim, attr):
            est[name] = getattr(lowdim, attr)
    return est


def _int_or_float(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _float_or_auto(text: str) -> float | str:
    if text == "auto":
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or 'auto': {text!r}") from None


def _int_tuple(text: str) -> tuple[int, ...]:
    text = text.strip().strip("()")
    try:
        return tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of ints: {text!r}"
        ) from None


@dataclass(frozen=True)
class MethodOption:
    """A command-line option that sets one estimator parameter."""

    flag: str
    param: str
    help: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def dest(self) -> str:
        """Attribute name in the parsed arguments."""
        return "opt_" + self.param


METHOD_OPTIONS = (
    MethodOption(
        "--n-neighbors",
        "n_neighbors",
        "neighbours per point",
        {"type": int, "metavar": "K"},
    ),
    MethodOption(
        "--disconnected",
        "disconnected",
        "'join' (default) or 'raise' when the kNN graph falls apart",
        {"metavar": "POLICY"},
    ),
    MethodOption(
        "--metric",
        "metric",
        "'euclidean', or 'precomputed' when INPUT is a square distance matrix",
        {"metavar": "NAME"},
    ),
    MethodOption(
        "--kernel",
        "kernel",
        "linear, poly, rbf, sigmoid, cosine or precomputed",
        {"metavar": "NAME"},
    ),
    MethodOption("--gamma", "gamma", "kernel coefficient", {"type": float}),
    MethodOption("--degree", "degree", "degree of the poly kernel", {"type": float}),
    MethodOption(
        "--coef0", "coef0", "constant of the poly and sigmoid kernels", {"type": float}
    ),
    MethodOption(
        "--epsilon",
        "epsilon",
        "kernel bandwidth, a float or 'auto'",
        {"type": _float_or_auto},
    ),
    MethodOption(
        "--alpha", "alpha", "density normalisation in [0, 1]", {"type": float}
    ),
    MethodOption("--diffusion-time", "t", "diffusion time t", {"type": float}),
    MethodOption(
        "--eigen-solver", "eigen_solver", "auto, dense or arpack", {"metavar": "NAME"}
    ),
    MethodOption(
        "--svd-solver",
        "svd_solver",
        "auto, full, covariance_eigh or randomized",
        {"metavar": "NAME"},
    ),
    MethodOption(
        "--whiten",
        "whiten",
        "scale the output columns to unit variance",
        {"action": "store_true", "default": None},
    ),
    MethodOption(
        "--hidden-layer-sizes",
        "hidden_layer_sizes",
        "encoder layer sizes, e.g. 64,32",
        {"type": _int_tuple, "metavar": "N,N"},
    ),
    MethodOption(
        "--activation",
        "activation",
        "identity, tanh, relu or sigmoid",
        {"metavar": "NAME"},
    ),
    MethodOption("--loss", "loss", "mse or bce", {"metavar": "NAME"}),
    MethodOption(
        "--likelihood", "likelihood", "bernoulli or gaussian", {"metavar": "NAME"}
    ),
    MethodOption("--beta", "beta", "weight of the KL term", {"type": float}),
    MethodOption(
        "--max-epochs",
        "max_epochs",
        "passes over the data",
        {"type": int, "metavar": "N"},
    ),
    MethodOption(
        "--batch-size", "batch_size", "minibatch size", {"type": int, "metavar": "N"}
    ),
    MethodOption(
        "--learning-rate", "learning_rate", "optimiser step size", {"type": float}
    ),
    MethodOption(
        "--random-state",
        "random_state",
        "seed, for reproducible runs",
        {"type": int, "metavar": "SEED"},
    ),
    MethodOption(
        "--n-jobs",
        "n_jobs",
        "threads for the core and BLAS; -1 every CPU; default "
        "OMP_NUM_THREADS when set, else every CPU",
        {"type": int, "metavar": "N"},
    ),
)


def _params_of(cls: type) -> set[str]:
    return set(inspect.signature(cls.__init__).parameters) - {"self"}


def _applies_to(opt: MethodOption, est: dict[str, type]) -> list[str]:
    return [name for name, cls in est.items() if opt.param in _params_of(cls)]


def build_estimator(args: argparse.Namespace) -> Any:
    """The estimator that ``--method`` and the method options describe.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed ``embed`` arguments.

    Returns
    -------
    estimator
        Unfitted; its parameters are checked when it is fitted.

    Raises
    ------
    UsageError
        Unknown method, or an option that the method does not take.
    """
    est = estimators()
    cls = est.get(args.method)
    if cls is None:
        known = ", ".join(est)
        hint = ""
        if args.method in ("autoencoder", "vae"):
            hint = " (this build of lowdim has no neural-network methods)"
        raise UsageError(f"unknown method {args.method!r}{hint}; choose from {known}")
    accepted = _params_of(cls)
    params: dict[str, Any] = {"n_components": args.n_components}
    for opt in METHOD_OPTIONS:
        value = getattr(args, opt.dest)
        if value is None:
            continue
        if opt.param not in accepted:
            takers = ", ".join(_applies_to(opt, est)) or "no method"
            raise UsageError(
                f"option {opt.flag} does not apply to method {args.method!r} "
                f"(it applies to: {takers})"
            )
        params[opt.param] = value
    estimator = cls(**params)
    # Refuse bad parameter values before reading what may be a large file.
    check_params(estimator)
    return estimator


# ---------------------------------------------------------------------------
# Input and output files
# ---------------------------------------------------------------------------


def _first_data_line(path: Path, delimiter: str | None) -> tuple[int, bool]:
    """Finds the first line that is not blank or a comment.

    Returns its index and whether it is a header (no field of it reads as a number).
    """
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            fields = [v.strip() for v in text.split(delimiter)]
            numeric = 0
            for v in fields:
                try:
                    float(v)
                    numeric += 1
                except ValueError:
                    pass
            # Only a line with no number at all counts as a header, so that a
            # data row with one bad cell is reported rather than silently dropped.
            return i, numeric == 0
    return 0, False


def load_matrix(
    path: str | os.PathLike[str],
    *,
    key: str | None = None,
    skip_header: bool = False,
) -> np.ndarray:
    """Reads a 2-D numeric array from ``.npy``, ``.npz``, ``.csv`` or ``.txt``.

    Parameters
    ----------
    path : str or path-like
    key : str or None, default=None
        Array to take from a ``.npz`` file; None takes the first one.
    skip_header : bool, default=False
        Skip the first line of a text file. Without it, a first line in which no
        field is a number is taken as a header and skipped.

    Returns
    -------
    ndarray of shape (n_samples, n_features)
        Finite values, dtype as stored (text files are read as float64).

    Raises
    ------
    UsageError
        Missing or unreadable file, unknown format, wrong shape or dtype, or a NaN
        or infinite value (named by row and column, counting from 0).
    """
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no such file")
    if p.is_dir():
        raise UsageError(f"{p}: is a directory, not a data file")
    ext = p.suffix.lower()
    if ext not in FORMATS:
        raise UsageError(
            f"{p}: unknown file type {ext or '(none)'!r}; use {', '.join(FORMATS)}"
        )
    try:
        if ext == ".npy":
            A = np.load(p, allow_pickle=False)
        elif ext == ".npz":
            with np.load(p, allow_pickle=False) as z:
                if not z.files:
                    raise UsageError(f"{p}: contains no arrays")
                name = z.files[0] if key is None else key
                if name not in z.files:
                    raise UsageError(
                        f"{p}: no array named {name!r}; it has {', '.join(z.files)}"
                    )
                A = z[name]
        else:
            delim = TEXT_DELIMITERS[ext]
            start, header = _first_data_line(p, delim)
            skip = start + 1 if (skip_header or header) else 0
            if header and not skip_header:
                logger.info("%s: first line is a header; skipped", p)
            with warnings.catch_warnings():
                # An empty file is reported below as an error, not as a warning.
                warnings.simplefilter("ignore", UserWarning)
                A = np.loadtxt(
                    p,
                    delimiter=delim,
                    skiprows=skip,
                    ndmin=2,
                    dtype=np.float64,
                    encoding="utf-8",
                )
    except UsageError:
        raise
    except (OSError, ValueError, EOFError) as exc:
        if "pickle" in str(exc):
            # NumPy's advice to load with allow_pickle is not for untrusted files.
            raise UsageError(
                f"{p}: cannot read as {ext}: not a plain numeric array file (damaged, "
                "or holding pickled Python objects, which are never loaded)"
            ) from None
        raise UsageError(f"{p}: cannot read as {ext}: {_one_line(exc)}") from exc

    if A.dtype.kind not in "biuf":
        raise UsageError(f"{p}: holds {A.dtype} values; need real numbers")
    if A.ndim != 2:
        raise UsageError(
            f"{p}: need a 2-D array (samples x features); got shape {A.shape}"
        )
    if A.size == 0:
        raise UsageError(f"{p}: contains no data (shape {A.shape})")
    if A.dtype.kind == "f":
        bad = ~np.isfinite(A)
        if bad.any():
            r, c = (int(v) for v in np.argwhere(bad)[0])
            what = "NaN" if np.isnan(A[r, c]) else "infinity"
            note = ", header not counted" if ext in TEXT_DELIMITERS else ""
            n_bad = int(bad.sum())
            raise UsageError(
                f"{p}: {what} at row {r}, column {c} (counting from 0{note}; "
                f"{n_bad} non-finite value{'s' if n_bad > 1 else ''} in all); "
                "impute or drop missing data first"
            )
    return A


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_atomic(path: Path, array: np.ndarray) -> None:
    """Writes ``array`` as ``.npy`` to ``path``, atomically.

    The data go to a temporary file in the same folder, which is then renamed, so
    that ``path`` is either the old file or the complete new one, never a partial
    write, and a failure leaves no temporary file behind.

    Parameters
    ----------
    path : Path
        Destination; its folder must exist.
    array : ndarray
        Data to save.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.save(f, array)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; give it the permissions of a normal file.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _check_output(path: Path, flag: str = "--out", suffix: str | None = ".npy") -> None:
    # Checked before fitting, so that a typo costs nothing.
    if suffix is not None and path.suffix.lower() != suffix:
        raise UsageError(
            f"{flag} {path}: the embedding is written as {suffix}; give a file name "
            f"ending in {suffix}"
        )
    if path.is_dir():
        raise UsageError(f"{flag} {path}: is a directory; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"{flag} {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{flag} {path}: folder {parent} is not writable")


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@contextlib.contextmanager
def _threads(n_jobs: int | None) -> Iterator[None]:
    if n_jobs is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    # BLAS calls made by NumPy and SciPy inside the estimators get the same budget.
    with threadpool_limits(limits=resolve_n_jobs(n_jobs), user_api="blas"):
        yield


def cmd_embed(args: argparse.Namespace) -> int:
    """``lowdim embed``: one method on one file, the embedding to ``--out``."""
    est = build_estimator(args)
    out = Path(args.out)
    _check_output(out)
    model = Path(args.save) if args.save else None
    if model is not None:
        if not hasattr(est, "save"):
            raise UsageError(
                f"--save applies only to methods with a trainable model "
                f"(autoencoder, vae), not to {args.method}"
            )
        _check_output(model, flag="--save", suffix=None)
    X = load_matrix(args.input, key=args.key, skip_header=args.skip_header)
    logger.info("read %s: %d x %d %s", args.input, X.shape[0], X.shape[1], X.dtype)
    start = time.perf_counter()
    with _threads(getattr(args, "opt_n_jobs", None)):
        Y = np.asarray(est.fit_transform(X))
    logger.info("%r: %.2f s", est, time.perf_counter() - start)
    if not np.isfinite(Y).all():
        # Never hand a batch script a file that looks like a result but is not.
        raise ArithmeticError(
            f"{type(est).__name__} returned {int((~np.isfinite(Y)).sum())} "
            "non-finite values; nothing was written"
        )
    save_atomic(out, Y)
    logger.info("wrote %s: %d x %d %s", out, Y.shape[0], Y.shape[1], Y.dtype)
    if model is not None:
        est.save(model)  # written atomically as well
        logger.info("saved the model to %s", model)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """``lowdim demo``: every method on the digits and a swiss roll."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(
            "the demo draws its picture with matplotlib, which is not installed; "
            'install the demo extra: pip install "lowdim[demo]"'
        ) from None
    from lowdim import _demo

    registry = _demo.methods()
    only = None
    if args.methods:
        only = [m.strip() for m in args.methods.split(",") if m.strip()]
        unknown = [m for m in only if m not in registry]
        if unknown:
            raise UsageError(
                f"unknown method {unknown[0]!r} in --methods; choose from "
                f"{', '.join(registry)}"
            )
    if args.n_jobs is not None:
        resolve_n_jobs(args.n_jobs)  # refuses 0 before any work is done
    out = Path(args.out)
    start = time.perf_counter()
    logger.info("demo: writing into %s", out)
    with _threads(args.n_jobs):
        results = _demo.run(
            out, max_samples=args.max_samples, n_jobs=args.n_jobs, only=only
        )
    failed = [r for r in results if r.error]
    done = len(results) - len(failed)
    print(f"lowdim demo: {done} embeddings in {time.perf_counter() - start:.1f} s")
    print(f"  table:   {out / 'results.md'} (and results.csv)")
    print(f"  picture: {out / 'embeddings.png'}")
    print(f"  arrays:  {out / '<dataset>_<method>.npy'}")
    if failed:
        print(f"  failed:  {', '.join(f'{r.dataset}/{r.method}' for r in failed)}")
        return EXIT_FAILURE
    return EXIT_OK


def info_lines() -> list[tuple[str, str]]:
    """``key: value`` pairs printed by ``lowdim info``.

    Returns
    -------
    list of (str, str)
        Version, compiler, SIMD level, OpenMP, thread counts, the versions of
        Python and the numerical libraries, and OMP_NUM_THREADS when set.
    """
    import platform

    import scipy
    import sklearn

    d = lowdim.info()
    lines = [("version", str(d.get("version", lowdim.__version__)))]
    for key in ("compiler", "simd", "openmp", "max_threads", "threads_in_use"):
        if key in d:
            lines.append((key, str(d[key])))
    for key in sorted(set(d) - {k for k, _ in lines}):
        lines.append((key, str(d[key])))
    lines.append(("omp_num_threads", os.environ.get("OMP_NUM_THREADS", "(not set)")))
    lines += [
        ("python", platform.python_version()),
        ("numpy", np.__version__),
        ("scipy", scipy.__version__),
        ("scikit-learn", sklearn.__version__),
    ]
    try:
        import matplotlib

        lines.append(("matplotlib", matplotlib.__version__))
    except ImportError:
        lines.append(("matplotlib", '(not installed: pip install "lowdim[demo]")'))
    return lines


def cmd_info(args: argparse.Namespace) -> int:
    """``lowdim info``: build and runtime facts on stdout."""
    for key, value in info_lines():
        print(f"{key}: {value}")
    return EXIT_OK


# ---------------------------------------------------------------------------
# Parser and entry point
# ---------------------------------------------------------------------------


def _option_kwargs(opt: MethodOption) -> dict[str, Any]:
    kwargs = dict(opt.kwargs)
    kwargs.setdefault("default", None)
    if kwargs.get("action") is None:
        kwargs.setdefault("metavar", "X")
    return kwargs


def build_parser() -> argparse.ArgumentParser:
    """The ``lowdim`` argument parser with its three subcommands."""
    common = _Parser(add_help=False)
    level = common.add_mutually_exclusive_group()
    level.add_argument(
        "-v", "--verbose", action="store_true", help="also log debug messages"
    )
    level.add_argument(
        "-q", "--quiet", action="store_true", help="log only warnings and errors"
    )

    parser = _Parser(
        prog="lowdim",
        description="Dimensionality reduction from the command line.",
        epilog="Exit status: 0 success, 2 bad arguments or input, 1 failure, "
        "130 interrupted. Logs go to stderr.",
    )
    parser.add_argument(
        "--version", action="version", version=f"lowdim {lowdim.__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="every method on handwritten digits and a swiss roll",
        description="Runs every method on scikit-learn's handwritten digits and on "
        "a swiss roll; writes the embeddings (.npy), a table of trustworthiness and "
        "time (results.md, results.csv) and one picture (embeddings.png).",
    )
    demo.add_argument(
        "--out",
        default="lowdim-demo",
        metavar="DIR",
        help="output folder (default: %(default)s)",
    )
    demo.add_argument(
        "--methods", metavar="NAME,NAME", help="run only these methods (default: all)"
    )
    demo.add_argument(
        "--n-jobs",
        type=int,
        metavar="N",
        help="threads; default OMP_NUM_THREADS when set, else every CPU",
    )
    # For the test suite: a quick run on the first points of each data set.
    demo.add_argument("--max-samples", type=int, help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)

    est = estimators()
    embed = sub.add_parser(
        "embed",
        parents=[common],
        help="embed the rows of a data file with one method",
        description="Embeds the rows of INPUT (.npy, .npz, .csv or .txt) with one "
        "method and writes the embedding as .npy. An option that the method does "
        "not take is an error.",
    )
    embed.add_argument("input", metavar="INPUT", help="data file, one row per sample")
    embed.add_argument(
        "--method", required=True, metavar="NAME", help=f"one of {', '.join(est)}"
    )
    embed.add_argument(
        "--out",
        required=True,
        metavar="OUT.npy",
        help="output file, written atomically",
    )
    embed.add_argument(
        "--n-components",
        type=_int_or_float,
        default=2,
        metavar="K",
        help="output dimensions (default: %(default)s)",
    )
    embed.add_argument(
        "--save",
        metavar="MODEL",
        help="also write the fitted model (autoencoder, vae), to load later with "
        "lowdim.load",
    )
    embed.add_argument("--key", help="array to read from a .npz (default: the first)")
    embed.add_argument(
        "--skip-header",
        action="store_true",
        help="skip the first line of a .csv or .txt (a first line "
        "with no number in it is skipped anyway)",
    )
    group = embed.add_argument_group(
        "method options", "each applies only to the methods in brackets"
    )
    for opt in METHOD_OPTIONS:
        takers = _applies_to(opt, est)
        if not takers:
            continue
        kwargs = _option_kwargs(opt)
        group.add_argument(
            opt.flag, dest=opt.dest, help=f"{opt.help} [{', '.join(takers)}]", **kwargs
        )
    # Options of methods missing from this build still parse, so that using one
    # is reported as not applying rather than as unknown.
    for opt in METHOD_OPTIONS:
        if not _applies_to(opt, est):
            kwargs = _option_kwargs(opt)
            embed.add_argument(
                opt.flag, dest=opt.dest, help=argparse.SUPPRESS, **kwargs
            )
    embed.set_defaults(func=cmd_embed)

    info = sub.add_parser(
        "info",
        parents=[common],
        help="version, compiler, SIMD, OpenMP and threads",
        description="Prints build and runtime facts as 'key: value' lines.",
    )
    info.set_defaults(func=cmd_info)
    return parser


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.WARNING:
            msg = f"{record.levelname.lower()}: {msg}"
        if record.levelno <= logging.DEBUG:
            msg = f"[{record.name}] {msg}"
        if record.exc_info:
            msg = f"{msg}\n{self.formatException(record.exc_info)}"
        return f"lowdim: {msg}"


@contextlib.contextmanager
def _logging_to_stderr(level: int) -> Iterator[None]:
    """Logs to stderr while a command runs.

    The logging and warning setup is restored afterwards, so that an in-process
    caller (a test, a notebook) keeps its own.
    """
    root = logging.getLogger()
    pkg = logging.getLogger("lowdim")
    saved = (list(root.handlers), root.level, pkg.level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    # Other libraries speak only at WARNING and above; lowdim at the chosen level.
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    pkg.setLevel(level)

    def show(
        message: Any,
        category: type,
        filename: str,
        lineno: int,
        file: Any = None,
        line: Any = None,
    ) -> None:
        logging.getLogger("lowdim.warnings").warning(
            "%s: %s", category.__name__, " ".join(str(message).split())
        )

    try:
        with warnings.catch_warnings():
            # lowdim's warnings are part of the command's report, never errors.
            warnings.simplefilter("default", lowdim.LowdimWarning)
            warnings.showwarning = show
            yield
    finally:
        handler.flush()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        pkg.setLevel(saved[2])


def _error(message: str) -> None:
    print(f"lowdim: error: {message}", file=sys.stderr)


@contextlib.contextmanager
def _noting_interrupts() -> Iterator[Callable[[], bool]]:
    """Keeps Python's Ctrl-C behaviour (KeyboardInterrupt) and remembers that it
    came, for the exit status. Outside the main thread signals cannot be handled
    here, and nothing is changed."""
    import signal
    import threading

    seen = False
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return

    def handler(signum: int, frame: Any) -> None:
        nonlocal seen
        seen = True
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: seen
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the ``lowdim`` command.

    Parameters
    ----------
    argv : sequence of str or None, default=None
        Arguments without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 success, 2 bad arguments or input, 1 failure, 130
        interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK

    level = logging.INFO
    if args.verbose:
        level = logging.DEBUG
    elif args.quiet:
        level = logging.WARNING
    run: Callable[[argparse.Namespace], int] = args.func
    with _logging_to_stderr(level), _noting_interrupts() as interrupted:
        try:
            return run(args)
        except KeyboardInterrupt:
            _error("interrupted")
            return EXIT_INTERRUPTED
        except Exception as exc:
            if interrupted():
                # Ctrl-C inside a library call can come out as another exception
                # (an interrupted read raised TypeError in np.load): still Ctrl-C.
                _error("interrupted")
                return EXIT_INTERRUPTED
            return _report(exc)


def _report(exc: Exception) -> int:
    """One line on stderr for a failed subcommand, and its exit status."""
    if isinstance(exc, UsageError):
        _error(str(exc))
        return EXIT_USAGE
    if isinstance(exc, (ValueError, TypeError, OSError, MemoryError)):
        # lowdim's own checks raise these with a message that names the parameter
        # or the bad cell: that is the whole report.
        logger.debug("traceback of the error below", exc_info=exc)
        _error(_one_line(exc))
        return EXIT_USAGE
    if isinstance(exc, ArithmeticError):
        # The computation itself failed (a diverging training, an eigensolver that
        # did not converge): not bad input, but not a bug either.
        logger.debug("traceback of the error below", exc_info=exc)
        _error(_one_line(exc))
        return EXIT_FAILURE
    traceback.print_exception(type(exc), exc, exc.__traceback__)
    _error(
        f"internal error ({type(exc).__name__}: {_one_line(exc)}); "
        "please report it with the traceback above"
    )
    return EXIT_FAILURE
