#!/usr/bin/env python3
"""Build the entity tagger's model from the CoNLL-2003 and Reuters-21578 data.

    python scripts/train_ner.py [--data-dir DIR] [--out DIR] [--c1 C1] [--c2 C2]

Steps, each written into --out (default: the package's ner/ folder):
  1. word clusters: PPMI context vectors over the unlabeled Reuters-21578 bodies plus the
     CoNLL-2003 training text, reduced by SVD and grouped by spherical k-means at several
     granularities (clusters.txt.gz);
  2. gazetteer: the words of the training entities with their types (gazetteer.txt.gz);
     while training, each fold of documents sees only the gazetteer built from the other folds,
     so the model learns how far to trust it for unseen names;
  3. the CRF (model.crfsuite), trained with L-BFGS on train.txt + dev.txt, then scored on
     dev.txt. The settings were chosen with --train-only, which keeps dev.txt held out.

Training needs numpy and scipy (for the clusters); the package does not.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import html
import io
import os
import re
import sys
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cli"))

from factlookup.extract.ner.evaluate import read_conll, score_documents, to_iob2  # noqa: E402
from factlookup.extract.ner.features import (  # noqa: E402
    CLUSTER_FILE,
    GAZETTEER_FILE,
    FeatureExtractor,
    digit_norm,
    load_clusters,
    normalise,
)
from factlookup.extract.text import tokenize  # noqa: E402

CLUSTER_SIZES = (32, 128, 512, 2048)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- word clusters ---------------------------------------------------------------------------


def reuters_texts(directory: str):
    for path in sorted(glob.glob(os.path.join(directory, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as fh:
            raw = fh.read()
        for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
            body = html.unescape(m.group(1))
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body)
            yield body.replace("\x03", " ")
        for m in re.finditer(r"<TITLE>(.*?)</TITLE>", raw, re.S):
            yield html.unescape(m.group(1))


def _gzip_text(path: str):
    """A gzip text writer with a fixed header time, so that rebuilt files are byte-identical."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8")


def cluster_key(word: str) -> str:
    return digit_norm(normalise(word))


def build_clusters(
    data_dir: str, train_docs, out_path: str, min_count: int = 3, sizes=CLUSTER_SIZES, dims: int = 100, seed: int = 7
) -> None:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    log("clusters: reading text")
    streams: list[list[str]] = []
    for text in reuters_texts(os.path.join(data_dir, "reuters21578")):
        streams.append([cluster_key(t.text) for t in tokenize(text)])
    for doc in train_docs:
        for tokens, _ in doc:
            streams.append([cluster_key(t) for t in tokens])
    counts = Counter(w for s in streams for w in s)
    log(f"clusters: {sum(counts.values())} tokens, {len(counts)} types")
    vocab = [w for w, c in counts.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    lower_counts = Counter()
    for w, c in counts.items():
        lower_counts[w.lower()] += c
    contexts = [w for w, _ in lower_counts.most_common(3000)]
    cindex = {w: i for i, w in enumerate(contexts)}
    n_ctx = len(contexts)
    offsets = (-2, -1, 1, 2)
    rows: list = []
    cols: list = []
    for s in streams:
        ids = np.array([index.get(w, -1) for w in s], dtype=np.int64)
        cids = np.array([cindex.get(w.lower(), -1) for w in s], dtype=np.int64)
        n = len(s)
        for k, off in enumerate(offsets):
            if off < 0:
                t, c = ids[-off:], cids[: n + off]
            else:
                t, c = ids[: n - off], cids[off:]
            keep = (t >= 0) & (c >= 0)
            rows.append(t[keep])
            cols.append(c[keep] + k * n_ctx)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), len(offsets) * n_ctx)).tocsr()
    m.sum_duplicates()
    log(f"clusters: matrix {m.shape}, {m.nnz} cells")
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum *= total / col_sum.sum()
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    u, s, _ = svds(ppmi, k=dims, random_state=seed)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    vec = vec.astype(np.float32)
    log(f"clusters: {len(vocab)} words embedded in {dims} dims")
    rng = np.random.default_rng(seed)
    assignments = []
    for k in sizes:
        assignments.append(spherical_kmeans(vec, k, rng))
        log(f"clusters: k={k} done")
    with _gzip_text(out_path) as fh:
        for i, w in enumerate(vocab):
            fh.write(w + "\t" + "\t".join(str(int(a[i])) for a in assignments) + "\n")
    log(f"clusters: wrote {out_path} ({os.path.getsize(out_path)} bytes)")


def spherical_kmeans(x, k: int, rng, iterations: int = 20):
    import numpy as np

    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        for a in range(0, len(x), 8192):
            assign[a : a + 8192] = np.argmax(x[a : a + 8192] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, x)
        sizes = np.bincount(assign, minlength=k)
        empty = sizes == 0
        if empty.any():
            sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return assign


# -- gazetteer -------------------------------------------------------------------------------


def gazetteer_from(docs) -> dict[str, str]:
    types: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for tokens, tags in doc:
            for tok, tag in zip(tokens, tags):
                if tag != "O" and any(ch.isalpha() for ch in tok):
                    types[normalise(tok).lower()].add(tag[2:])
    return {w: " ".join(sorted(t)) for w, t in types.items()}


def write_gazetteer(gaz: dict[str, str], path: str) -> None:
    with _gzip_text(path) as fh:
        for w in sorted(gaz):
            fh.write(f"{w}\t{gaz[w]}\n")


# -- training ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "cli", "factlookup", "extract", "ner"))
    parser.add_argument("--c1", type=float, default=0.08)
    parser.add_argument("--c2", type=float, default=0.15)
    parser.add_argument("--max-iter", type=int, default=500)
    parser.add_argument("--min-freq", type=float, default=1)
    parser.add_argument("--folds", type=int, default=5, help="gazetteer folds (0: no gazetteer)")
    parser.add_argument("--cluster-min-count", type=int, default=3, help="rarest word given a cluster")
    parser.add_argument(
        "--cluster-sizes", default=",".join(map(str, CLUSTER_SIZES)), help="k-means granularities, coarse to fine"
    )
    parser.add_argument("--reuse-clusters", action="store_true", help="keep an existing clusters file in --out")
    parser.add_argument("--clusters-only", action="store_true")
    parser.add_argument(
        "--train-only",
        action="store_true",
        help="train on train.txt alone (the default adds dev.txt once the settings are fixed; "
        "with this flag dev.txt stays held out and its score is a true dev score)",
    )
    args = parser.parse_args(argv)

    import pycrfsuite

    conll = os.path.join(args.data_dir, "conll2003")
    os.makedirs(args.out, exist_ok=True)
    train = [[(t, to_iob2(g)) for t, g in doc] for doc in read_conll(os.path.join(conll, "train.txt"))]
    dev = read_conll(os.path.join(conll, "dev.txt"))

    cluster_path = os.path.join(args.out, CLUSTER_FILE)
    if not (args.reuse_clusters and os.path.exists(cluster_path)):
        sizes = tuple(int(k) for k in args.cluster_sizes.split(","))
        build_clusters(args.data_dir, train, cluster_path, min_count=args.cluster_min_count, sizes=sizes)
    if args.clusters_only:
        return 0
    clusters = load_clusters(cluster_path)
    if not args.train_only:
        train = train + [[(t, to_iob2(g)) for t, g in doc] for doc in dev]

    gaz_path = os.path.join(args.out, GAZETTEER_FILE)
    if args.folds > 1:
        write_gazetteer(gazetteer_from(train), gaz_path)
        fold_of = [i % args.folds for i in range(len(train))]
        extractors = [
            FeatureExtractor(clusters, gazetteer_from([d for d, f in zip(train, fold_of) if f != k]))
            for k in range(args.folds)
        ]
    else:
        if os.path.exists(gaz_path):
            os.remove(gaz_path)
        fold_of = [0] * len(train)
        extractors = [FeatureExtractor(clusters)]

    log("features")
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tokens = 0
    for doc, fold in zip(train, fold_of):
        xs = extractors[fold].document([t for t, _ in doc])
        for x, (_, y) in zip(xs, doc):
            trainer.append(x, y)
            n_tokens += len(y)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.max_iter,
            "feature.minfreq": args.min_freq,
            "feature.possible_transitions": True,
        }
    )
    model_path = os.path.join(args.out, "model.crfsuite")
    log(f"training on {n_tokens} tokens: c1={args.c1} c2={args.c2} max_iter={args.max_iter}")
    started = time.time()
    trainer.train(model_path)
    log(f"trained in {time.time() - started:.0f}s, {trainer.logparser.last_iteration['num'] if trainer.logparser.last_iteration else '?'} iterations; model {os.path.getsize(model_path)} bytes")

    from factlookup.extract.ner.tagger import Recogniser

    rec = Recogniser(model_path)
    score = score_documents(dev, rec.tag_document)
    print(score.report())
    print(f"dev F1 {score.f1:.4f}" + ("" if args.train_only else " (dev.txt was part of the training data)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
