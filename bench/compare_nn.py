"""lowdim's Autoencoder and VAE beside the same networks in PyTorch, on the CPU.

Seconds per epoch and the training loss after the same number of epochs, for each
case of the speed targets, in one run. Both sides train the same architecture
(layer sizes, activations, Glorot uniform / He normal initial weights and zero
biases), on the same float32 data, with the same batch size, reshuffled every epoch,
the same loss and Adam with the same lr / betas / eps, on the same number of
threads. Each (case, library) runs in a fresh subprocess, so that the two OpenMP
runtimes (PyTorch ships its own) never share a process or keep threads spinning
beside the other's; only that library is imported there.

    python bench/compare_nn.py                 # full run, writes bench/results/
    python bench/compare_nn.py --quick         # about a minute, no files
    python bench/compare_nn.py --cases vae-784 --epochs 5 --threads 1

PyTorch is a bench-only dependency: ``pip install .[bench]`` (torch==2.13.0).
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
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare import cpu_description  # bench/ is this script's folder

HERE = Path(__file__).resolve().parent
RESULT_TAG = "@@RESULT "
SEED = 0


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    data: str  # "digits" or "synthetic"
    variational: bool
    hidden: tuple[int, ...]
    n_components: int
    activation: str
    batch_size: int
    epochs: int  # full run
    quick_epochs: int
    target: float  # lowdim must be at least this many times faster
    torch_ref_s: float  # PyTorch's seconds per epoch quoted in the issue

    def layers(self, d: int) -> str:
        if self.variational:
            sizes = [d, *self.hidden, self.n_components]
        else:
            sizes = [d, *self.hidden, self.n_components, *self.hidden[::-1], d]
        return "-".join(str(s) for s in sizes)


CASES = {
    c.name: c
    for c in [
        Case("ae-digits", "digits", False, (32,), 2, "tanh", 32, 60, 10, 5.0, 0.034),
        Case("vae-digits", "digits", True, (32,), 2, "relu", 32, 60, 10, 5.0, 0.049),
        Case(
            "ae-784-b256", "synthetic", False, (256,), 32, "tanh", 256, 12, 3, 1.0, 0.50
        ),
        Case(
            "ae-784-b64", "synthetic", False, (256,), 32, "tanh", 64, 12, 3, 1.2, 1.16
        ),
        Case("vae-784", "synthetic", True, (400,), 20, "relu", 128, 12, 3, 1.0, 1.29),
    ]
}


def load_data(kind: str):
    import numpy as np

    if kind == "digits":
        from sklearn.datasets import load_digits

        return (load_digits().data / 16.0).astype(np.float32)
    # 20000 x 784 in [0, 1] with rank-10 structure: a sigmoid of a rank-10 product,
    # plus a little uniform noise, clipped. Fixed seed, so both sides get the same.
    rng = np.random.default_rng(12345)
    n, d, r = 20000, 784, 10
    Z = rng.standard_normal((n, r))
    W = rng.standard_normal((r, d)) / np.sqrt(r)
    X = 1.0 / (1.0 + np.exp(-2.0 * (Z @ W)))
    X += rng.uniform(-0.05, 0.05, size=X.shape)
    return np.clip(X, 0.0, 1.0).astype(np.float32)


# --------------------------------------------------------------------------------------
# The two implementations (each runs inside its own subprocess)
# --------------------------------------------------------------------------------------


def run_lowdim(case: Case, epochs: int, threads: int) -> dict:
    import numpy as np

    import lowdim
    from lowdim import VAE, Autoencoder

    X = load_data(case.data)
    # validation_fraction=0: every sample trains, as in the PyTorch loop; tol=0 with
    # a patience of `epochs` means early stopping cannot end the run before the last
    # epoch, so both sides do the same number of steps.
    common = dict(
        hidden_layer_sizes=case.hidden,
        activation=case.activation,
        optimizer="adam",
        learning_rate=1e-3,
        batch_size=case.batch_size,
        max_epochs=epochs,
        validation_fraction=0.0,
        n_iter_no_change=epochs,
        tol=0.0,
        random_state=SEED,
        n_jobs=threads,
    )
    if case.variational:
        est = VAE(case.n_components, likelihood="bernoulli", beta=1.0, **common)
    else:
        est = Autoencoder(case.n_components, loss="mse", **common)

    stamps: list[float] = []

    def on_epoch(report: dict) -> bool:
        stamps.append(time.perf_counter())
        return False

    t0 = time.perf_counter()
    est.fit(X, callback=on_epoch)
    t_end = time.perf_counter()
    assert est.n_epochs_ == epochs, est.n_epochs_
    per_epoch = np.diff([t0, *stamps]).tolist()
    info = lowdim.info()
    return {
        "epoch_s": per_epoch,
        "fit_s": t_end - t0,
        "loss_curve": [float(v) for v in est.loss_curve_],
        "version": f"lowdim {info['version']} ({info['compiler']}, {info['simd']})",
    }


def run_torch(case: Case, epochs: int, threads: int, adam: str) -> dict:
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    X = torch.from_numpy(load_data(case.data))
    n, d = X.shape
    k = case.n_components

    def act() -> nn.Module:
        return nn.Tanh() if case.activation == "tanh" else nn.ReLU()

    def chain(sizes: list[int]) -> nn.Sequential:
        # Activation between layers, none after the last (the code layer of the
        # autoencoder, the posterior parameters and the logits of the VAE), as in
        # lowdim; output_activation="identity" for the autoencoder.
        mods: list[nn.Module] = []
        for i in range(len(sizes) - 1):
            lin = nn.Linear(sizes[i], sizes[i + 1])
            last = i == len(sizes) - 2
            # lowdim: He normal before ReLU, Glorot uniform otherwise; zero biases.
            if not last and case.activation == "relu":
                nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            else:
                nn.init.xavier_uniform_(lin.weight)
            nn.init.zeros_(lin.bias)
            mods.append(lin)
            if not last:
                mods.append(act())
        return nn.Sequential(*mods)

    h = list(case.hidden)
    if case.variational:
        encoder = chain([d, *h, 2 * k])
        decoder = chain([k, *h[::-1], d])
    else:
        encoder = chain([d, *h, k])
        decoder = chain([k, *h[::-1], d])
    model = nn.Sequential(encoder, decoder)
    opt_kw: dict[str, Any] = {}
    if adam == "fused":
        opt_kw["fused"] = True
    elif adam == "foreach":
        opt_kw["foreach"] = True
    opt = torch.optim.Adam(
        model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **opt_kw
    )
    bce = nn.BCEWithLogitsLoss(reduction="sum")

    def batch_loss(xb: torch.Tensor) -> torch.Tensor:
        if not case.variational:
            return nn.functional.mse_loss(decoder(encoder(xb)), xb)
        # The same loss as lowdim's VAE: Bernoulli cross-entropy from logits summed
        # over features, plus the KL to N(0, I), both averaged over samples; the
        # log-variances clipped to [-20, 20].
        hb = encoder(xb)
        mu, log_var = hb[:, :k], hb[:, k:].clamp(-20.0, 20.0)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        rows = xb.shape[0]
        rec = bce(decoder(z), xb) / rows
        kl = 0.5 * (mu.square() + log_var.exp() - 1.0 - log_var).sum() / rows
        return rec + kl

    gen = torch.Generator().manual_seed(SEED)
    bs = case.batch_size
    per_epoch, curve = [], []
    t0 = time.perf_counter()
    for _ in range(epochs):
        t_ep = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for start in range(0, n, bs):
            xb = X[perm[start : start + bs]]
            opt.zero_grad(set_to_none=True)
            loss = batch_loss(xb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        per_epoch.append(time.perf_counter() - t_ep)
        curve.append(total / n)
    t_end = time.perf_counter()
    return {
        "epoch_s": per_epoch,
        "fit_s": t_end - t0,
        "loss_curve": curve,
        "version": f"torch {torch.__version__} (numpy {np.__version__})",
        "torch_parallel": torch.__config__.parallel_info(),
    }


def child(args: argparse.Namespace) -> None:
    from threadpoolctl import threadpool_limits

    case = CASES[args.child_case]
    with threadpool_limits(limits=args.threads):
        if args.child_impl == "lowdim":
            res = run_lowdim(case, args.epochs_override, args.threads)
        else:
            res = run_torch(case, args.epochs_override, args.threads, args.torch_adam)
    print(RESULT_TAG + json.dumps(res), flush=True)


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------


def cpu_busy_seconds() -> float:
    """CPU-seconds spent busy by the whole machine since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    ticks = [int(x) for x in fields]
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait.
    busy = sum(ticks[:8]) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def foreign_load(interval: float = 1.0) -> float:
    """CPUs kept busy by other processes over `interval` seconds while we sleep."""
    b0, t0 = cpu_busy_seconds(), time.perf_counter()
    time.sleep(interval)
    return (cpu_busy_seconds() - b0) / (time.perf_counter() - t0)


def wait_for_quiet(limit: float, max_wait: float) -> float:
    """Waits (up to max_wait seconds) until other processes use under `limit` CPUs;
    returns the last measurement."""
    deadline = time.monotonic() + max_wait
    while True:
        load = foreign_load()
        if load < limit or time.monotonic() >= deadline:
            return load
        print(f"  waiting: other processes keep {load:.2f} CPUs busy", file=sys.stderr)
        time.sleep(4.0)


def spawn(case: Case, impl: str, epochs: int, args: argparse.Namespace) -> dict:
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(args.threads)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child-case",
        case.name,
        "--child-impl",
        impl,
        "--epochs-override",
        str(epochs),
        "--threads",
        str(args.threads),
        "--torch-adam",
        args.torch_adam,
    ]
    quiet = wait_for_quiet(args.quiet_below, args.max_wait)
    busy0, child0, t0 = cpu_busy_seconds(), children_cpu_seconds(), time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    # What the machine did beyond the child's own CPU time: other people's work,
    # which steals cycles from a 2-thread run and stalls its fork-joins.
    foreign = (cpu_busy_seconds() - busy0 - (children_cpu_seconds() - child0)) / wall
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            res = json.loads(line[len(RESULT_TAG) :])
            res["foreign_cpus_before"] = quiet
            res["foreign_cpus_during"] = max(0.0, foreign)
            return res
    raise RuntimeError(
        f"{case.name}/{impl} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
    )


def median(xs: list[float]) -> float:
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else 0.5 * (s[m - 1] + s[m])


def summarise(case: Case, epochs: int, lo: dict, to: dict, d: int) -> dict:
    # The first epoch carries one-off costs (buffers, input checks, lazy set-up on
    # both sides); the median over the others is what a long run pays per epoch.
    lo_s = median(lo["epoch_s"][1:] or lo["epoch_s"])
    to_s = median(to["epoch_s"][1:] or to["epoch_s"])
    lo_loss, to_loss = lo["loss_curve"][-1], to["loss_curve"][-1]
    speedup = to_s / lo_s
    return {
        "case": case.name,
        "layers": case.layers(d),
        "kind": "VAE" if case.variational else "Autoencoder",
        "activation": case.activation,
        "batch_size": case.batch_size,
        "epochs": epochs,
        "lowdim_s_per_epoch": lo_s,
        "torch_s_per_epoch": to_s,
        "speedup": speedup,
        "target_speedup": case.target,
        "met": speedup >= case.target,
        "issue_torch_s_per_epoch": case.torch_ref_s,
        "lowdim_loss": lo_loss,
        "torch_loss": to_loss,
        "loss_rel_diff": (lo_loss - to_loss) / abs(to_loss),
        "loss_ok": abs(lo_loss - to_loss) <= 0.05 * abs(to_loss),
        "foreign_cpus_during": max(
            lo["foreign_cpus_during"], to["foreign_cpus_during"]
        ),
        "lowdim": lo,
        "torch": to,
    }


def machine() -> dict:
    cpu, flags = cpu_description()
    return {
        "cpu": cpu,
        "simd_flags": flags,
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def write_results(out: dict, stem: Path) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(out, indent=1) + "\n")
    stem.with_suffix(".md").write_text(markdown(out))


def markdown(out: dict) -> str:
    m = out["machine"]
    lines = [
        f"# lowdim networks vs PyTorch, {out['date']}",
        "",
        f"Machine: {m['cpu']} ({m['simd_flags']}), {m['usable_cpus']} usable CPUs, "
        f"{m['platform']}, Python {m['python']}.",
        f"Versions: {out['versions']['lowdim']}; {out['versions']['torch']}.",
        f"Threads: {out['threads']} for both (PyTorch's Adam: {out['torch_adam']}). "
        "float32 on both sides.",
        f"1-minute load average: {out['load_before'][0]:.2f} before, "
        f"{out['load_after'][0]:.2f} after.",
        "",
        "| case | layers | batch | epochs | lowdim s/epoch | torch s/epoch | "
        "torch/lowdim | target | met | lowdim loss | torch loss | loss diff | "
        "other load |",
        "|" + " --- |" * 13,
    ]
    for r in out["results"]:
        lines.append(
            f"| {r['case']} | {r['kind']} {r['layers']} {r['activation']} | "
            f"{r['batch_size']} | {r['epochs']} | {r['lowdim_s_per_epoch']:.4f} | "
            f"{r['torch_s_per_epoch']:.4f} | {r['speedup']:.2f}x | "
            f">= {r['target_speedup']:g}x | {'yes' if r['met'] else 'NO'} | "
            f"{r['lowdim_loss']:.5g} | {r['torch_loss']:.5g} | "
            f"{100 * r['loss_rel_diff']:+.1f}%{'' if r['loss_ok'] else ' (>5%)'} | "
            f"{r['foreign_cpus_during']:.2f} |"
        )
    lines += [
        "",
        "Seconds per epoch: median over the epochs after the first, wall clock. Loss: "
        "mean training loss over the last epoch (per entry for the autoencoder, per "
        "sample for the VAE), the same definition on both sides. Other load: CPUs "
        "kept busy by other processes during the slower of the two runs (busy time "
        "from /proc/stat less the runs' own CPU time, over their wall time); above "
        "about 0.2 the 2-thread times of both sides are inflated.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="few epochs, no files")
    p.add_argument("--cases", default=",".join(CASES), help="comma-separated")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--epochs", type=int, help="epochs for every case")
    p.add_argument(
        "--torch-adam",
        choices=("default", "foreach", "fused"),
        default="default",
        help="PyTorch's Adam implementation (default: what Adam() picks on the CPU)",
    )
    p.add_argument(
        "--quiet-below",
        type=float,
        default=0.3,
        help="before each run, wait until other processes use fewer CPUs than this",
    )
    p.add_argument("--max-wait", type=float, default=300.0, help="seconds, per run")
    p.add_argument("--out", help="result stem (default bench/results/nn-<date>)")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--child-case", help=argparse.SUPPRESS)
    p.add_argument("--child-impl", help=argparse.SUPPRESS)
    p.add_argument("--epochs-override", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child_case:
        child(args)
        return

    names = [c for c in args.cases.split(",") if c]
    for c in names:
        if c not in CASES:
            p.error(f"unknown case {c!r}; choose from {', '.join(CASES)}")
    load_before = os.getloadavg()
    if load_before[0] > 1.5 * max(1, args.threads) / 2:
        print(
            f"warning: 1-minute load average {load_before[0]:.2f}; other work on the "
            "machine distorts multi-threaded timings",
            file=sys.stderr,
        )
    results, versions = [], {}
    for name in names:
        case = CASES[name]
        epochs = args.epochs or (case.quick_epochs if args.quick else case.epochs)
        d = 64 if case.data == "digits" else 784
        lo = spawn(case, "lowdim", epochs, args)
        to = spawn(case, "torch", epochs, args)
        versions = {"lowdim": lo["version"], "torch": to["version"]}
        r = summarise(case, epochs, lo, to, d)
        results.append(r)
        print(
            f"{name:12s} lowdim {r['lowdim_s_per_epoch']:.4f} s/epoch  torch "
            f"{r['torch_s_per_epoch']:.4f}  ratio {r['speedup']:.2f}x "
            f"(target {case.target:g}x, {'met' if r['met'] else 'MISSED'})  loss "
            f"{r['lowdim_loss']:.5g} vs {r['torch_loss']:.5g} "
            f"({100 * r['loss_rel_diff']:+.1f}%)",
            flush=True,
        )
    out = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "versions": versions,
        "threads": args.threads,
        "torch_adam": args.torch_adam,
        "dtype": "float32",
        "load_before": list(load_before),
        "load_after": list(os.getloadavg()),
        "quick": args.quick,
        "results": results,
    }
    if args.quick or args.no_write:
        print(markdown(out))
        return
    stem = Path(args.out) if args.out else HERE / "results" / f"nn-{out['date']}"
    write_results(out, stem)
    print(f"wrote {stem}.json and {stem}.md")


if __name__ == "__main__":
    main()
