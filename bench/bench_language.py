"""Telling English from other languages: the built-in word-count guess beside the detectors
that can be installed (py3langid, pycld2, langdetect), on the same texts.

English: the Reuters-21578 stories (bench/reuters_to_jsonl.py), where every answer other
than English is an error. Other languages: paragraphs of eight translated program messages
from the system's gettext catalogues (/usr/share/locale), where English is the error.

    python bench/bench_language.py [--reuters /tmp/factlookup-bench/reuters.jsonl]

Prints, per detector: import seconds, CPU seconds over the English texts, English texts
called another language, other-language paragraphs called English.
"""

from __future__ import annotations

import argparse
import gettext
import glob
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cli"))

LANGUAGES = ["de", "fr", "es", "it", "pt_BR", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hr", "ro", "tr", "hu", "id",
             "ca", "gl", "ru", "uk", "el", "ja", "zh_CN", "ko"]


def paragraphs(per_language: int = 50) -> list[str]:
    rng = random.Random(1)
    out = []
    for lang in LANGUAGES:
        messages: list[str] = []
        for mo in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
            try:
                with open(mo, "rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog  # noqa: SLF001
            except Exception:  # noqa: BLE001 - a catalogue that does not parse is left out
                continue
            messages += [v for k, v in catalog.items() if k and isinstance(v, str) and len(v.split()) >= 6]
        rng.shuffle(messages)
        out += [" ".join(messages[i : i + 8]) for i in range(0, min(len(messages), per_language * 8), 8)]
    return out


def builtin() -> Callable[[str], bool]:
    from factlookup.extract.language import detect, is_english

    return lambda text: is_english(detect(text))


def py3langid() -> Callable[[str], bool]:
    import py3langid as langid

    return lambda text: langid.classify(text)[0] == "en"


def pycld2() -> Callable[[str], bool]:
    import pycld2 as cld2

    def english(text: str) -> bool:
        try:
            return cld2.detect(text)[2][0][1] in ("en", "un")
        except cld2.error:
            return True

    return english


def langdetect() -> Callable[[str], bool]:
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0

    def english(text: str) -> bool:
        try:
            return detect(text) == "en"
        except LangDetectException:
            return True

    return english


DETECTORS = {"built-in": builtin, "py3langid": py3langid, "pycld2": pycld2, "langdetect": langdetect}
MODULES = {"built-in": "factlookup.extract.language", "py3langid": "py3langid", "pycld2": "pycld2", "langdetect": "langdetect"}


def import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "cli")})
        runs.append(float(done.stdout) if done.returncode == 0 else float("nan"))
    return sorted(runs)[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuters", default="/tmp/factlookup-bench/reuters.jsonl")
    args = parser.parse_args()
    english = [json.loads(line).get("text", "") for line in open(args.reuters, encoding="utf-8")]
    others = paragraphs()
    print(f"{len(english)} English stories, {len(others)} paragraphs in {len(LANGUAGES)} other languages")
    print(f"{'detector':<11} {'import s':>8} {'CPU s (en)':>10} {'en missed':>9} {'other missed':>12}")
    for name, make in DETECTORS.items():
        try:
            is_english = make()
        except ImportError:
            print(f"{name:<11} not installed")
            continue
        started = time.process_time()
        wrong_en = sum(not is_english(t) for t in english)
        cpu = time.process_time() - started
        wrong_other = sum(is_english(t) for t in others)
        print(f"{name:<11} {import_seconds(MODULES[name]):>8.3f} {cpu:>10.2f} {wrong_en:>9} {wrong_other:>12}")


if __name__ == "__main__":
    main()
