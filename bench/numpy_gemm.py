"""NumPy's X @ Y.T (OpenBLAS) at n x d, the rate the C++ GEMM figures are set against.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/numpy_gemm.py

Run it without the OpenBLAS work-around variables (see bench/README.md): they pin
an older kernel. The kernel OpenBLAS picked is printed beside the rates.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def rate(X: np.ndarray, Y: np.ndarray, reps: int) -> tuple[float, float]:
    X @ Y.T  # warm-up: thread start-up and page faults
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        X @ Y.T
        ts.append(time.perf_counter() - t0)
    med = float(np.median(ts))
    return med, 2.0 * X.shape[0] * Y.shape[0] * X.shape[1] / med * 1e-9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=8000)
    ap.add_argument("--d", type=int, default=784)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    env = {v: os.environ.get(v) for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    for dtype in (np.float64, np.float32):
        X = rng.random((args.n, args.d)).astype(dtype)
        # Y distinct from X: X @ X.T would take BLAS's symmetric (syrk) path.
        Y = rng.random((args.n, args.d)).astype(dtype)
        for th in sorted({1, args.threads}):
            with threadpool_limits(limits=th):
                med, gf = rate(X, Y, args.reps)
            print(
                json.dumps(
                    {
                        "what": "numpy X @ Y.T",
                        "dtype": np.dtype(dtype).name,
                        "n": args.n,
                        "d": args.d,
                        "threads": th,
                        "median_s": round(med, 4),
                        "gflops": round(gf, 1),
                    }
                )
            )
        with threadpool_limits(limits=args.threads):
            med, gf = rate(X, X, args.reps)
        # Same flops counted as the general product, so the syrk saving shows.
        print(
            json.dumps(
                {
                    "what": "numpy X @ X.T (syrk)",
                    "dtype": np.dtype(dtype).name,
                    "n": args.n,
                    "d": args.d,
                    "threads": args.threads,
                    "median_s": round(med, 4),
                    "gflops_equiv": round(gf, 1),
                }
            )
        )
    print(
        json.dumps(
            {
                "blas": [
                    {
                        k: p.get(k)
                        for k in (
                            "internal_api",
                            "version",
                            "architecture",
                            "num_threads",
                        )
                    }
                    for p in blas
                ],
                "env": env,
            }
        )
    )


if __name__ == "__main__":
    main()
