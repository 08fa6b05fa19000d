"""The ``lowdim`` command line: embed, demo, info, exit codes and output files."""

from __future__ import annotations

import csv
import logging
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import lowdim
from lowdim import _demo, cli

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_module(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """``python -m lowdim ARGS`` in a fresh interpreter (exit code, stdout, stderr
    as a shell sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "lowdim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    rng = np.random.default_rng(0)
    # Distinct variances, so the principal axes and their signs are well defined.
    return rng.normal(size=(150, 6)) * np.array([6.0, 4.0, 3.0, 2.0, 1.0, 0.5])


def write(path, X: np.ndarray, fmt: str) -> None:
    if fmt == "npy":
        np.save(path, X)
    elif fmt == "npz":
        # The wanted array is not the first one, so --key is what selects it.
        np.savez(path, other=np.zeros((3, 3)), X=X)
    elif fmt == "csv":
        header = ",".join(f"f{j}" for j in range(X.shape[1]))
        np.savetxt(path, X, delimiter=",", fmt="%.17g", header=header, comments="")
    else:
        np.savetxt(path, X, fmt="%.17g")


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------
# embed: results
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["npy", "npz", "csv", "txt"])
def test_embed_pca_equals_estimator(tmp_path, data, fmt, capsys):
    src = tmp_path / f"data.{fmt}"
    write(src, data, fmt)
    out = tmp_path / "emb.npy"
    args = ["embed", str(src), "--method", "pca", "--out", str(out)]
    if fmt == "npz":
        args += ["--key", "X"]
    assert cli.main(args) == 0
    expected = lowdim.PCA(n_components=2).fit_transform(data)
    got = np.load(out)
    assert got.shape == (150, 2)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    captured = capsys.readouterr()
    # Results go to the file only: stdout stays clean for batch scripts.
    assert captured.out == ""


def test_embed_txt_skip_header_option(tmp_path, data):
    src = tmp_path / "data.txt"
    # A header with a number in it is not detected; --skip-header drops it.
    np.savetxt(src, data, fmt="%.17g", header="run 7", comments="")
    out = tmp_path / "emb.npy"
    args = ["embed", str(src), "--method", "pca", "--out", str(out)]
    assert cli.main(args) == 2
    assert not out.exists()
    assert cli.main(args + ["--skip-header"]) == 0
    np.testing.assert_allclose(
        np.load(out), lowdim.PCA(2).fit_transform(data), rtol=0, atol=1e-12
    )


def test_embed_method_options_reach_the_estimator(tmp_path, data):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    code = cli.main(
        [
            "embed",
            str(src),
            "--method",
            "isomap",
            "--n-neighbors",
            "8",
            "--n-components",
            "3",
            "--n-jobs",
            "1",
            "--out",
            str(out),
            "-q",
        ]
    )
    assert code == 0
    expected = lowdim.Isomap(n_neighbors=8, n_components=3, n_jobs=1).fit_transform(
        data
    )
    np.testing.assert_allclose(np.load(out), expected, rtol=0, atol=1e-10)


def test_embed_float_n_components_for_pca(tmp_path, data):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    assert (
        cli.main(
            [
                "embed",
                str(src),
                "--method",
                "pca",
                "--n-components",
                "0.9",
                "--whiten",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    expected = lowdim.PCA(n_components=0.9, whiten=True).fit_transform(data)
    np.testing.assert_allclose(np.load(out), expected, rtol=0, atol=1e-12)


def test_embed_float32_stays_float32(tmp_path, data):
    src = tmp_path / "data.npy"
    np.save(src, data.astype(np.float32))
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "mds", "--out", str(out)]) == 0
    assert np.load(out).dtype == np.float32


def test_lowdim_warnings_are_logged_not_raised(tmp_path, capsys):
    # Dissimilarities that break the triangle inequality: classical MDS warns
    # about a negative eigenvalue and still succeeds.
    D = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 3.0], [1.0, 3.0, 0.0]])
    src = tmp_path / "d.csv"
    np.savetxt(src, D, delimiter=",")
    out = tmp_path / "emb.npy"
    code = cli.main(
        [
            "embed",
            str(src),
            "--method",
            "mds",
            "--metric",
            "precomputed",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: NegativeEigenvalueWarning" in err
    assert np.load(out).shape == (3, 2)


# ---------------------------------------------------------------------------
# embed: failures
# ---------------------------------------------------------------------------


def test_unknown_method_exit_2_one_line(tmp_path, data):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    r = run_module("embed", str(src), "--method", "tsne", "--out", str(out))
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("lowdim: error:")
    assert "'tsne'" in lines[0] and "isomap" in lines[0]
    assert leftovers(tmp_path) == ["data.npy"]


def test_nan_input_names_row_and_column(tmp_path, data, capsys):
    bad = data.copy()
    bad[17, 4] = np.nan
    src = tmp_path / "data.csv"
    np.savetxt(src, bad, delimiter=",")
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "pca", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("lowdim: error:")
    assert "NaN at row 17, column 4" in err[-1]
    assert not out.exists()


def test_infinity_in_npy_is_refused(tmp_path, data, capsys):
    bad = data.copy()
    bad[3, 0] = np.inf
    src = tmp_path / "data.npy"
    np.save(src, bad)
    assert (
        cli.main(
            ["embed", str(src), "--method", "pca", "--out", str(tmp_path / "o.npy")]
        )
        == 2
    )
    assert "infinity at row 3, column 0" in capsys.readouterr().err


def test_missing_file_exit_2(tmp_path, capsys):
    out = tmp_path / "emb.npy"
    code = cli.main(
        ["embed", str(tmp_path / "nope.npy"), "--method", "pca", "--out", str(out)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "nope.npy: no such file" in err
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"1,2,3\n4,x,6\n", "bad.csv", "cannot read as .csv"),
        (b"1,2,3\n4,5\n", "ragged.csv", "cannot read as .csv"),
        (b"", "empty.txt", "contains no data"),
        (b"not a numpy file", "junk.npy", "cannot read as .npy"),
        (b"1 2 3\n", "data.json", "unknown file type '.json'"),
    ],
    ids=["bad-cell", "ragged", "empty", "junk-npy", "unknown-ext"],
)
def test_unreadable_input_exit_2(tmp_path, capsys, content, name, message):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "pca", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1]
    assert not out.exists()


def test_wrong_shape_and_missing_npz_key(tmp_path, capsys):
    one_d = tmp_path / "v.npy"
    np.save(one_d, np.arange(5.0))
    assert (
        cli.main(
            ["embed", str(one_d), "--method", "pca", "--out", str(tmp_path / "o.npy")]
        )
        == 2
    )
    assert "need a 2-D array" in capsys.readouterr().err
    z = tmp_path / "z.npz"
    np.savez(z, a=np.ones((4, 2)))
    assert (
        cli.main(
            [
                "embed",
                str(z),
                "--key",
                "b",
                "--method",
                "pca",
                "--out",
                str(tmp_path / "o.npy"),
            ]
        )
        == 2
    )
    assert "no array named 'b'; it has a" in capsys.readouterr().err


@pytest.mark.parametrize(
    "method, option",
    [
        ("pca", ["--gamma", "0.1"]),
        ("isomap", ["--kernel", "rbf"]),
        ("kpca", ["--whiten"]),
        ("pca", ["--n-neighbors", "5"]),
    ],
    ids=["pca-gamma", "isomap-kernel", "kpca-whiten", "pca-n-neighbors"],
)
def test_option_not_for_method_exit_2(tmp_path, data, capsys, method, option):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    code = cli.main(["embed", str(src), "--method", method, *option, "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"option {option[0]} does not apply to method {method!r}" in err[0]
    assert not out.exists()


@pytest.mark.parametrize(
    "option, words",
    [
        (["--method", "isomap", "--n-neighbors", "0"], "'n_neighbors'"),
        (["--method", "kpca", "--kernel", "gauss"], "'kernel'"),
        (["--method", "diffusion", "--alpha", "2"], "'alpha'"),
        (["--method", "mds", "--n-jobs", "0"], "'n_jobs'"),
        (["--method", "pca", "--n-components", "many"], "--n-components"),
    ],
    ids=["n_neighbors", "kernel", "alpha", "n_jobs", "n_components"],
)
def test_invalid_parameter_exit_2_names_it(tmp_path, data, capsys, option, words):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), *option, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    # Parameters are checked before the file is read: the error is all there is.
    assert len(err) == 1 and err[0].startswith("lowdim: error:")
    assert words in err[0]
    assert not out.exists()


def test_failed_fit_leaves_old_output_and_no_temp_file(tmp_path, capsys):
    # Two far-apart clusters: the 3-NN graph is disconnected and Isomap refuses.
    X = np.vstack([np.zeros((5, 2)), np.full((5, 2), 100.0)])
    X += np.random.default_rng(1).normal(scale=0.1, size=X.shape)
    src = tmp_path / "data.npy"
    np.save(src, X)
    out = tmp_path / "emb.npy"
    np.save(out, np.arange(3.0))
    code = cli.main(
        [
            "embed",
            str(src),
            "--method",
            "isomap",
            "--n-neighbors",
            "3",
            "--disconnected",
            "raise",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert "connected components" in capsys.readouterr().err
    np.testing.assert_array_equal(np.load(out), np.arange(3.0))
    assert leftovers(tmp_path) == ["data.npy", "emb.npy"]


def test_output_folder_must_exist(tmp_path, data, capsys):
    src = tmp_path / "data.npy"
    np.save(src, data)
    code = cli.main(
        [
            "embed",
            str(src),
            "--method",
            "pca",
            "--out",
            str(tmp_path / "no" / "emb.npy"),
        ]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def assert_embed_interrupted(tmp_path, data, capsys):
    """`lowdim embed` exits 130, says so, and leaves no output behind."""
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "mds", "--out", str(out)]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert leftovers(tmp_path) == ["data.npy"]


def test_interrupt_exit_130_and_no_output(tmp_path, data, monkeypatch, capsys):
    def interrupted(self, X, y=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(lowdim.ClassicalMDS, "fit_transform", interrupted)
    assert_embed_interrupted(tmp_path, data, capsys)


def test_ctrl_c_that_a_library_turns_into_another_error_still_exits_130(
    tmp_path, data, monkeypatch, capsys
):
    # An interrupted read inside np.load came out as TypeError, which read as bad
    # input (exit 2). A real SIGINT, then the library's own exception.
    def read_interrupted(*args, **kwargs):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except KeyboardInterrupt:
            raise TypeError("expected str, bytes or os.PathLike object") from None

    monkeypatch.setattr(np, "load", read_interrupted)
    assert_embed_interrupted(tmp_path, data, capsys)


def test_internal_error_exit_1_with_traceback(tmp_path, data, monkeypatch, capsys):
    def broken(self, X, y=None):
        raise RuntimeError("core state corrupted")

    monkeypatch.setattr(lowdim.ClassicalMDS, "fit_transform", broken)
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "mds", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "internal error (RuntimeError: core state corrupted)" in err
    assert not out.exists()


def test_non_finite_embedding_exit_1_and_no_output(tmp_path, data, monkeypatch, capsys):
    def diverged(self, X, y=None):
        return np.full((len(X), 2), np.nan)

    monkeypatch.setattr(lowdim.ClassicalMDS, "fit_transform", diverged)
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    assert cli.main(["embed", str(src), "--method", "mds", "--out", str(out)]) == 1
    assert "300 non-finite values; nothing was written" in capsys.readouterr().err
    assert leftovers(tmp_path) == ["data.npy"]


def test_verbose_shows_the_traceback_of_a_usage_error(tmp_path, data, capsys):
    src = tmp_path / "data.npy"
    np.save(src, data)
    assert (
        cli.main(
            [
                "embed",
                str(src),
                "--method",
                "pca",
                "--svd-solver",
                "bogus",
                "--out",
                str(tmp_path / "o.npy"),
                "-v",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.strip().splitlines()[-1].startswith("lowdim: error: PCA: parameter")


def test_embed_success_prints_nothing_on_stdout(tmp_path, data):
    src = tmp_path / "data.npy"
    np.save(src, data)
    out = tmp_path / "emb.npy"
    r = run_module(
        "embed",
        str(src),
        "--method",
        "kpca",
        "--kernel",
        "rbf",
        "--gamma",
        "0.05",
        "--out",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert "wrote" in r.stderr
    expected = lowdim.KernelPCA(2, kernel="rbf", gamma=0.05).fit_transform(data)
    np.testing.assert_allclose(np.load(out), expected, rtol=0, atol=1e-10)
    assert leftovers(tmp_path) == ["data.npy", "emb.npy"]


def test_main_restores_the_callers_logging(tmp_path, data):
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    src = tmp_path / "data.npy"
    np.save(src, data)
    cli.main(["embed", str(src), "--method", "pca", "--out", str(tmp_path / "o.npy")])
    assert (list(root.handlers), root.level) == before


# ---------------------------------------------------------------------------
# info, version, usage
# ---------------------------------------------------------------------------


def test_info_prints_key_value_lines():
    r = run_module("info")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    pairs = dict(line.split(": ", 1) for line in r.stdout.strip().splitlines())
    for key in (
        "version",
        "compiler",
        "simd",
        "openmp",
        "threads_in_use",
        "numpy",
        "scipy",
        "scikit-learn",
    ):
        assert key in pairs, r.stdout
    assert pairs["version"] == lowdim.__version__
    assert int(pairs["threads_in_use"]) >= 1


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"lowdim {lowdim.__version__}"


def test_no_command_is_a_usage_error(capsys):
    assert cli.main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lowdim: error:")


# ---------------------------------------------------------------------------
# demo
# ---------------------------------------------------------------------------


def test_demo_quick_run_writes_table_arrays_and_picture(tmp_path, capsys):
    out = tmp_path / "demo"
    code = cli.main(
        ["demo", "--out", str(out), "--max-samples", "250", "--n-jobs", "1"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    names = list(_demo.methods())
    with open(out / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 * len(names)
    assert {r["dataset"] for r in rows} == {"digits", "swiss_roll"}
    for r in rows:
        assert r["error"] == ""
        assert 0.5 < float(r["trustworthiness"]) <= 1.0, r
        assert float(r["seconds"]) >= 0
        assert "n_components=2" in r["parameters"]
    md = (out / "results.md").read_text()
    assert md.count("\n| digits |") == len(names)
    for ds in ("digits", "swiss_roll"):
        for name in names:
            Y = np.load(out / f"{ds}_{name}.npy")
            assert Y.shape == (250, 2) and np.isfinite(Y).all()
    png = (out / "embeddings.png").read_bytes()
    assert png[:8] == PNG_SIGNATURE and len(png) > 10_000
    # Only the summary on stdout, pointing at the files; progress on stderr.
    assert "results.md" in captured.out and "embeddings.png" in captured.out
    assert len(captured.out.strip().splitlines()) <= 6
    assert "trustworthiness" in captured.err


def test_demo_pca_and_mds_agree_up_to_sign(tmp_path):
    # On Euclidean data classical MDS is PCA; the demo's saved arrays must show it.
    out = tmp_path / "demo"
    assert (
        cli.main(
            [
                "demo",
                "--out",
                str(out),
                "--max-samples",
                "200",
                "--methods",
                "pca,mds",
                "--n-jobs",
                "1",
                "-q",
            ]
        )
        == 0
    )
    P = np.load(out / "digits_pca.npy")
    M = np.load(out / "digits_mds.npy")
    for c in range(2):
        s = np.sign(P[:, c] @ M[:, c])
        np.testing.assert_allclose(P[:, c], s * M[:, c], atol=1e-8 * np.abs(P).max())


def test_demo_without_matplotlib_names_the_extra(tmp_path, monkeypatch, capsys):
    # None in sys.modules makes "import matplotlib" raise ImportError.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / "demo"
    assert cli.main(["demo", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert 'pip install "lowdim[demo]"' in err
    assert not out.exists()


def test_demo_unknown_method_in_subset(tmp_path, capsys):
    assert cli.main(["demo", "--out", str(tmp_path / "d"), "--methods", "umap"]) == 2
    assert "'umap'" in capsys.readouterr().err


def test_registry_takes_neural_methods_only_when_present(monkeypatch):
    monkeypatch.delattr(lowdim, "Autoencoder", raising=False)
    monkeypatch.delattr(lowdim, "VAE", raising=False)
    assert list(_demo.methods()) == ["pca", "mds", "isomap", "kpca", "diffusion"]
    assert list(cli.estimators()) == ["pca", "mds", "isomap", "kpca", "diffusion"]

    class Fake:
        def __init__(
            self,
            n_components=2,
            *,
            random_state=None,
            n_jobs=None,
            hidden_layer_sizes=(8,),
            max_epochs=1,
            learning_rate=0.1,
        ):
            pass

    monkeypatch.setattr(lowdim, "Autoencoder", Fake, raising=False)
    assert "autoencoder" in _demo.methods()
    assert cli.estimators()["autoencoder"] is Fake
    assert "vae" not in cli.estimators()


def test_median_gamma_gives_kernel_one_over_e_at_the_median():
    X = np.random.default_rng(2).normal(size=(300, 4))
    g = _demo.median_gamma(X)
    d2 = ((X[:, None] - X[None]) ** 2).sum(-1)[np.triu_indices(300, 1)]
    assert np.median(np.exp(-g * d2)) == pytest.approx(np.exp(-1), rel=1e-9)


def test_embed_saves_a_trained_model_that_loads_and_transforms(tmp_path):
    X = np.random.default_rng(0).normal(size=(120, 6))
    src = tmp_path / "x.npy"
    np.save(src, X)
    out, model = tmp_path / "y.npy", tmp_path / "ae.lowdim"
    argv = [
        "embed",
        str(src),
        "--method",
        "autoencoder",
        "--max-epochs",
        "3",
        "--random-state",
        "0",
        "--out",
        str(out),
        "--save",
        str(model),
        "-q",
    ]
    assert cli.main(argv) == 0
    loaded = lowdim.load(model)
    np.testing.assert_allclose(loaded.transform(X), np.load(out), rtol=0, atol=1e-12)


def test_save_is_refused_for_methods_without_a_model(tmp_path, capsys):
    src = tmp_path / "x.npy"
    np.save(src, np.random.default_rng(0).normal(size=(30, 3)))
    argv = [
        "embed",
        str(src),
        "--method",
        "pca",
        "--out",
        str(tmp_path / "y.npy"),
        "--save",
        str(tmp_path / "m"),
    ]
    assert cli.main(argv) == 2
    assert "--save applies only" in capsys.readouterr().err
    assert not (tmp_path / "y.npy").exists()


@pytest.mark.parametrize("name", ["emb.csv", "-"])
def test_output_must_be_an_npy_file(tmp_path, capsys, name):
    src = tmp_path / "x.npy"
    np.save(src, np.random.default_rng(0).normal(size=(20, 3)))
    code = cli.main(
        ["embed", str(src), "--method", "pca", "--out", str(tmp_path / name)]
    )
    assert code == 2
    assert "ending in .npy" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.npy"]
