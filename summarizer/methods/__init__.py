"""Summarisation methods. Importing this package registers every built-in method, in listing order."""

# isort: off
from . import lead, sumy_methods, embedding, centrality, abstractive  # noqa: F401  (registration side effects)

# isort: on
from .registry import MethodInfo, MethodStatus, entries, entry, method_names, register

__all__ = ["MethodInfo", "MethodStatus", "entries", "entry", "method_names", "register"]
