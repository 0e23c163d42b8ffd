r"""Labelled heatmaps of square or rectangular score matrices (similarities, attention weights)."""
from __future__ import annotations

import numpy as np

from ._axes import get_ax

__all__ = ["plot_heatmap", "annotate_cells"]


def plot_heatmap(matrix, row_labels, col_labels=None, *, ax=None, annotate=True, fmt="{:.2f}",
                 cmap="viridis", vmin=None, vmax=None, colorbar=True, **style):
    """Draw ``matrix`` as a heatmap with labelled rows and columns.

    Parameters
    ----------
    matrix : array_like, shape (n_rows, n_cols)
    row_labels, col_labels : sequence of str (col_labels defaults to row_labels)
    annotate : bool
        Write each value in its cell.

    Returns
    -------
    dict with ``image`` (AxesImage), ``texts`` (list of Text) and ``colorbar`` (or None).
    """
    m = np.asarray(matrix, dtype=float)
    col_labels = row_labels if col_labels is None else col_labels
    ax = get_ax(ax)
    image = ax.imshow(m, cmap=cmap, vmin=vmin, vmax=vmax, **style)
    ax.set_xticks(range(m.shape[1]), labels=list(col_labels), rotation=60, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(m.shape[0]), labels=list(row_labels))
    ax.grid(False)
    texts = annotate_cells(ax, image, fmt) if annotate else []
    cbar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04) if colorbar else None
    return {"image": image, "texts": texts, "colorbar": cbar}


def annotate_cells(ax, image, fmt="{:.2f}"):
    """Write each cell's value on the image, in black or white for contrast. Returns the Text list."""
    m = np.asarray(image.get_array())
    norm = image.norm
    texts = []
    for (i, j), v in np.ndenumerate(m):
        colour = "black" if norm(v) > 0.6 else "white"
        texts.append(ax.text(j, i, fmt.format(v), ha="center", va="center", color=colour, fontsize=7))
    return texts
