"""Tiny real transformer models for tests: random weights, real classes, a tokenizer trained on the fly.

They are saved with `save_pretrained` and loaded back by path, exactly as users point
SUMMARIZER_MODEL at a directory. Their output is gibberish; tests check the plumbing.
"""

from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    GenerationConfig,
    LlamaConfig,
    LlamaForCausalLM,
    PreTrainedTokenizerFast,
)

WEIGHTS_SEED = 0  # random weights, but the same ones each run: a failure can be run again
SPECIALS = ["<pad>", "<s>", "</s>", "<unk>", "<mask>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<s>{{ message['role'] }}: {{ message['content'] }}</s>{% endfor %}"
    "{% if add_generation_prompt %}<s>assistant:{% endif %}"
)


def _with_seeded_weights(model_class, config):
    """The model with random weights drawn from WEIGHTS_SEED, leaving torch's global generator as it was."""
    with torch.random.fork_rng():
        torch.manual_seed(WEIGHTS_SEED)
        return model_class(config)


def train_tokenizer(corpus: list[str], max_length: int) -> PreTrainedTokenizerFast:
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIALS, show_progress=False)
    tokenizer.train_from_iterator(corpus, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=max_length,
    )


def build_seq2seq(directory: Path, corpus: list[str], max_positions: int = 64, writes_nothing: bool = False) -> Path:
    """A BART-like encoder-decoder: d_model 16, one layer each side, `max_positions` input tokens.

    `writes_nothing`: its output bias makes end-of-sequence its first choice at every step and the other
    special tokens the next ones, so whatever it generates (a minimum length forbids ending at once)
    decodes to no text: the model whose partial and final summaries are empty.
    """
    tokenizer = train_tokenizer(corpus, max_positions)
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=None,
    )
    if writes_nothing:  # blocking repeated n-grams would force words once the special tokens run out
        config.task_specific_params = {"summarization": {"no_repeat_ngram_size": 0}}
    model = _with_seeded_weights(BartForConditionalGeneration, config)
    if writes_nothing:
        with torch.no_grad():
            for rank, token in enumerate(["</s>", "<pad>", "<s>", "<unk>", "<mask>"]):
                model.final_logits_bias[0, tokenizer.convert_tokens_to_ids(token)] = 1e4 - rank
    model.generation_config = GenerationConfig(
        decoder_start_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        min_length=6,
        max_length=24,
        num_beams=2,
    )
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def build_causal(directory: Path, corpus: list[str], max_positions: int = 256) -> Path:
    """A Llama-like decoder with a chat template, as instruction-tuned models have."""
    tokenizer = train_tokenizer(corpus, max_positions)
    tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    model = _with_seeded_weights(LlamaForCausalLM, config)
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_new_tokens=24,
    )
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
