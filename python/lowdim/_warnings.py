"""Warning classes of lowdim, all under one base so users can filter them together."""


class LowdimWarning(UserWarning):
    """Base class of every warning lowdim emits."""


class NegativeEigenvalueWarning(LowdimWarning):
    """A centred kernel or Gram matrix had eigenvalues <= 0 among those requested.

    The matching embedding columns are set to exactly 0.
    """


class DisconnectedGraphWarning(LowdimWarning):
    """The neighbourhood graph had several components and was joined by added edges."""


class DegenerateComponentWarning(LowdimWarning):
    """A principal component has (numerically) zero variance."""
