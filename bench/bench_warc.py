"""Reading a large WARC crawl: memory stays flat however big the file is.

Writes a crawl of news pages (the seed article in a news-site template, each page a little
different) padded with image records to SIZE, compressed per record as crawlers write them,
then reads it with the corpus loader in a child process and prints the articles read, the
CPU seconds, and the peak memory (max RSS). Run it at two sizes side by side: a flat
reader shows the same peak for both.

    python bench/bench_warc.py --size-mb 100 --size-mb 1024 [--folder /tmp/factlookup-bench]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cfcca4a1f232a10f.txt"

READER = """
import resource, sys, time
from factlookup.index.corpus import SourceFile, load
import os
path = sys.argv[1]
st = os.stat(path)
warnings = []
started = time.process_time()
articles = chars = 0
for article in load(SourceFile(path, os.path.basename(path), st.st_size, st.st_mtime_ns), warnings.append):
    articles += 1
    chars += len(article.text)
cpu = time.process_time() - started
print(articles, chars, round(cpu, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, len(warnings))
"""


def page(n: int, rng: random.Random) -> bytes:
    title, body = SEED.read_text(encoding="utf-8").split("\n\n", 1)
    paras = [p for p in body.split("\n\n") if p.strip()]
    rng.shuffle(paras)
    day = 1 + n % 28
    ld = json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": f"2022-02-{day:02d}"})
    text = "\n".join(f"<p>{html.escape(p)} (item {n})</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{html.escape(title)} {n}</title>"
        f"<script type='application/ld+json'>{ld}</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)} {n}</h1>{text}</article>"
        "<div class='newsletter'>Subscribe to our newsletter</div><footer>© Steppe Daily</footer></body></html>"
    ).encode()


def write_crawl(path: Path, size: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(7)
    image = os.urandom(512 * 1024)  # incompressible, like a JPEG
    pages = 0
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        while fh.tell() < size:
            for kind in ("page", "page", "page", "image"):
                if kind == "page":
                    body, ctype, url = page(pages, rng), "text/html; charset=utf-8", f"https://steppe-daily.example/n/{pages}"
                    pages += 1
                else:
                    body, ctype, url = image, "image/jpeg", f"https://steppe-daily.example/img/{pages}.jpg"
                http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, action="append", default=None)
    parser.add_argument("--folder", default="/tmp/factlookup-bench")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    print("size MB  articles  text MB  CPU s  peak RSS MB")
    for size_mb in args.size_mb or [100, 1024]:
        path = folder / f"crawl-{size_mb}mb.warc.gz"
        if not path.exists():
            started = time.perf_counter()
            pages = write_crawl(path, size_mb * 1024 * 1024)
            print(f"(wrote {path} with {pages} pages in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "cli"))
        done = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True, text=True, env=env, check=True)
        articles, chars, cpu, rss, _ = done.stdout.split()
        print(f"{os.path.getsize(path) / 2**20:7.0f}  {articles:>8}  {int(chars) / 1e6:7.1f}  {cpu:>5}  {rss:>11}")


if __name__ == "__main__":
    main()
