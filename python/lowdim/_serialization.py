"""Saving fitted estimators and training checkpoints as plain arrays plus metadata.

A file is a NumPy ``.npz`` archive: every array is stored as itself, and one extra
entry, ``__lowdim__``, holds a JSON document with the format name and version, the
estimator class, its parameters and its scalar fitted attributes. Reading it never
unpickles anything (``allow_pickle=False``), so a file from an untrusted source can
at worst fail to load; it cannot run code. Pickling the estimator works as well.

Version history: 1, the first.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from typing import Any

import numpy as np

FORMAT = "lowdim"
VERSION = 1
_META_KEY = "__lowdim__"


def _registry() -> dict[str, Any]:
    # Imported here: the estimator modules import this one.
    from lowdim._autoencoder import VAE, Autoencoder

    return {"Autoencoder": Autoencoder, "VAE": VAE}


def check_writable(path: str | os.PathLike, name: str = "path") -> None:
    """Refuses, before any work, a destination that cannot be written."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ValueError(f"{name}={path!r} is a directory; give a file name.")
    if not os.path.isdir(folder):
        raise ValueError(f"{name}={path!r}: the folder {folder!r} does not exist.")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{name}={path!r}: the folder {folder!r} is not writable.")


def write(path: str | os.PathLike, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Writes `meta` and `arrays` to `path` atomically.

    The file is written next to its destination and renamed over it, so a crash
    (or Ctrl-C) while writing leaves the previous file intact; checkpoints rely on
    that.
    """
    if _META_KEY in arrays:
        raise ValueError(f"{_META_KEY!r} is reserved")
    check_writable(path)
    path = os.fspath(path)
    doc = dict(meta, format=FORMAT, version=VERSION)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".lowdim-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            # A file object keeps np.savez from appending ".npz" to the name.
            np.savez(f, **{_META_KEY: np.array(json.dumps(doc))}, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read(path: str | os.PathLike) -> tuple[dict, dict[str, np.ndarray]]:
    """Reads a file written by `write`; checks its format and version."""
    path = os.fspath(path)
    try:
        # Opened here, not by np.load, so that the file is closed even when NumPy
        # gives up half-way through a damaged archive.
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as f:
            if _META_KEY not in f.files:
                raise ValueError(
                    f"{path!r} is not a lowdim file (no {_META_KEY!r} entry); it may "
                    "be a plain .npz, or a pickle (load those with pickle instead)."
                )
            meta = json.loads(str(f[_META_KEY]))
            arrays = {k: f[k] for k in f.files if k != _META_KEY}
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise
    except (
        OSError,
        EOFError,
        ValueError,
        TypeError,
        KeyError,
        zipfile.BadZipFile,
    ) as e:
        # Whatever NumPy says about a file that is not ours (including advice to
        # unpickle it, which must never be taken for an untrusted file), the user
        # needs to hear only that it is not a readable lowdim file.
        if isinstance(e, ValueError) and str(e).startswith(repr(path)):
            raise
        raise ValueError(
            f"{path!r} is not a readable lowdim file (damaged, truncated, or some "
            f"other kind of file): {type(e).__name__}."
        ) from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path!r} is not a lowdim file (bad metadata).")
    if meta.get("format") != FORMAT:
        raise ValueError(
            f"{path!r} is not a lowdim file (format {meta.get('format')!r})."
        )
    version = meta.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ValueError(
            f"{path!r} was written in lowdim file format version {version!r}; this "
            f"lowdim reads versions up to {VERSION}. Upgrade lowdim to load it."
        )
    return meta, arrays


def jsonable_params(params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Parameters as JSON values; those that have none (a RandomState, a callable)
    are stored as None and their names returned, so `load` can say so."""
    out: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in params.items():
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, (np.integer, np.floating, np.bool_)):
            value = value.item()
        try:
            json.dumps(value)
        except TypeError:
            value = None
            dropped.append(name)
        out[name] = value
    return out, dropped


def save(estimator: Any, path: str | os.PathLike) -> None:
    """Saves a fitted lowdim estimator to `path` (see the module docstring)."""
    meta, arrays = estimator._saved_state()
    meta = dict(meta, kind="estimator", estimator=type(estimator).__name__)
    write(path, meta, arrays)


def load(path: str | os.PathLike) -> Any:
    """Loads an estimator saved with its ``save`` method, without unpickling.

    Parameters
    ----------
    path : str or path-like
        A file written by ``save``.

    Returns
    -------
    estimator
        The fitted estimator, of the class that was saved.
    """
    meta, arrays = read(path)
    if meta.get("kind") != "estimator":
        raise ValueError(
            f"{os.fspath(path)!r} holds a {meta.get('kind')!r}, not a saved estimator; "
            "a training checkpoint is used through fit(..., resume=True)."
        )
    name = meta.get("estimator")
    registry = _registry()
    if name not in registry:
        raise ValueError(
            f"{os.fspath(path)!r} holds an estimator {name!r} that this lowdim does "
            f"not know; known: {', '.join(sorted(registry))}."
        )
    return registry[name]._from_saved_state(meta, arrays)
