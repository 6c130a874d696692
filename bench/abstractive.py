"""Batched generation on CPU, on a model of distilbart-cnn-12-6's shape: batched vs one at a time, int8 vs float.

    .venv/bin/python bench/abstractive.py [--new-tokens 48] [--chunk-tokens 96] [--agreement-only]

No summarisation checkpoint can be downloaded here, so the model is built from
sshleifer/distilbart-cnn-12-6's configuration (12 encoder and 6 decoder layers, d_model 1024, 16 heads,
vocabulary 50,264, 1,024 positions) with random weights, and a byte-level BPE tokenizer of the same
vocabulary size is trained on ../shared/data/cnndm-dev.jsonl. Both are saved and loaded back through
SUMMARIZER_MODEL like a real checkpoint. The output length is fixed (min_new_tokens == max_new_tokens),
so random weights cost what trained ones would. Also times the `embedding` method on the seed article.

Measured, each through the model's GenerationQueue as the service uses it, greedy decoding:
1. an 8-chunk document: its 8 chunks in one batch (SUMMARIZER_BATCH_SIZE=8) vs one at a time (=1);
2. 4 concurrent clients with one chunk each: dynamically batched vs one at a time;
3. SUMMARIZER_QUANTIZE=int8 vs float on the 8 chunks one at a time: time; and on --agreement-texts
   passages (20), how often int8's greedy output is the float model's token for token: the share of
   identical outputs, of agreeing token positions, and the agreeing prefix (random weights: agreement on
   real weights needs the real model, see the README). --agreement-only measures this alone.
To fit a 2-core machine the chunks are cut to --chunk-tokens (the service packs up to 1,023) and the
output to --new-tokens; batching gains most in the decoder, so longer inputs lower the speed-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer.models.queueing import GenerationQueue  # noqa: E402
from summarizer.models.transformer import Lengths, Prompt, TransformerModel  # noqa: E402
from summarizer.settings import load_settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cnndm-dev.jsonl"
# sshleifer/distilbart-cnn-12-6 config.json, the fields that set the compute.
DISTILBART_CNN_12_6 = {
    "vocab_size": 50264,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
}


def articles() -> list[str]:
    with open(DATA, encoding="utf-8") as handle:
        return [json.loads(line)["article"] for line in handle]


def build_model(directory: Path, corpus: list[str]) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig, PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=50264, special_tokens=specials, show_progress=False))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=1024,
    )
    config = BartConfig(
        **{**DISTILBART_CNN_12_6, "vocab_size": len(tokenizer)},
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    model = BartForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        decoder_start_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        num_beams=4,
        length_penalty=2.0,
        no_repeat_ngram_size=3,
        min_length=56,
        max_length=142,
    )
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)


def chunks_of(texts: list[str], model: TransformerModel, tokens: int, count: int) -> list[str]:
    """`count` different passages of `tokens` tokens each, from the articles."""
    return [model.split_by_tokens(text, tokens)[0] for text in texts[:count]]


def run_clients(queue: GenerationQueue, model: TransformerModel, groups: list[list[str]], lengths: Lengths) -> dict:
    """One thread per group, each generating its texts through the queue; wall time and new tokens."""
    outputs: list[list[tuple[str, int]]] = [[] for _ in groups]

    def client(i: int) -> None:
        outputs[i] = queue.generate(model, [Prompt(t) for t in groups[i]], lengths, time.monotonic() + 3600)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(groups))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    tokens = sum(n for output in outputs for _, n in output)
    return {"wall": wall, "tokens": tokens, "outputs": outputs}


def int8_agreement(
    float_model: TransformerModel, int8_model: TransformerModel, texts: list[str], lengths: Lengths, batch: int = 8
) -> dict[str, float]:
    """Greedy outputs of the float and the int8 model on the same inputs, compared: the share of outputs
    that are the same text, the share of token positions that agree (outputs re-tokenised, positions over
    the longer of each pair), and how many leading tokens agree on average (greedy decoding follows the
    float model until the first different token, then its own path)."""
    identical = same = positions = prefix = 0
    for start in range(0, len(texts), batch):
        prompts = [Prompt(t) for t in texts[start : start + batch]]
        outputs = [m.generate_batch(prompts, lengths, time.monotonic() + 3600) for m in (float_model, int8_model)]
        for (text_a, _), (text_b, _) in zip(*outputs, strict=True):
            ids_a, ids_b = (float_model.tokenizer(t, add_special_tokens=False)["input_ids"] for t in (text_a, text_b))
            identical += text_a == text_b
            positions += max(len(ids_a), len(ids_b))
            same += sum(a == b for a, b in zip(ids_a, ids_b, strict=False))
            pairs = zip(ids_a, ids_b, strict=False)
            prefix += next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(ids_a), len(ids_b)))
    return {
        "texts": len(texts),
        "identical": identical / len(texts),
        "tokens": same / max(1, positions),
        "prefix": prefix / len(texts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--new-tokens", type=int, default=48, help="fixed output length")
    parser.add_argument("--chunk-tokens", type=int, default=96, help="input tokens per chunk")
    parser.add_argument("--skip-int8", action="store_true", help="skip the quantisation measurement")
    parser.add_argument("--agreement-only", action="store_true", help="only int8-vs-float agreement, no timings")
    parser.add_argument("--agreement-texts", type=int, default=20, help="inputs for int8-vs-float agreement")
    args = parser.parse_args()

    import torch

    texts = articles()
    lengths = Lengths(args.new_tokens, args.new_tokens)
    rows: list[tuple[str, str, dict]] = []
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        build_model(Path(directory), texts)
        print(f"built the distilbart-cnn-12-6-shaped model in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        settings = load_settings(model=directory, device="cpu", num_beams=1, queue_size=8)
        model = TransformerModel(directory, settings)
        chunks = chunks_of(texts, model, args.chunk_tokens, 8)
        model.generate(chunks[0], Lengths(2, 2), time.monotonic() + 3600)  # warm-up
        workloads = (("8-chunk document", [chunks]), ("4 concurrent clients", [[c] for c in chunks[:4]]))
        for label, groups in () if args.agreement_only else workloads:
            for batch_size in (1, len(chunks) if len(groups) == 1 else 4):
                queue = GenerationQueue(8, batch_size, 0.005)
                result = run_clients(queue, model, groups, lengths)
                rows.append((label, f"batch size {batch_size}", result))
                print(f"{label}, batch size {batch_size}: {result['wall']:.1f} s", file=sys.stderr)
        if not args.skip_int8:
            int8 = TransformerModel(
                directory, load_settings(model=directory, device="cpu", num_beams=1, quantize="int8")
            )
            for label, m in () if args.agreement_only else (("float32", model), ("int8", int8)):
                result = run_clients(GenerationQueue(8, 1, 0.0), m, [chunks], lengths)
                rows.append(("8 chunks one at a time", label, result))
                print(f"{label}: {result['wall']:.1f} s", file=sys.stderr)
            started = time.perf_counter()
            inputs = chunks_of(texts, model, args.chunk_tokens, args.agreement_texts)
            agreement = int8_agreement(model, int8, inputs, lengths)
            print(f"agreement: {time.perf_counter() - started:.0f} s", file=sys.stderr)

    print(
        f"\nCPU ({torch.get_num_threads()} threads), distilbart-cnn-12-6 shape, greedy, "
        f"{args.chunk_tokens}-token chunks, {args.new_tokens} new tokens each\n"
    )
    if rows:
        print("| workload | run | wall s | new tokens/s | speed-up |")
        print("|---|---|---|---|---|")
    base: dict[str, float] = {}
    for label, run, r in rows:
        base.setdefault(label, r["wall"])
        print(f"| {label} | {run} | {r['wall']:.1f} | {r['tokens'] / r['wall']:.1f} | {base[label] / r['wall']:.2f}x |")
    if not args.agreement_only:
        pairs = [(a, b) for (la, _, a), (lb, _, b) in zip(rows[::2], rows[1::2], strict=True) if la == lb]
        identical = all(a["outputs"] == b["outputs"] for a, b in pairs[:2])
        print(f"\nbatched outputs identical to one-at-a-time outputs: {identical}")
    if not args.skip_int8:
        print(
            f"int8 vs float32, greedy, {agreement['texts']} inputs (random weights: arithmetic drift, not quality): "
            f"{agreement['identical']:.0%} of outputs identical, {agreement['tokens']:.1%} of token positions agree, "
            f"the first {agreement['prefix']:.1f} of {args.new_tokens} tokens agree on average"
        )
    if not args.agreement_only:
        embedding_timing()


def embedding_timing() -> None:
    """The `embedding` method on the seed article, for comparison with an encoder-only path."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    summarizer = Summarizer(load_settings(device="cpu"))
    summarizer.summarize(seed, method="embedding")  # loads MiniLM
    runs = []
    for _ in range(20):
        started = time.perf_counter()
        summarizer.summarize(seed, method="embedding", keywords=0, key_points=0)
        runs.append(time.perf_counter() - started)
    print(
        f"\nembedding method on the seed article ({len(seed.split())} words): "
        f"median {statistics.median(runs) * 1000:.0f} ms, min {min(runs) * 1000:.0f} ms over {len(runs)} runs"
    )


if __name__ == "__main__":
    main()
