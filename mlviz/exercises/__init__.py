"""Exercises for each notebook, with reference solutions and known mistakes.

``ALL`` maps every exercise's name to it, so tests can prove that each check
accepts its reference solution and rejects each known mistake.
"""
from . import attention, cluster, compression, linear, nn, similarity, start, stats

__all__ = ["attention", "cluster", "compression", "linear", "nn", "similarity", "start", "stats", "ALL"]

ALL = {ex.name: ex for module in (start, similarity, linear, nn, attention, cluster, stats,
                                                        compression) for ex in module.EXERCISES}
