"""Static sentence embeddings: a table of token vectors distilled from the bundled MiniLM, averaged per sentence.

model2vec (Tulkens & van Dongen 2024, "Model2Vec: fast state-of-the-art static embeddings") passes every
token of all-MiniLM-L6-v2's vocabulary through the transformer once, reduces the outputs to 256
dimensions by PCA and weights them by Zipf rank (SIF). A sentence is then the mean of its tokens'
rows: a table lookup instead of a forward pass. `build()` runs the distillation (about 20 s on two
cores; `scripts/install.sh` runs it once per environment, offline, from the bundled model); serving
reads the result without torch, transformers or model2vec.

Why not model2vec's own `StaticModel` at run time: importing it pulls in huggingface_hub and joblib
(150 ms) and loading it takes 230 ms, more than the whole CLI may spend; the same arithmetic here
(tokenize with `tokenizers`, mean the rows, unit length) imports in 30 ms and loads in 30 ms with the
table memory-mapped, so gunicorn's workers share its pages. It gives model2vec's vectors to float
rounding (tests/test_static_embeddings.py).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from ..errors import ModelUnavailable

try:  # SciPy's C++ kernel behind `csr_matrix @ ndarray` (see counts_times_table); SciPy is pinned
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - a SciPy that moved it: the public product
    _csr_matvecs = None

# Inside the environment that holds the bundled MiniLM it was distilled from (see scripts/install.sh).
DEFAULT_PATH = Path(sys.prefix) / "share" / "summarizer" / "minilm-static"
VECTORS, TOKENIZER, CONFIG = "vectors.npy", "tokenizer.json", "config.json"
PCA_DIMS = 256  # model2vec's default: within 1% of the full 384 dimensions on MTEB, two-thirds the size
UNKNOWN = "[UNK]"  # MiniLM's (BERT's) unknown token
CHUNK_CACHE_SIZE = 50_000  # distinct whitespace-separated pieces whose token ids are kept (about 8 MiB)
# Key points: two sentences whose cosine is above this are paraphrases. Static vectors run higher than
# MiniLM's on unrelated pairs; 0.687 flags the same share of sentence pairs (3.1% of those within each
# of 150 BBC articles) as MiniLM's 0.6 (summarizer/models/minilm.py).
DUPLICATE_SIMILARITY = 0.687
BUILD_COMMAND = "summarize build-embeddings"


def unavailable_reason(path: Path) -> str | None:
    """Cheap check: are the distilled files there?"""
    missing = [name for name in (VECTORS, TOKENIZER) if not (path / name).exists()]
    if missing:
        return f"no static embeddings in {path} (missing {', '.join(missing)}); run `{BUILD_COMMAND}`"
    return None


def counts_times_table(indptr: np.ndarray, indices: np.ndarray, counts: np.ndarray, table: np.ndarray) -> np.ndarray:
    """A sentence x token count matrix, as CSR arrays (float32 counts), times the table: float32 rows.

    By SciPy's own kernel for a CSR matrix times a dense one, the one `csr_matrix @ ndarray` calls, called
    directly: building the `csr_matrix` and dispatching its product cost 0.1 ms of a request (a quarter of
    `encode` on the seed article, right after a summary) in checks that arrays built as `encode` builds
    them pass by construction. The same kernel on the same arrays gives the same bits
    (tests/test_static_embeddings.py compares it with the public product). A table that is not C-ordered
    float32, or a SciPy without the kernel, takes the public way.
    """
    n, (vocabulary, dims) = len(indptr) - 1, table.shape
    table = np.asarray(table)  # a plain view of a memory-mapped table
    if _csr_matvecs is None or table.dtype != np.float32 or not table.flags.c_contiguous:
        matrix = sparse.csr_matrix((counts, indices, indptr), shape=(n, vocabulary))
        return np.asarray(matrix @ table, dtype=np.float32)
    out = np.zeros((n, dims), dtype=np.float32)
    _csr_matvecs(n, vocabulary, dims, indptr, indices, counts, table.ravel(), out.ravel())
    return out


class StaticEncoder:
    """Loads on first use, once, behind a lock; encodes sentences to unit-length float32 rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._loaded: tuple[Any, np.ndarray] | None = None
        self._chunks: dict[str, tuple[int, ...]] = {}
        self._unknown: int | None = None

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _load(self) -> tuple[Any, np.ndarray]:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    reason = unavailable_reason(self.path)
                    if reason:
                        raise ModelUnavailable(reason)
                    # One thread: a sentence's pieces are short, and a process that forks (gunicorn's master,
                    # RQ's workers) must not have started the tokenizer's thread pool.
                    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                    from tokenizers import Tokenizer

                    tokenizer = Tokenizer.from_file(str(self.path / TOKENIZER))
                    vectors = np.load(self.path / VECTORS, mmap_mode="r")
                    # model2vec drops the unknown token: a character outside the vocabulary carries no meaning.
                    self._unknown = tokenizer.token_to_id(UNKNOWN)
                    self._loaded = tokenizer, vectors
        return self._loaded

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One L2-normalised row per sentence: the mean of its tokens' vectors (zeros for no token)."""
        _, vectors = self._load()
        n, vocabulary = len(sentences), vectors.shape[0]
        out = np.zeros((n, vectors.shape[1]), dtype=np.float32)
        pieces = [sentence.split() for sentence in sentences]
        self._learn({chunk for chunks in pieces for chunk in chunks if chunk not in self._chunks})
        known = self._chunks.get  # _chunk_ids learns a piece again if another thread cleared the cache since
        ids = [[t for chunk in chunks for t in (known(chunk) or self._chunk_ids(chunk))] for chunks in pieces]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=n)
        present = lengths > 0
        if present.any():
            flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
            # Sentence x token counts times the table: reads only the rows the text uses, with no
            # tokens x 256 intermediate (on 185 sentences: 1.8 ms, where gathering rows took 20 ms). The
            # counts are built in SciPy's canonical form (each row's token ids sorted, once each), which
            # is what a COO (row, id) matrix sums to, so the product is the same to the bit, without
            # SciPy's COO conversion (seed article: 0.185 -> 0.149 ms; 185 sentences: 1.59 -> 1.36 ms).
            row_offsets = np.arange(n, dtype=np.int64) * vocabulary
            keys, counts = np.unique(np.repeat(row_offsets, lengths) + flat, return_counts=True)
            indptr = np.searchsorted(keys, np.append(row_offsets, n * vocabulary))
            out = counts_times_table(indptr, keys % vocabulary, counts.astype(np.float32), vectors)
            out[present] /= lengths[present, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _learn(self, chunks: set[str]) -> dict[str, tuple[int, ...]]:
        """Token ids of pieces not seen before, in one call of the tokenizer, added to the cache and
        returned: a process that has not seen a text's words (a fresh worker, each job's forked work
        horse) pays about 2 us a piece instead of the 10-20 us of a call per piece."""
        if not chunks:
            return {}
        tokenizer, _ = self._load()
        new = list(chunks)
        learned = {
            chunk: tuple(t for t in encoding.ids if t != self._unknown)
            for chunk, encoding in zip(new, tokenizer.encode_batch(new, add_special_tokens=False), strict=True)
        }
        if len(self._chunks) + len(learned) > CHUNK_CACHE_SIZE:
            self._chunks.clear()  # bounded: a long-running process sees an open-ended vocabulary
        self._chunks.update(learned)
        return learned

    def _chunk_ids(self, chunk: str) -> tuple[int, ...]:
        """Token ids of one whitespace-free piece of text, cached: MiniLM's tokenizer splits on whitespace
        before anything else, so a sentence's ids are its pieces' ids in order, and a text repeats its
        words. Tokenizing a 14-sentence article whole took 0.8 ms; looking its pieces up, 0.1 ms. A piece
        missing here (the cache was cleared since `encode` learned it, by another thread) is learned again."""
        cached = self._chunks.get(chunk)
        return cached if cached is not None else self._learn({chunk})[chunk]


_ENCODERS: dict[Path, StaticEncoder] = {}
_ENCODERS_LOCK = threading.Lock()


def shared_static_encoder(path: Path) -> StaticEncoder:
    """One encoder per table in the process: the table is mapped once."""
    with _ENCODERS_LOCK:
        return _ENCODERS.setdefault(path, StaticEncoder(path))


def build(path: Path = DEFAULT_PATH, source: str | None = None) -> Path:
    """Distil the static table from `source` (default: the bundled MiniLM) into `path`, offline.

    Needs torch, transformers and model2vec (installed with the project); serving needs none of them.
    """
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    from .devices import quiet_transformers
    from .minilm import bundled_model_path

    quiet_transformers()
    source = source or str(bundled_model_path())
    model = AutoModel.from_pretrained(source)
    tokenizer = AutoTokenizer.from_pretrained(source)  # MiniLM's is a fast (Rust) tokenizer, as model2vec needs
    static = distill_from_model(model, tokenizer, pca_dims=PCA_DIMS, device="cpu")  # type: ignore[arg-type]
    path.mkdir(parents=True, exist_ok=True)
    # float32 on disk: converting float16 rows on every lookup cost more than the lookup itself.
    np.save(path / VECTORS, np.asarray(static.embedding, dtype=np.float32))
    static.tokenizer.save(str(path / TOKENIZER))
    (path / CONFIG).write_text(
        json.dumps({"source": source, "distilled_with": "model2vec", "pca_dims": PCA_DIMS, "sif_coefficient": 1e-4})
    )
    return path
