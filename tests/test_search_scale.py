"""Search cost that does not grow with the corpus: the shortcuts (top rows by partition, fusion
from the best rows of each ranking, filters as masks) give exactly what ranking every row gives."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.records import Chunk
from pipeline.search import RRF_K, FilterColumns, SearchFilters, fused_ranking, ranks_of, top_rows


def full_ranking(scores: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Every kept row by descending score, equal scores in row order (the slow, obvious way)."""
    rows = np.flatnonzero(keep)
    return rows[np.argsort(-scores[rows], kind="stable")]


def full_fusion(dense: np.ndarray, bm25: np.ndarray, keep: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Reciprocal rank fusion over the whole of both rankings, as a dict and a sort."""
    dense_rank = {int(r): i + 1 for i, r in enumerate(full_ranking(dense, keep))}
    bm25_rank = {int(r): i + 1 for i, r in enumerate(full_ranking(bm25, keep & (bm25 > 0)))}
    fused = {r: 1.0 / (RRF_K + d) + (1.0 / (RRF_K + bm25_rank[r]) if r in bm25_rank else 0.0)
             for r, d in dense_rank.items()}
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]


def random_case(seed: int, n: int):
    """Scores with many exact ties (few distinct values), some rows without BM25, a random filter."""
    rng = np.random.default_rng(seed)
    dense = rng.integers(0, max(3, n // 4), n).astype(np.float32) / 7
    bm25 = np.where(rng.random(n) < 0.4, 0, rng.integers(0, 6, n)).astype(np.float32)
    keep = rng.random(n) < rng.choice([0.3, 0.9, 1.0])
    return dense, bm25, keep


@pytest.mark.parametrize("seed", range(40))
def test_fusion_from_the_best_rows_equals_fusion_over_every_row(seed):
    n = [5, 40, 200, 700][seed % 4]
    dense, bm25, keep = random_case(seed, n)
    if not keep.any():
        keep[0] = True
    for k in (1, 3, 30):
        rows, scores = fused_ranking(dense, bm25, keep, keep & (bm25 > 0), k)
        expected = full_fusion(dense, bm25, keep, k)
        assert [int(r) for r in rows] == [r for r, _ in expected]
        assert [float(s) for s in scores] == [s for _, s in expected]  # the same sums, bit for bit


@pytest.mark.parametrize("seed", range(20))
def test_top_rows_and_ranks_match_a_full_sort(seed):
    dense, _bm25, keep = random_case(seed, 300)
    ranking = full_ranking(dense, keep)
    for k in (1, 7, 50, 1000):
        assert top_rows(dense, keep, k).tolist() == ranking[:k].tolist()
    assert top_rows(dense, None, 9).tolist() == full_ranking(dense, np.ones(300, bool))[:9].tolist()
    some = ranking[::7]
    assert ranks_of(dense, keep, some).tolist() == [int(np.flatnonzero(ranking == r)[0]) + 1 for r in some]


def chunk(doc_id: str, collection: str | None, date: str) -> Chunk:
    return Chunk(f"{doc_id}#{collection}{date}", doc_id, "u", "t", "p", date, "u", None, 1, None, None, collection,
                 None, "h", "text", "text", "hash")


CHUNKS = [chunk("a", "好事例集", "2025-03"), chunk("a", None, "2025-03"), chunk("b", "出張", "2024"),
          chunk("c", "好事例集", "2026-01"), chunk("d", None, "")]


@pytest.mark.parametrize("filters, kept", [
    (SearchFilters(), [0, 1, 2, 3, 4]),
    (SearchFilters(doc_ids=("a", "c")), [0, 1, 3]),
    (SearchFilters(doc_ids=("no-such-doc",)), []),
    (SearchFilters(collections=("好事例集",)), [0, 3]),
    (SearchFilters(date_from="2025"), [0, 1, 3]),  # "2025-03" counts as 2025; no date is never in range
    (SearchFilters(date_from="2025-04"), [3]),
    (SearchFilters(date_to="2025"), [0, 1, 2, 4]),  # "" sorts before every date
    (SearchFilters(date_to="2025-02", date_from="2024"), [2]),
    (SearchFilters(doc_ids=("a",), collections=("好事例集", "出張")), [0]),
])
def test_filters_keep_the_rows_they_name(filters, kept):
    mask = filters.mask(FilterColumns.of(CHUNKS))
    assert (list(range(len(CHUNKS))) if mask is None else np.flatnonzero(mask).tolist()) == kept
