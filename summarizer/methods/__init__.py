"""Summarisation methods. Importing this package registers every built-in method."""

from . import lead, sumy_methods  # noqa: F401  (registration side effects)
from .registry import MethodInfo, available_methods, get_method, method_names, register

__all__ = ["MethodInfo", "available_methods", "get_method", "method_names", "register"]
