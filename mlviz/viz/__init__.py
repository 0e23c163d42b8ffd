"""Static plots: each takes computed results, draws them and returns the artists.

Plot functions never compute the algorithm; explorers draw once with them and
then update the returned artists in place.
"""
from . import attention, cluster, heatmap, linear, nn, similarity, stats

__all__ = ["attention", "cluster", "heatmap", "linear", "nn", "similarity", "stats"]
