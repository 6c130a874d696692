"""Hugging Face models for abstractive summaries: load by hub id or directory, count tokens, generate.

Encoder-decoder models (BART, PEGASUS, T5) load with AutoModelForSeq2SeqLM; decoder-only
instruction-tuned models with AutoModelForCausalLM and are prompted through the tokenizer's chat
template. transformers 5 has no summarisation pipeline, so `generate` is called directly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GenerationTimeout, ModelUnavailable
from .devices import missing_transformer_stack, quiet_transformers, resolve_device

if TYPE_CHECKING:
    from ..settings import Settings

# Used when neither the settings nor the checkpoint say (the values BART-large-cnn ships with).
FALLBACK_BEAMS, FALLBACK_NO_REPEAT, FALLBACK_LENGTH_PENALTY = 4, 3, 2.0
FALLBACK_MAX_INPUT = 1024
CAUSAL_DEFAULT_NEW_TOKENS = 200


def model_unavailable_reason(name: str) -> str | None:
    """Cheap check, no loading: a missing directory, or a hub model not cached while offline."""
    import os

    missing = missing_transformer_stack()
    if missing:
        return missing
    path = Path(name).expanduser()
    if path.is_dir():
        return None if (path / "config.json").exists() else f"{name} has no config.json"
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        return f"no model directory at {name}"
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}:
        from huggingface_hub import try_to_load_from_cache

        if not isinstance(try_to_load_from_cache(name, "config.json"), str):
            return f"{name} is not in the local Hugging Face cache and HF_HUB_OFFLINE is set"
    return None


@dataclass(frozen=True)
class Lengths:
    """New tokens to generate."""

    min_new: int
    max_new: int


class TransformerModel:
    """A loaded model and tokenizer, and what they allow: input size, output size, decoding defaults."""

    def __init__(self, name: str, settings: Settings) -> None:
        reason = model_unavailable_reason(name)
        if reason:
            raise ModelUnavailable(f"model {name} cannot be loaded: {reason}", model=name)
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

        quiet_transformers()
        self.name = name
        self.device, dtype = resolve_device(settings.device)
        try:
            config = AutoConfig.from_pretrained(name)
            self.tokenizer: Any = AutoTokenizer.from_pretrained(name)
            self.is_seq2seq = bool(getattr(config, "is_encoder_decoder", False))
            auto: Any = AutoModelForSeq2SeqLM if self.is_seq2seq else AutoModelForCausalLM
            self.model: Any = auto.from_pretrained(name, dtype=dtype).to(self.device).eval()
        except (OSError, ValueError, ImportError, KeyError, torch.OutOfMemoryError) as error:
            raise ModelUnavailable(f"model {name} cannot be loaded: {error}", model=name) from None
        self.config = config
        self._decoding = self._decoding_defaults(settings)
        self.context = self._context_size()
        self.prefix = self._task().get("prefix", "") if self.is_seq2seq else ""
        self.max_output = (
            max(8, (getattr(config, "max_position_embeddings", None) or 514) - 2)
            if self.is_seq2seq
            else max(8, self.context // 2)
        )
        self.default_lengths = self._default_lengths()
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token

    # What the checkpoint allows.

    def _task(self) -> dict[str, Any]:
        return dict((getattr(self.config, "task_specific_params", None) or {}).get("summarization", {}))

    def _explicit(self, key: str) -> Any:
        """A generation setting the checkpoint sets itself (summarisation task params first)."""
        task = self._task()
        if key in task:
            return task[key]
        return self.model.generation_config.to_diff_dict().get(key)

    def _decoding_defaults(self, settings: Settings) -> dict[str, Any]:
        beams = settings.num_beams or self._explicit("num_beams") or FALLBACK_BEAMS
        decoding: dict[str, Any] = {
            "num_beams": beams,
            "do_sample": False,  # deterministic: the same text gives the same summary
            "no_repeat_ngram_size": _first(
                settings.no_repeat_ngram_size, self._explicit("no_repeat_ngram_size"), FALLBACK_NO_REPEAT
            ),
        }
        if beams > 1:
            decoding["length_penalty"] = _first(
                settings.length_penalty, self._explicit("length_penalty"), FALLBACK_LENGTH_PENALTY
            )
            decoding["early_stopping"] = True
        return decoding

    def _context_size(self) -> int:
        sizes = [
            getattr(self.config, "max_position_embeddings", None),
            getattr(self.config, "n_positions", None),
            self.tokenizer.model_max_length if self.tokenizer.model_max_length < 1_000_000 else None,
        ]
        known = [s for s in sizes if isinstance(s, int) and s > 0]
        return min(known) if known else FALLBACK_MAX_INPUT

    def _default_lengths(self) -> Lengths:
        if self.is_seq2seq:
            max_new = (self._explicit("max_length") or 142) - 1  # the decoder start token counts there
            min_new = max(1, (self._explicit("min_length") or 1) - 1)
        else:
            max_new = self._explicit("max_new_tokens") or CAUSAL_DEFAULT_NEW_TOKENS
            min_new = 1
        max_new = min(max_new, self.max_output)
        return Lengths(min(min_new, max_new), max_new)

    def input_budget(self, max_new: int) -> int:
        """Tokens of text one call can take, after special tokens, the T5 prefix or the prompt."""
        if self.is_seq2seq:
            overhead = len(self._encode(self.prefix, special=True))
            return self.context - overhead
        return self.context - max_new - len(self._prompt_ids("summary", "")) - 1

    # Tokens.

    def _encode(self, text: str, special: bool = False) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=special, verbose=False)["input_ids"])

    def count_tokens(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        encoded = self.tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def split_by_tokens(self, text: str, size: int) -> list[str]:
        ids = self._encode(text)
        return [self.tokenizer.decode(ids[i : i + size]).strip() for i in range(0, len(ids), size)]

    # Generation.

    def _prompt_ids(self, task: str, text: str, words: int | None = None, points: int = 5) -> Any:
        if task == "summary":
            about = f" in about {words} words" if words else ""
            instruction = f"Summarize the following text{about}. Answer with the summary only."
        else:
            instruction = (
                f"List the {points} most important points of the following text, one per line, each starting with '- '."
            )
        if self.tokenizer.chat_template:
            messages = [{"role": "user", "content": f"{instruction}\n\n{text}"}]
            return self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )["input_ids"]
        return self.tokenizer(f"{instruction}\n\n{text}\n\nAnswer:", return_tensors="pt")["input_ids"]

    def generate(
        self,
        text: str,
        lengths: Lengths,
        deadline: float,
        task: str = "summary",
        words: int | None = None,
        points: int = 5,
    ) -> tuple[str, int]:
        """Generate for `text` (which must fit `input_budget`): the text and how many tokens it took.

        GenerationTimeout past `deadline`.
        """
        import torch

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise GenerationTimeout("the summary took longer than SUMMARIZER_GENERATION_TIMEOUT allows")
        if self.is_seq2seq:
            input_ids = self.tokenizer(self.prefix + text, return_tensors="pt", verbose=False)["input_ids"]
        else:
            input_ids = self._prompt_ids(task, text, words, points)
        input_ids = input_ids.to(self.device)
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids,
                attention_mask=torch.ones_like(input_ids),
                min_new_tokens=lengths.min_new,
                max_new_tokens=lengths.max_new,
                max_time=remaining,
                pad_token_id=self.tokenizer.pad_token_id,
                **self._decoding,
            )
        if time.monotonic() > deadline:
            raise GenerationTimeout("the summary took longer than SUMMARIZER_GENERATION_TIMEOUT allows")
        # An encoder-decoder's output starts with the decoder start token, which is not generated.
        new_tokens = output[0, 1:] if self.is_seq2seq else output[0, input_ids.shape[1] :]
        return str(self.tokenizer.decode(new_tokens, skip_special_tokens=True)).strip(), int(new_tokens.shape[0])


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)
