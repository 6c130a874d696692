"""Where models run: SUMMARIZER_DEVICE=auto|cpu|cuda, half precision on GPU."""

from __future__ import annotations

import importlib.util
from typing import Any

from ..errors import ModelUnavailable


def missing_transformer_stack() -> str | None:
    """Cheap check (no import): why transformer models cannot run here, e.g. in the extractive-only image."""
    missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
    return f"{' and '.join(missing)} not installed" if missing else None


def resolve_device(setting: str) -> tuple[str, Any]:
    """(device, dtype) for loading a model: CUDA with float16 when asked or available, else CPU float32."""
    import torch

    if setting == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailable("SUMMARIZER_DEVICE=cuda but no CUDA device is visible to PyTorch")
    if setting == "cuda" or (setting == "auto" and torch.cuda.is_available()):
        return "cuda", torch.float16
    return "cpu", torch.float32


def quiet_transformers() -> None:
    """No progress bars or advisory warnings from transformers in a server's log."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
