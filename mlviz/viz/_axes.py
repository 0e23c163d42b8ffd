"""Private helper shared by the plot modules."""
import matplotlib.pyplot as plt


def get_ax(ax=None, **fig_kw):
    """Use ``ax`` if given, else a new figure's single axes."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(**fig_kw)
    return ax
