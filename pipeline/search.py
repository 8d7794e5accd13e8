"""Hybrid search: BM25 (Japanese tokens) + dense (e5) fused by RRF, then rescored by best line."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .index import LoadedIndex
from .normalize import circled_number_value, compact
from .records import Chunk, Hit
from .rules import case_key
from .synonyms import expand_query_tokens
from .tokenize_ja import tokenize

MAX_QUERY_CHARS = 500
RRF_K = 60
CANDIDATES = 30  # fused candidates passed to the line-level rescoring
SHORT_PASSAGE_CHARS = 40  # search text (title included) shorter than this holds no answer
MODES = ("bm25", "dense", "hybrid", "rescored")


@dataclass(frozen=True)
class RescoreWeights:
    """How the second stage mixes its evidence (calibrated on the eval dev split)."""

    passage: float = 0.1
    best_line: float = 0.6  # one line that answers beats a passage that is vaguely on topic
    bm25: float = 0.4
    rrf: float = 0.0  # fusion picks the candidates; their order is decided by the signals here
    exact: float = 0.5  # the whole query appears verbatim in the passage (a term, an acronym, a phone number)
    case: float = 0.3  # the query names the passage's case number (事例⑭, No.14, Case 1)
    short: float = 0.2  # penalty for a passage too short to answer anything (a slide title alone)


@dataclass(frozen=True)
class SearchFilters:
    doc_ids: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    date_from: str | None = None  # inclusive, compared as "YYYY" / "YYYY-MM" strings
    date_to: str | None = None

    def allows(self, chunk: Chunk) -> bool:
        if self.doc_ids and chunk.doc_id not in self.doc_ids:
            return False
        if self.collections and chunk.collection not in self.collections:
            return False
        if self.date_from and chunk.date[: len(self.date_from)] < self.date_from:
            return False
        if self.date_to and chunk.date[: len(self.date_to)] > self.date_to:
            return False
        return True


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    notice: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)


_CASE_REFERENCE = re.compile(
    r"事例\s*([\u2460-\u2473]|\d{1,2})|(?:No\.?|NO\.?|no\.?|ベストプラクティス(?:事例|集)?\s*)\s*(\d{1,3})|Case\s*(\d{1,3})",
    re.IGNORECASE)


def case_references(query: str) -> set[str]:
    """Return the case labels a text names, as case keys: 事例⑭ → 事例14, No.14, Case 1 → Case1."""
    labels = set()
    for antitrust, best_practice, guidance in _CASE_REFERENCE.findall(unicodedata.normalize("NFC", query)):
        if antitrust:
            labels.add(f"事例{circled_number_value(antitrust) or int(antitrust)}")
        elif best_practice:
            labels.add(f"No.{int(best_practice)}")
        elif guidance:
            labels.add(f"Case{int(guidance)}")
    return labels


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_query(query: str | None, limit: int = MAX_QUERY_CHARS) -> tuple[str, str | None]:
    """Return the query without control characters, cut to `limit`, and a notice if it was cut."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", query or "")).strip()
    if not text:
        raise InputError("質問が空です。", "調べたい内容を入力してください（例: 退職者による持ち出しを防ぐには？）。")
    if len(text) > limit:
        return text[:limit], f"質問が長すぎるため、先頭の {limit} 文字で検索しました（全 {len(text)} 文字）。"
    return text, None


def _spread(values: np.ndarray) -> np.ndarray:
    """Return `values` min-max scaled to 0..1 (all zeros when they are all equal)."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values, dtype=np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


def _ranks(scores: np.ndarray, rows: np.ndarray) -> dict[int, int]:
    """Return 1-based ranks of `rows` ordered by descending score."""
    order = rows[np.argsort(-scores[rows], kind="stable")]
    return {int(r): i + 1 for i, r in enumerate(order)}


class Searcher:
    """Search over a loaded index with one embedder; holds no per-query state."""

    def __init__(self, index: LoadedIndex, embedder, weights: RescoreWeights | None = None):
        self.index = index
        self.embedder = embedder
        self.weights = weights or RescoreWeights()
        self._lines_by_chunk = index.lines_of()
        self._row_of = {c.chunk_id: i for i, c in enumerate(index.chunks)}
        self._unit_rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(index.chunks):
            self._unit_rows.setdefault(chunk.unit_id, []).append(row)
        self._corpus_text: str | None = None
        self._compact_texts = [compact(c.search_text) for c in index.chunks]
        self._cases_mentioned = [case_references(c.search_text) for c in index.chunks]

    def search(self, query: str, top_k: int = 5, filters: SearchFilters | None = None,
               mode: str = "rescored") -> SearchResult:
        """Return the top_k hits for `query` under `filters`, best first."""
        import time

        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        text, notice = clean_query(query)
        top_k = max(1, min(int(top_k), 50))
        filters = filters or SearchFilters()
        chunks = self.index.chunks
        allowed = np.array([i for i, c in enumerate(chunks) if filters.allows(c)], dtype=np.int64)
        timings: dict[str, float] = {}
        if allowed.size == 0:
            return SearchResult(text, (), notice or "条件に合う資料がありません。絞り込み条件を見直してください。")

        t0 = time.perf_counter()
        bm25_scores = np.zeros(len(chunks), np.float32)
        tokens = expand_query_tokens(tokenize(text), text)
        if tokens and mode != "dense":
            bm25_scores = np.asarray(self.index.bm25.get_scores(tokens), np.float32)
        timings["bm25"] = (time.perf_counter() - t0) * 1000

        dense_scores = np.zeros(len(chunks), np.float32)
        query_vector = None
        if mode != "bm25":
            t1 = time.perf_counter()
            query_vector = self.embedder.embed_queries([text])[0]
            timings["embed"] = (time.perf_counter() - t1) * 1000
            t2 = time.perf_counter()
            scores, ids = self.index.dense.search(query_vector[None, :], len(chunks))
            valid = ids[0] >= 0  # FAISS pads missing results with -1
            dense_scores[ids[0][valid]] = scores[0][valid]
            timings["dense"] = (time.perf_counter() - t2) * 1000

        t3 = time.perf_counter()
        if mode == "bm25":
            rows = allowed[bm25_scores[allowed] > 0]
            ranked = rows[np.argsort(-bm25_scores[rows], kind="stable")]
            hits = [Hit(chunks[r], float(bm25_scores[r]), "bm25") for r in ranked[:top_k]]
            return SearchResult(text, tuple(hits), notice, timings)
        if mode == "dense":
            ranked = allowed[np.argsort(-dense_scores[allowed], kind="stable")]
            hits = [Hit(chunks[r], float(dense_scores[r]), "dense") for r in ranked[:top_k]]
            return SearchResult(text, tuple(hits), notice, timings)

        dense_rank = _ranks(dense_scores, allowed)
        lexical = allowed[bm25_scores[allowed] > 0]
        bm25_rank = _ranks(bm25_scores, lexical) if lexical.size else {}
        fused = {int(r): 1.0 / (RRF_K + dense_rank[int(r)]) + (1.0 / (RRF_K + bm25_rank[int(r)])
                                                                  if int(r) in bm25_rank else 0.0)
                 for r in allowed}
        ranked = sorted(fused, key=lambda r: (-fused[r], r))
        if mode == "hybrid":
            hits = [Hit(chunks[r], fused[r], "hybrid") for r in ranked[:top_k]]
            timings["fuse"] = (time.perf_counter() - t3) * 1000
            return SearchResult(text, tuple(hits), notice, timings)

        candidates = ranked[: max(CANDIDATES, top_k)]
        w = self.weights
        query_compact = compact(text)
        named_cases = case_references(text)
        passage_sim = dense_scores[candidates]
        line_sim = passage_sim.copy()
        best_lines: list[str | None] = []
        for i, row in enumerate(candidates):
            line_ix = self._lines_by_chunk[row]
            best_line = None
            if line_ix.size:
                sims = self.index.line_vectors[line_ix] @ query_vector
                k = int(np.argmax(sims))
                line_sim[i] = sims[k]
                best_line = chunks[row].pieces[int(self.index.line_rows[line_ix[k]][1])].text
            best_lines.append(best_line)
        # e5 cosines sit in a narrow band (0.75–0.9); spread each signal over the candidates so
        # the weights mean what they say.
        features = (
            (w.passage, _spread(passage_sim)),
            (w.best_line, _spread(line_sim)),
            (w.bm25, _spread(bm25_scores[candidates])),
            (w.rrf, _spread(np.array([fused[r] for r in candidates], np.float32))),
            (w.exact, np.array([len(query_compact) >= 2 and query_compact in self._compact_texts[r]
                                for r in candidates], np.float32)),
            # the passage is that case (1), or a list that names it among others (0.5)
            (w.case, np.array([1.0 if case_key(chunks[r].case) in named_cases else
                               0.5 if named_cases & self._cases_mentioned[r] else 0.0 for r in candidates], np.float32)),
            (-w.short, np.array([len(self._compact_texts[r]) < SHORT_PASSAGE_CHARS for r in candidates], np.float32)),
        )
        total = sum(weight * values for weight, values in features)
        rescored = [(float(total[i]), row, best_lines[i]) for i, row in enumerate(candidates)]
        rescored.sort(key=lambda t: (-t[0], t[1]))
        timings["rescore"] = (time.perf_counter() - t3) * 1000
        hits = [Hit(chunks[r], s, "rescored", best_line=line) for s, r, line in rescored[:top_k]]
        return SearchResult(text, tuple(hits), notice, timings, query_vector)

    def unit_chunks(self, unit_id: str) -> list[Chunk]:
        """Return the chunks of one unit, in reading order."""
        return [self.index.chunks[row] for row in self._unit_rows.get(unit_id, ())]

    def corpus_text(self) -> str:
        """Return every passage's search text compacted into one string (for "does the corpus
        mention X at all" checks)."""
        if self._corpus_text is None:
            self._corpus_text = "\n".join(self._compact_texts)
        return self._corpus_text

    def passage_similarity(self, query_vector: np.ndarray, chunk: Chunk) -> float:
        """Return the cosine similarity of the query and a whole passage."""
        return float(self.index.passage_vectors[self._row_of[chunk.chunk_id]] @ query_vector)

    def mentions(self, name: str) -> bool:
        """Return True when the documents mention `name`: verbatim, or — for a name of one or two
        words, such as an abbreviation (九州局) — all its words in one passage."""
        key = compact(name)
        if key in self.corpus_text():
            return True
        words = set(tokenize(name))
        if not words or len(words) > 2:
            return False
        return any(words <= set(tokenize(text)) for text in self._compact_texts if any(w in text for w in words))

    def line_similarities(self, query_vector: np.ndarray, chunk: Chunk) -> dict[int, float]:
        """Return cosine similarity to the query for each embedded piece of `chunk`, by piece number."""
        row = self._row_of[chunk.chunk_id]
        line_ix = self._lines_by_chunk[row]
        if not line_ix.size:
            return {}
        sims = self.index.line_vectors[line_ix] @ query_vector
        best: dict[int, float] = {}
        for i, sim in zip(line_ix, sims):
            best[int(self.index.line_rows[i][1])] = float(sim)
        return best


def hit_to_json(rank: int, hit: Hit) -> dict:
    """Return one result row of the search CLI's JSON contract."""
    c = hit.chunk
    return {"rank": rank, "score": round(float(hit.score), 6), "chunk_id": c.chunk_id, "doc_id": c.doc_id,
            "title": c.title, "date": c.date, "unit_title": c.unit_title, "position": c.position, "page": c.page,
            "printed_page": c.printed_page, "collection": c.collection, "case": c.case, "citation": c.citation,
            "text": c.text}


def as_llama_retriever(searcher: Searcher, top_k: int = 5, filters: SearchFilters | None = None):
    """Return a llama-index BaseRetriever over `searcher` (NodeWithScore with chunk metadata)."""
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

    class ProductRetriever(BaseRetriever):
        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            result = searcher.search(query_bundle.query_str, top_k=top_k, filters=filters)
            nodes = []
            for hit in result.hits:
                c = hit.chunk
                metadata = {k: v for k, v in hit_to_json(0, hit).items() if k not in ("rank", "score", "text")}
                nodes.append(NodeWithScore(node=TextNode(id_=c.chunk_id, text=c.text, metadata=metadata),
                                           score=float(hit.score)))
            return nodes

    return ProductRetriever()
