"""lowdim: dimensionality reduction from PCA to learned embeddings.

Estimators follow scikit-learn's conventions; the numerics run in a C++17/OpenMP
core (``lowdim._core``, private).
"""

from lowdim._autoencoder import VAE, Autoencoder
from lowdim._core import __version__
from lowdim._diffusion import DiffusionMap
from lowdim._isomap import Isomap
from lowdim._kernel_pca import KernelPCA
from lowdim._mds import ClassicalMDS
from lowdim._pairwise import geodesic_distances, pairwise_distances
from lowdim._pca import PCA
from lowdim._serialization import load
from lowdim._warnings import (
    DegenerateComponentWarning,
    DisconnectedGraphWarning,
    LowdimWarning,
    NegativeEigenvalueWarning,
)


def info() -> dict:
    """Build and runtime facts: version, compiler, SIMD level, OpenMP, threads."""
    from lowdim import _core
    from lowdim._validation import resolve_n_jobs

    d = dict(_core.info())
    d["version"] = __version__
    d["threads_in_use"] = resolve_n_jobs(None) if d["openmp"] else 1
    return d


__all__ = [
    "PCA",
    "ClassicalMDS",
    "Isomap",
    "KernelPCA",
    "DiffusionMap",
    "Autoencoder",
    "VAE",
    "load",
    "pairwise_distances",
    "geodesic_distances",
    "LowdimWarning",
    "NegativeEigenvalueWarning",
    "DisconnectedGraphWarning",
    "DegenerateComponentWarning",
    "info",
    "__version__",
]
