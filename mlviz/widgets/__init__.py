"""Interactive explorers: controls, one persistent ipympl figure updated in place, a live readout.

Every explorer can be driven from code (``explorer.set(a_x=2)`` or a matplotlib
mouse event), which is how the tests drive them without a browser.
"""
from . import attention, cluster, draggable, linear, nn, similarity, stats
from ._base import Explorer
from .attention import MaskExplorer, QueryExplorer, SentenceExplorer
from .cluster import CentroidExplorer, FuzzyExplorer, InitializationExplorer, KExplorer
from .linear import GDExplorer, LineExplorer, RegularizationExplorer
from .predict import Prediction
from .nn import CompressionExplorer, InitExplorer, LayerExplorer, WeightViewer
from .similarity import DimensionExplorer, VectorExplorer, WordExplorer
from .stats import (BiasVarianceExplorer, CorrelationExplorer, DistributionExplorer, IntervalExplorer,
                    ThresholdExplorer)

__all__ = ["Explorer", "draggable", "linear", "similarity", "VectorExplorer", "WordExplorer", "DimensionExplorer",
           "LineExplorer", "GDExplorer", "RegularizationExplorer", "stats", "DistributionExplorer",
           "CorrelationExplorer", "IntervalExplorer", "ThresholdExplorer", "BiasVarianceExplorer", "nn", "LayerExplorer", "InitExplorer", "CompressionExplorer", "WeightViewer",
           "attention", "QueryExplorer", "SentenceExplorer", "MaskExplorer",
           "cluster", "CentroidExplorer", "InitializationExplorer", "KExplorer", "FuzzyExplorer",
           "Prediction"]
