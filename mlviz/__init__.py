"""mlviz: the mathematics behind machine learning, computed, drawn and explored.

Core modules are NumPy only. Plots live in ``mlviz.viz`` and interactive
explorers in ``mlviz.widgets``; neither is imported here, so ``import mlviz``
stays light and changes nothing global (no rcParams, no seeds, no backend).
"""
from . import attention, cluster, compression, course, datasets, decomposition, linear, nn, optim, similarity, stats

__all__ = ["attention", "cluster", "compression", "course", "datasets", "decomposition", "linear", "nn", "optim", "similarity", "stats"]
__version__ = "0.1.0"
