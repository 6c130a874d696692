"""The default method's static vectors: model2vec's arithmetic, no transformer at run time."""

from __future__ import annotations

import numpy as np
import pytest
from model2vec import StaticModel
from scipy import sparse
from tokenizers import Tokenizer

from summarizer import ModelUnavailable, Summarizer, split_sentences
from summarizer.models.static import DEFAULT_PATH, TOKENIZER, VECTORS, StaticEncoder, counts_times_table
from summarizer.settings import load_settings


def test_vectors_are_model2vecs_for_the_same_table(seed_text):
    sentences = [*split_sentences(seed_text).clean_sentences, "", "漢字 ☃ naïve café—résumé, 3.5% “quoted”"]
    reference = StaticModel(
        vectors=np.load(DEFAULT_PATH / VECTORS),
        tokenizer=Tokenizer.from_file(str(DEFAULT_PATH / TOKENIZER)),
        normalize=True,
    )

    ours = StaticEncoder(DEFAULT_PATH).encode(sentences)

    np.testing.assert_allclose(reference.encode(sentences), ours, atol=1e-5)
    np.testing.assert_allclose(1.0, np.linalg.norm(ours[:-2], axis=1), rtol=1e-5)
    assert not ours[-2].any()  # an empty sentence has no token: a zero row, not NaN


def test_counts_in_canonical_form_give_the_coo_sums_to_the_bit(seed_text):
    """encode builds its sentence x token counts sorted and summed by hand; SciPy's COO matrix (the
    straightforward build) sums the same entries, and the products must agree exactly, or summaries change."""
    sentences = [*split_sentences(seed_text).clean_sentences, "", "the the the cat, the cat. Cat cat the"]
    encoder = StaticEncoder(DEFAULT_PATH)
    ours = encoder.encode(sentences)

    tokenizer = Tokenizer.from_file(str(DEFAULT_PATH / TOKENIZER))
    unknown = tokenizer.token_to_id("[UNK]")
    ids = [[t for t in tokenizer.encode(s, add_special_tokens=False).ids if t != unknown] for s in sentences]
    vectors = np.load(DEFAULT_PATH / VECTORS, mmap_mode="r")
    rows = np.repeat(np.arange(len(ids)), [len(i) for i in ids])
    counts = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, np.concatenate(ids).astype(np.int64))),
        shape=(len(ids), vectors.shape[0]),
    )
    means = np.asarray(counts @ vectors, dtype=np.float32)
    lengths = np.array([len(i) for i in ids])
    means[lengths > 0] /= lengths[lengths > 0, None]
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    np.divide(means, norms, out=means, where=norms > 0)

    assert np.array_equal(means, ours)


def test_the_kernel_called_directly_gives_the_public_products_bits():
    """counts_times_table calls SciPy's CSR kernel itself; `csr_matrix @ table` must give the same bits,
    rows without tokens included; a float64 table takes the public way."""
    rng = np.random.default_rng(3)
    table = rng.standard_normal((500, 16)).astype(np.float32)
    for _ in range(20):
        per_row = rng.integers(0, 8, size=12)
        per_row[rng.integers(0, 12)] = 0  # a sentence with no token
        indices = np.concatenate([np.sort(rng.choice(500, size=k, replace=False)) for k in per_row]).astype(np.int64)
        indptr = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
        counts = rng.integers(1, 4, size=len(indices)).astype(np.float32)
        public = np.asarray(sparse.csr_matrix((counts, indices, indptr), shape=(12, 500)) @ table, dtype=np.float32)

        assert public.tobytes() == counts_times_table(indptr, indices, counts, table).tobytes()
        wide = table.astype(np.float64)
        assert np.array_equal(
            np.asarray(sparse.csr_matrix((counts, indices, indptr), shape=(12, 500)) @ wide, dtype=np.float32),
            counts_times_table(indptr, indices, counts, wide),
        )


def test_a_missing_table_names_the_command_that_builds_it(tmp_path, seed_text):
    summarizer = Summarizer(load_settings(static_embeddings=tmp_path))

    with pytest.raises(ModelUnavailable, match="summarize build-embeddings"):
        summarizer.summarize(seed_text)
    assert [] == [m for m in summarizer.methods() if m.name == "centrality" and m.available]
