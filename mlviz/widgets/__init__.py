"""Interactive explorers: controls, one persistent ipympl figure updated in place, a live readout.

Every explorer can be driven from code (``explorer.set(a_x=2)`` or a matplotlib
mouse event), which is how the tests drive them without a browser.
"""
from . import draggable, linear, similarity
from ._base import Explorer
from .linear import GDExplorer, LineExplorer, RegularizationExplorer
from .similarity import DimensionExplorer, VectorExplorer, WordExplorer

__all__ = ["Explorer", "draggable", "linear", "similarity", "VectorExplorer", "WordExplorer", "DimensionExplorer",
           "LineExplorer", "GDExplorer", "RegularizationExplorer"]
