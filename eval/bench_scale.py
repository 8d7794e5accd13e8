"""Search cost as the corpus grows: the loaded index replicated in memory to 10× and 100× (no re-embedding).

Run: .venv/bin/python eval/bench_scale.py [--factors 1 10 100] [--rounds 2]

Every passage is copied `factor` times (each copy its own chunk, unit and document id, the same
vectors and tokens), so a question costs what it would over a corpus that many times larger. Printed
per factor: search p50/p95 (whole search, and without the query embedding, which does not depend on
corpus size), ask p50/p95 (search and the answer stage, one pass), memory of the index arrays and of the process, and a check that a search limited
to the original documents still finds the same first passage as at 1× (BM25's document
frequencies grow with the copies, so an exact tie may break differently; the count says how often).
Target: p50 at 100× ≤ 2 × p50 at 1×. Figures are printed, not asserted: machines here are shared.
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.dataset import load_questions  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from pipeline import config  # noqa: E402
from pipeline.answer import answer_question  # noqa: E402
from pipeline.embedder import load_embedder  # noqa: E402
from pipeline.index import LoadedIndex, load_index  # noqa: E402
from pipeline.search import SearchFilters, Searcher  # noqa: E402
from pipeline.tokenize_ja import tokenize  # noqa: E402

COPY_MARK = "~"  # chunk and document ids of copy k end in ~k; copy 0 keeps the original ids


def rss_mb() -> float:
    """Return this process's resident memory in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def replicate(index: LoadedIndex, factor: int) -> LoadedIndex:
    """Return `index` with every passage copied `factor` times (vectors tiled, BM25 re-indexed from tokens)."""
    import bm25s

    if factor == 1:
        return index
    n = len(index.chunks)
    chunks = list(index.chunks)
    units = dict(index.units)
    for k in range(1, factor):  # each copy its own document and its own units (slides), as new decks would be
        chunks += [dataclasses.replace(c, chunk_id=f"{c.chunk_id}{COPY_MARK}{k}", doc_id=f"{c.doc_id}{COPY_MARK}{k}",
                                       unit_id=f"{c.unit_id}{COPY_MARK}{k}")
                   for c in index.chunks]
        units.update({f"{unit_id}{COPY_MARK}{k}": unit for unit_id, unit in index.units.items()})
    passage_vectors = np.ascontiguousarray(np.tile(index.passage_vectors, (factor, 1)))
    offsets = (np.arange(factor, dtype=index.line_rows.dtype) * n).repeat(len(index.line_rows))
    line_rows = np.tile(index.line_rows, (factor, 1))
    line_rows[:, 0] += offsets
    tokens = [tokenize(c.search_text) for c in index.chunks]
    bm25 = bm25s.BM25()
    bm25.index(tokens * factor, show_progress=False)
    return dataclasses.replace(index, chunks=chunks, units=units, passage_vectors=passage_vectors,
                               line_vectors=np.tile(index.line_vectors, (factor, 1)), line_rows=line_rows,
                               bm25=bm25)


def index_mb(index: LoadedIndex) -> float:
    """Return the size of the index's vector and BM25 arrays in MB."""
    arrays = [index.passage_vectors, index.line_vectors, index.line_rows]
    arrays += [v for v in (getattr(index.bm25, "scores", None) or {}).values() if isinstance(v, np.ndarray)]
    return sum(a.nbytes for a in arrays) / 1e6


def base_id(chunk_id: str) -> str:
    return chunk_id.split(COPY_MARK)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the dev questions per factor")
    args = parser.parse_args()

    questions = [q.question for q in load_questions("dev")]
    embedder = load_embedder()
    base = load_index(config.INDEX_DIR, config.CORPUS_DIR, embedder)
    originals = SearchFilters(doc_ids=tuple(sorted({c.doc_id for c in base.chunks})))
    reference: dict[str, str | None] = {}
    rows = []
    for factor in args.factors:
        started = time.perf_counter()
        index = replicate(base, factor)
        searcher = Searcher(index, embedder)
        setup_s = time.perf_counter() - started
        for question in questions[:5]:  # warm-up: lazy imports, allocations
            searcher.search(question)
        totals, without_embed, filtered = [], [], []
        same_top = 0
        for round_ in range(args.rounds):
            for question in questions:
                t0 = time.perf_counter()
                result = searcher.search(question, top_k=5)
                elapsed = (time.perf_counter() - t0) * 1000
                totals.append(elapsed)
                without_embed.append(elapsed - result.timings_ms.get("embed", 0.0))
                if round_:
                    continue
                t1 = time.perf_counter()
                kept = searcher.search(question, top_k=5, filters=originals)
                filtered.append((time.perf_counter() - t1) * 1000)
                top = kept.hits[0].chunk.chunk_id if kept.hits else None
                if factor == args.factors[0]:
                    reference[question] = top
                same_top += top == reference.get(question)
        asks = []
        for question in questions:  # one pass: the answer stage reads the passages search returns
            t0 = time.perf_counter()
            answer_question(searcher, question)
            asks.append((time.perf_counter() - t0) * 1000)
        rows.append((factor, len(index.chunks), len(index.line_rows), percentile(totals, 50),
                     percentile(totals, 95), percentile(without_embed, 50), percentile(without_embed, 95),
                     statistics.median(filtered), index_mb(index), rss_mb(), setup_s, same_top,
                     percentile(asks, 50), percentile(asks, 95)))
        del searcher, index

    print(f"search (product mode, top 5) over {len(questions)} dev questions × {args.rounds} rounds, "
          f"index replicated in memory:")
    print(f"{'factor':>6} {'chunks':>8} {'lines':>9} {'p50 ms':>8} {'p95 ms':>8} {'p50 w/o embed':>14} "
          f"{'p95 w/o embed':>14} {'filtered p50':>13} {'ask p50':>8} {'ask p95':>8} {'index MB':>9} {'RSS MB':>8} "
          f"{'setup s':>8}  same top-1")
    print("(index MB: vector and BM25 arrays; RSS: the whole process, model and every copy made so far included; "
          "filtered: limited to the original documents)")
    for factor, chunks, lines, p50, p95, q50, q95, f50, mb, rss, setup, same, a50, a95 in rows:
        print(f"{factor:>5}× {chunks:>8} {lines:>9} {p50:>8.1f} {p95:>8.1f} {q50:>14.1f} {q95:>14.1f} {f50:>13.1f} "
              f"{a50:>8.1f} {a95:>8.1f} {mb:>9.1f} {rss:>8.0f} {setup:>8.1f}  {same}/{len(questions)}")
    first = rows[0]
    for factor, *_rest in rows[1:]:
        row = next(r for r in rows if r[0] == factor)
        print(f"p50 at {factor}× / p50 at {first[0]}×: {row[3] / first[3]:.2f} (target ≤ 2.00); "
              f"without the query embedding: {row[5] / first[5]:.2f}; ask: {row[12] / first[12]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
