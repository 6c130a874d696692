"""Hugging Face models for abstractive summaries: load by hub id or directory, count tokens, generate.

Encoder-decoder models (BART, PEGASUS, T5) load with AutoModelForSeq2SeqLM; decoder-only
instruction-tuned models with AutoModelForCausalLM and are prompted through the tokenizer's chat
template. transformers 5 has no summarisation pipeline, so `generate` is called directly, on padded
batches of inputs (`generate_batch`): the chunks of one document, or the calls of concurrent requests
(summarizer/models/queueing.py), answered exactly as one by one.

Nothing here reaches the model hub: a hub model loads only from the local cache
(`local_files_only`), and one that is not there is unavailable at once with the command that fetches
it (`summarize download MODEL`, or SUMMARIZER_PRELOAD=1 at start-up, which may download).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
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


def download_command(name: str) -> str:
    return f"summarize download {name}"


def model_unavailable_reason(name: str, allow_download: bool = False) -> str | None:
    """Cheap check, no loading and no network: a missing directory, or a hub model not in the local cache
    (whatever HF_HUB_OFFLINE says: a request never waits on the hub). `allow_download`: start-up with
    SUMMARIZER_PRELOAD=1, which may fetch it."""
    missing = missing_transformer_stack()
    if missing:
        return missing
    path = Path(name).expanduser()
    if path.is_dir():
        return None if (path / "config.json").exists() else f"{name} has no config.json"
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        return f"no model directory at {name}"
    if not allow_download and not is_cached(name):
        return (
            f"{name} is not in the local Hugging Face cache; run `{download_command(name)}` "
            "(or start the service with SUMMARIZER_PRELOAD=1) to fetch it"
        )
    return None


def is_cached(name: str) -> bool:
    """Whether the hub model's config is in the local cache (a file lookup)."""
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(name, "config.json"), str)


@dataclass(frozen=True)
class Prompt:
    """One input of a generation: the text and what to ask of it (causal models' instruction)."""

    text: str
    task: str = "summary"  # or "key_points"
    words: int | None = None
    points: int = 5


# Called with the text generated so far, each time it grows (streaming; greedy decoding only).
OnText = Callable[[str], None]


@dataclass(frozen=True)
class Lengths:
    """New tokens to generate."""

    min_new: int
    max_new: int


class TransformerModel:
    """A loaded model and tokenizer, and what they allow: input size, output size, decoding defaults."""

    def __init__(self, name: str, settings: Settings, allow_download: bool = False) -> None:
        reason = model_unavailable_reason(name, allow_download)
        if reason:
            raise ModelUnavailable(f"model {name} cannot be loaded: {reason}", model=name)
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

        quiet_transformers()
        self.name = name
        self.device, dtype = resolve_device(settings.device)
        local = {"local_files_only": not allow_download}
        try:
            config = AutoConfig.from_pretrained(name, **local)
            self.tokenizer: Any = AutoTokenizer.from_pretrained(name, **local)
            self.is_seq2seq = bool(getattr(config, "is_encoder_decoder", False))
            auto: Any = AutoModelForSeq2SeqLM if self.is_seq2seq else AutoModelForCausalLM
            self.model: Any = auto.from_pretrained(name, dtype=dtype, **local).to(self.device).eval()
        except (OSError, ValueError, ImportError, KeyError, torch.OutOfMemoryError) as error:
            raise ModelUnavailable(f"model {name} cannot be loaded: {error}", model=name) from None
        self.quantized = settings.quantize == "int8" and self.device == "cpu"
        if self.quantized:
            self.model = quantize_linear_int8(self.model)
        self.config = config
        self._decoding = self._decoding_defaults(settings)
        self.context = self._context_size()
        self.prefix = self._task().get("prefix", "") if self.is_seq2seq else ""
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        if self.is_seq2seq:
            self.max_output = max(8, (getattr(config, "max_position_embeddings", None) or 514) - 2)
        else:
            # A causal model's context holds the instruction, the text and the answer: the answer gets
            # at most half of what the instruction leaves, so some text always fits.
            room = self.context - self.prompt_tokens() - 1
            if room < 2:
                raise ModelUnavailable(
                    f"model {name} has a context of {self.context} tokens, too short for its instruction "
                    f"({self.prompt_tokens()} tokens) and any text; use a model with a longer context",
                    model=name,
                )
            self.max_output = min(max(8, self.context // 2), room // 2)
        self.default_lengths = self._default_lengths()

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
        return self.context - max_new - self.prompt_tokens() - 1

    def prompt_tokens(self) -> int:
        """The longest instruction a causal model's input carries (0 for seq2seq models)."""
        if self.is_seq2seq:
            return 0
        summary = len(self._prompt_ids("summary", "", words=99_999))
        return max(summary, len(self._prompt_ids("key_points", "", points=50)))

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

    def _prompt_ids(self, task: str, text: str, words: int | None = None, points: int = 5) -> list[int]:
        if task == "summary":
            about = f" in about {words} words" if words else ""
            instruction = f"Summarize the following text{about}. Answer with the summary only."
        else:
            instruction = (
                f"List the {points} most important points of the following text, one per line, each starting with '- '."
            )
        if self.tokenizer.chat_template:
            messages = [{"role": "user", "content": f"{instruction}\n\n{text}"}]
            return list(
                self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_dict=True)["input_ids"]
            )
        return self._encode(f"{instruction}\n\n{text}\n\nAnswer:", special=True)

    def _input_ids(self, prompt: Prompt) -> list[int]:
        if self.is_seq2seq:
            return self._encode(self.prefix + prompt.text, special=True)
        return self._prompt_ids(prompt.task, prompt.text, prompt.words, prompt.points)

    def generate(
        self,
        text: str,
        lengths: Lengths,
        deadline: float,
        task: str = "summary",
        words: int | None = None,
        points: int = 5,
    ) -> tuple[str, int]:
        """Generate for `text` (which must fit `input_budget`): the text and how many tokens it took."""
        return self.generate_batch([Prompt(text, task, words, points)], lengths, deadline)[0]

    def generate_batch(
        self,
        prompts: Sequence[Prompt],
        lengths: Lengths,
        deadline: float,
        on_text: Sequence[OnText | None] = (),
    ) -> list[tuple[str, int]]:
        """Generate for each prompt in one padded batch: (text, generated tokens) each, the same as one by one.

        Encoder inputs are padded on the right and decoder-only prompts on the left, both masked, so no
        row sees another's padding. `on_text[i]`, when given, hears row i's text as it grows (greedy
        decoding only: transformers cannot stream beam search). GenerationTimeout past `deadline`.
        """
        import torch

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise GenerationTimeout("the summary took longer than SUMMARIZER_GENERATION_TIMEOUT allows")
        rows = [self._input_ids(prompt) for prompt in prompts]
        width = max(len(row) for row in rows)
        pad = self.tokenizer.pad_token_id

        def padded(row: list[int], fill: int) -> list[int]:
            padding = [fill] * (width - len(row))
            return row + padding if self.is_seq2seq else padding + row

        input_ids = torch.tensor([padded(row, pad) for row in rows], device=self.device)
        attention_mask = torch.tensor([padded([1] * len(row), 0) for row in rows], device=self.device)
        streamer = _RowStreamer(self.tokenizer, on_text) if any(on_text) and self._decoding["num_beams"] == 1 else None
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                min_new_tokens=lengths.min_new,
                max_new_tokens=lengths.max_new,
                max_time=remaining,
                pad_token_id=pad,
                streamer=streamer,
                **self._decoding,
            )
        if time.monotonic() > deadline:
            raise GenerationTimeout("the summary took longer than SUMMARIZER_GENERATION_TIMEOUT allows")
        # An encoder-decoder's output starts with the decoder start token, which is not generated.
        new = output[:, 1:] if self.is_seq2seq else output[:, width:]
        results = []
        for row in new.tolist():
            row = _until_eos(row, self.model.generation_config.eos_token_id, pad)
            results.append((str(self.tokenizer.decode(row, skip_special_tokens=True)).strip(), len(row)))
        for callback, (text, _) in zip(on_text, results, strict=False):
            if callback is not None:
                callback(text)  # the final text (all of it, with beam search)
        return results


def _until_eos(row: list[int], eos: int | list[int] | None, pad: int) -> list[int]:
    """A row's generated tokens up to and including its end-of-sequence token: in a batch, a row that
    finished early is padded after it, and those pads were not generated."""
    ends = {eos} if isinstance(eos, int) else set(eos or ())
    for i, token in enumerate(row):
        if token in ends:
            return row[: i + 1]
    while row and row[-1] == pad and pad not in ends:
        row = row[:-1]
    return row


class _RowStreamer:
    """A transformers streamer for a batch: decodes each row's tokens as they come and tells its listener.

    transformers' TextIteratorStreamer takes one row only; this one keeps one token list per row. The first
    `put` is the prompt (or the decoder start token), which is not generated text.
    """

    def __init__(self, tokenizer: Any, listeners: Sequence[OnText | None]) -> None:
        self.tokenizer = tokenizer
        self.listeners = list(listeners)
        self.tokens: list[list[int]] = [[] for _ in self.listeners]
        self.started = False

    def put(self, value: Any) -> None:
        if not self.started:
            self.started = True
            return
        for i, token in enumerate(value.reshape(-1).tolist()):
            listener = self.listeners[i] if i < len(self.listeners) else None
            if listener is None:
                continue
            self.tokens[i].append(token)
            listener(str(self.tokenizer.decode(self.tokens[i], skip_special_tokens=True)).strip())

    def end(self) -> None:
        pass


def quantize_linear_int8(model: Any) -> Any:
    """PyTorch's dynamic int8 quantisation of the linear layers (weights int8, activations quantised per
    batch at run time): CPU only. torch.ao.quantization is deprecated in favour of torchao, which is not
    installed here; the eager API still works in torch 2.13, so its deprecation notices are silenced."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*quantize_per_tensor.*", category=UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)  # type: ignore[no-untyped-call]


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)
