"""CPU latency and tokens per second of the abstractive path, on a model of distilbart-cnn-12-6's shape.

    .venv/bin/python bench/abstractive.py [--new-tokens 64] [--repeats 2]

No summarisation checkpoint can be downloaded here, so the model is built from
sshleifer/distilbart-cnn-12-6's configuration (12 encoder and 6 decoder layers, d_model 1024, 16 heads,
vocabulary 50,264, 1,024 positions) with random weights, and a byte-level BPE tokenizer of the same
vocabulary size is trained on ../shared/data/cnndm-dev.jsonl. Both are saved and loaded back through
SUMMARIZER_MODEL like a real checkpoint. The output length is fixed (min_new_tokens == max_new_tokens),
so random weights cost what trained ones would. Also times the `embedding` method on the seed article.
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
from summarizer.methods.abstractive import AbstractiveMethod  # noqa: E402
from summarizer.models.transformer import Lengths  # noqa: E402
from summarizer.settings import load_settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cnndm-dev.jsonl"
SEED = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
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


def article_of(words: int, texts: list[str]) -> str:
    """The first article with at least `words` words, cut to `words` words."""
    text = next(t for t in texts if len(t.split()) >= words)
    return " ".join(text.split()[:words])


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


def time_generation(method: AbstractiveMethod, text: str, new_tokens: int, concurrency: int, repeats: int) -> dict:
    """`concurrency` threads each summarise `text` `repeats` times through the model's queue."""
    model = method.model()
    queue = method.queue(model.name)
    latencies: list[float] = []
    tokens = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal tokens
        for _ in range(repeats):
            started = time.perf_counter()
            with queue.turn(time.monotonic() + 3600):
                _, generated = model.generate(text, Lengths(new_tokens, new_tokens), time.monotonic() + 3600)
            with lock:
                latencies.append(time.perf_counter() - started)
                tokens += generated

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {"latency": statistics.mean(latencies), "p_max": max(latencies), "tokens_per_s": tokens / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--new-tokens", type=int, default=64, help="fixed output length")
    parser.add_argument("--repeats", type=int, default=2, help="requests per client")
    parser.add_argument("--words", type=int, default=700, help="article length")
    args = parser.parse_args()

    import torch

    texts = articles()
    article = article_of(args.words, texts)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        build_model(Path(directory), texts)
        print(f"built the distilbart-cnn-12-6-shaped model in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for beams in (1, 4):
            settings = load_settings(model=directory, device="cpu", num_beams=beams, queue_size=8)
            method = Summarizer(settings).method("abstractive")
            assert isinstance(method, AbstractiveMethod)
            input_tokens = method.model().count_tokens([article])[0]
            time_generation(method, article, 4, 1, 1)  # warm-up
            for concurrency in (1, 4):
                result = time_generation(method, article, args.new_tokens, concurrency, args.repeats)
                rows.append((beams, concurrency, input_tokens, result))

    encoder_summarizer = Summarizer(load_settings(device="cpu"))
    encoder_summarizer.summarize(SEED, method="embedding")  # loads MiniLM
    runs = []
    for _ in range(20):
        started = time.perf_counter()
        encoder_summarizer.summarize(SEED, method="embedding", keywords=0, key_points=0)
        runs.append(time.perf_counter() - started)

    print(
        f"\nCPU ({torch.get_num_threads()} threads), {args.words}-word CNN/DM article, "
        f"{args.new_tokens} new tokens per request, {args.repeats} requests per client\n"
    )
    print("| model | beams | clients | input tokens | mean latency s | max latency s | new tokens/s |")
    print("|---|---|---|---|---|---|---|")
    for beams, concurrency, input_tokens, r in rows:
        print(
            f"| distilbart-cnn-12-6 shape | {beams} | {concurrency} | {input_tokens} | {r['latency']:.2f} "
            f"| {r['p_max']:.2f} | {r['tokens_per_s']:.1f} |"
        )
    print(
        f"\nembedding method on the seed article ({len(SEED.split())} words): "
        f"median {statistics.median(runs) * 1000:.0f} ms, min {min(runs) * 1000:.0f} ms over {len(runs)} runs"
    )


if __name__ == "__main__":
    main()
