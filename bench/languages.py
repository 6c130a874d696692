"""Language detectors side by side: accuracy on short and long texts of every language, speed, memory.

    python bench/languages.py                      # the detector the service uses, and py3langid's own call
    python bench/languages.py --site DIR           # also py3langid 0.4 and lingua, installed in DIR:
    pip install --target DIR py3langid==0.4.0 lingua-language-detector==2.1.1

Texts: bench/language_texts.py, six sentences per language; "short" is each sentence alone, "long" the
six as one article. A supported language is right when the detector names it (any of Norwegian's codes);
an unsupported one when the detector names it too (the service then refuses it). Each detector runs in
its own process (py3langid 0.3 and 0.4 share a module name): load is the import and model load, RSS the
resident memory that load and the first detection add to a process that has numpy and the splitter
already (as a worker has); speed the mean per call, on the seed article (379 words) too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.language_texts import SUPPORTED, UNSUPPORTED  # noqa: E402

SEED = ROOT / "seeds" / "000_40be298b49e5fdb4.txt"
CODES = {
    "czech": {"cs"},
    "danish": {"da"},
    "dutch": {"nl"},
    "english": {"en"},
    "finnish": {"fi"},
    "french": {"fr"},
    "german": {"de"},
    "greek": {"el"},
    "italian": {"it"},
    "norwegian": {"no", "nb", "nn"},
    "polish": {"pl"},
    "portuguese": {"pt"},
    "russian": {"ru"},
    "spanish": {"es"},
    "swedish": {"sv"},
    "turkish": {"tr"},
    "estonian": {"et"},
    "hungarian": {"hu"},
    "romanian": {"ro"},
    "slovene": {"sl"},
}
DETECTORS = {
    "summarizer (py3langid 0.3, 300-char sample)": "ours",
    "py3langid 0.3 classify (whole text)": "py3langid",
    "py3langid 0.4 classify (whole text)": "py3langid",
    "lingua 2.1, low accuracy mode": "lingua-low",
    "lingua 2.1, high accuracy mode": "lingua-high",
}


def _resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _load(kind: str) -> Callable[[str], str]:
    """A function text -> ISO 639-1 code, the detector loaded."""
    if kind == "ours":
        from summarizer.text.detect import detect_language

        return lambda text: detect_language(text).code
    if kind == "py3langid":
        import py3langid

        return lambda text: str(py3langid.classify(text)[0])
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if kind == "lingua-low":
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def code(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else "und"

    return code


def _mean_ms(detect: Callable[[str], str], texts: list[str], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            detect(text)
    return (time.perf_counter() - started) * 1000 / (repeat * len(texts))


def measure(kind: str) -> dict[str, object]:
    """One detector's figures, in this process."""
    import numpy  # noqa: F401  (a worker has these already)

    import summarizer.text.sentences  # noqa: F401

    before = _resident_mib()
    started = time.perf_counter()
    detect = _load(kind)
    detect("warm")
    load_ms = (time.perf_counter() - started) * 1000
    rss = _resident_mib() - before
    version = {"ours": "py3langid", "py3langid": "py3langid"}.get(kind, "lingua-language-detector")
    from importlib.metadata import version as installed

    right: dict[str, dict[str, int]] = {}
    for language, sentences in {**SUPPORTED, **UNSUPPORTED}.items():
        right[language] = {
            "short": sum(detect(s) in CODES[language] for s in sentences),
            "long": int(detect(" ".join(sentences)) in CODES[language]),
        }
    short = [s for sentences in SUPPORTED.values() for s in sentences]
    long = [" ".join(sentences) for sentences in SUPPORTED.values()]
    return {
        "version": installed(version),
        "right": right,
        "load_ms": load_ms,
        "rss_mib": rss,
        "short_ms": _mean_ms(detect, short, 5),
        "long_ms": _mean_ms(detect, long, 20),
        "seed_ms": _mean_ms(detect, [SEED.read_text()], 200),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", help="a folder with py3langid 0.4 and lingua (pip install --target)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one detector, in a child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    rows = []
    for name, kind in DETECTORS.items():
        needs_site = "0.4" in name or kind.startswith("lingua")
        if needs_site and args.site is None:
            continue
        site = args.site if needs_site else None
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [site, str(ROOT)]))}
        result = subprocess.run(
            [sys.executable, __file__, "--measure", kind], capture_output=True, text=True, env=env, check=False
        )
        if result.returncode:
            print(f"{name}: failed\n{result.stderr[-2000:]}", file=sys.stderr)
            continue
        figures = json.loads(result.stdout)
        if "0.4" in name and not figures["version"].startswith("0.4"):
            continue
        rows.append((name, figures))
    languages = [*SUPPORTED, *UNSUPPORTED]
    print("| detector | sentences right | articles right | load ms | RSS MiB | ms/sentence | ms/article | ms/seed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, f in rows:
        right = f["right"]
        short = sum(right[lang]["short"] for lang in SUPPORTED)
        long = sum(right[lang]["long"] for lang in SUPPORTED)
        short_un = sum(right[lang]["short"] for lang in UNSUPPORTED)
        long_un = sum(right[lang]["long"] for lang in UNSUPPORTED)
        print(
            f"| {name} | {short}/{6 * len(SUPPORTED)} (+{short_un}/{6 * len(UNSUPPORTED)} unsupported) "
            f"| {long}/{len(SUPPORTED)} (+{long_un}/{len(UNSUPPORTED)}) | {f['load_ms']:.0f} | {f['rss_mib']:.1f} "
            f"| {f['short_ms']:.3f} | {f['long_ms']:.3f} | {f['seed_ms']:.3f} |"
        )
    print()
    print("Sentences right out of 6 (short) and article right (long, 1/0), per language:")
    print("| language | " + " | ".join(name.split(" (")[0] for name, _ in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for language in languages:
        cells = [f"{f['right'][language]['short']}/6, {f['right'][language]['long']}" for _, f in rows]
        print(f"| {language} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
