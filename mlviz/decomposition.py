r"""Principal component analysis through the SVD, for 2-D maps of high-dimensional vectors."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_matrix, check_positive_int

__all__ = ["PCA", "pca"]


@dataclass(frozen=True)
class PCA:
    """Result of :func:`pca`.

    Attributes
    ----------
    coords : ndarray, shape (n_samples, n_components)
        The data in the new axes.
    components : ndarray, shape (n_components, n_features)
        Unit-length directions of greatest variance, largest first.
    explained_variance_ratio : ndarray, shape (n_components,)
        Share of the total variance along each component.
    mean : ndarray, shape (n_features,)
    """

    coords: NDArray[np.floating]
    components: NDArray[np.floating]
    explained_variance_ratio: NDArray[np.floating]
    mean: NDArray[np.floating]

    def transform(self, X: ArrayLike) -> NDArray[np.floating]:
        """Project new rows onto the same components."""
        X = as_matrix(X, "X")
        if X.shape[1] != self.mean.size:
            raise ValueError(f"X must have {self.mean.size} features; got shape {X.shape}")
        return (X - self.mean) @ self.components.T


def pca(X: ArrayLike, n_components: int = 2) -> PCA:
    r"""Principal components of X by the singular value decomposition.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    n_components : int
        At most min(n_samples, n_features).

    Notes
    -----
    With centred data :math:`X_c = U \Sigma V^\top`, the components are the
    first rows of :math:`V^\top` and the coordinates are :math:`U \Sigma`. Each
    component's sign is fixed so its largest-magnitude loading is positive,
    which makes the map the same on every machine.

    Examples
    --------
    >>> p = pca([[0, 0], [1, 1], [2, 2]], n_components=1)
    >>> p.coords.ravel().round(3).tolist(), p.explained_variance_ratio.tolist()
    ([-1.414, 0.0, 1.414], [1.0])
    """
    X = as_matrix(X, "X")
    n_components = check_positive_int(n_components, "n_components")
    if n_components > min(X.shape):
        raise ValueError(f"n_components must be at most min(n_samples, n_features) = {min(X.shape)}; got {n_components}")
    mean = X.mean(axis=0)
    U, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    # Deterministic signs: the largest |loading| of each component is positive.
    signs = np.sign(Vt[np.arange(Vt.shape[0]), np.abs(Vt).argmax(axis=1)])
    signs[signs == 0] = 1.0
    U, Vt = U * signs, Vt * signs[:, None]
    rel = S / S[0] if S[0] > 0 else S  # variances relative to the largest: the squares of 1e300 stay finite
    var = rel**2
    total = var.sum()
    ratio = var / total if total > 0 else np.zeros_like(var)
    k = n_components
    return PCA(coords=U[:, :k] * S[:k], components=Vt[:k], explained_variance_ratio=ratio[:k], mean=mean)
