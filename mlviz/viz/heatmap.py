r"""Labelled heatmaps of square or rectangular score matrices (similarities, attention weights)."""
from __future__ import annotations

import numpy as np

from ._axes import BACKDROP_ZORDER, get_ax

__all__ = ["plot_heatmap", "set_heatmap", "annotate_cells"]


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
    image = ax.imshow(m, cmap=cmap, vmin=vmin, vmax=vmax, **{"zorder": BACKDROP_ZORDER, **style})
    _set_labels(ax, row_labels, col_labels)
    ax.grid(False)
    texts = annotate_cells(ax, image, fmt) if annotate else []
    cbar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04) if colorbar else None
    return {"image": image, "texts": texts, "colorbar": cbar}


def annotate_cells(ax, image, fmt="{:.2f}"):
    """Write each cell's value on the image (9 pt), in black or white for contrast. Returns the Text list.

    The text is black on a light cell and white on a dark one, judged by the cell's own colour (its
    luminance, 0.2126 R + 0.7152 G + 0.0722 B), so it reads on any colour map: viridis, or RdBu's white middle.
    """
    m = np.asarray(image.get_array())
    rgb = image.cmap(image.norm(m))[..., :3]  # (n_rows, n_cols, 3), the colour each cell is drawn in
    luminance = rgb @ [0.2126, 0.7152, 0.0722]  # (n_rows, n_cols)
    texts = []
    for (i, j), v in np.ndenumerate(m):
        colour = "black" if luminance[i, j] > 0.45 else "white"
        texts.append(ax.text(j, i, fmt.format(v), ha="center", va="center", color=colour, fontsize=9))
    return texts


def set_heatmap(artists: dict, matrix, row_labels, col_labels=None, *, annotate=True, fmt="{:.2f}") -> None:
    """Show a new ``matrix`` (of any shape) in a heatmap drawn by :func:`plot_heatmap`, in place.

    The image, its extent, the tick labels and (when ``annotate``) the cell values follow the
    new matrix; an empty matrix shows an empty image. ``artists["texts"]`` is replaced.
    """
    m = np.asarray(matrix, dtype=float)
    col_labels = row_labels if col_labels is None else col_labels
    image = artists["image"]
    n_rows, n_cols = m.shape
    image.set_data(m if m.size else np.zeros((1, 1)))
    image.set_extent((-0.5, max(n_cols, 1) - 0.5, max(n_rows, 1) - 0.5, -0.5))
    _set_labels(image.axes, row_labels, col_labels)
    for t in artists["texts"]:
        t.remove()
    artists["texts"] = annotate_cells(image.axes, image, fmt) if annotate and m.size else []


def _set_labels(ax, row_labels, col_labels) -> None:
    ax.set_xticks(range(len(col_labels)), labels=list(col_labels), rotation=60, ha="right",
                  rotation_mode="anchor")
    ax.set_yticks(range(len(row_labels)), labels=list(row_labels))
