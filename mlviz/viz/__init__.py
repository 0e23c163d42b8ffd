"""Static plots: each takes computed results, draws them and returns the artists.

Plot functions never compute the algorithm; explorers draw once with them and
then update the returned artists in place.
"""
from . import heatmap, linear, nn, similarity

from . import attention, cluster, stats  # notebooks 04-06

__all__ = ["heatmap", "linear", "nn", "similarity"]
__all__ += ["attention", "cluster", "stats"]
