"""Hybrid search: BM25 (Japanese tokens) + dense (e5) fused by RRF, then rescored by best line."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .index import LoadedIndex
from .normalize import compact, normalize_text
from .question import ENGLISH_FUNCTION_WORDS, ORGANISATION_ENDINGS, name_ending
from .records import Chunk, Hit
from .rules import case_key, case_references
from .synonyms import expand_query_tokens, renamed
from .tokenize_ja import tagger, tokenize

MAX_QUERY_CHARS = 500
MAX_TOP_K = 50  # results one search returns at most
RRF_K = 60
CANDIDATES = 30  # fused candidates passed to the line-level rescoring
SHORT_PASSAGE_CHARS = 40  # search text (title included) shorter than this holds no answer
MENTION_GAP_CHARS = 8  # most characters between the two words of a short name written apart (九州…局)
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

    def mask(self, columns: "FilterColumns") -> np.ndarray | None:
        """Return which rows these filters keep, as a boolean array (None when they keep every row)."""
        if self == SearchFilters():
            return None
        keep = np.ones(len(columns.dates), bool)
        if self.doc_ids:
            keep &= np.isin(columns.doc_code, [columns.doc_codes[d] for d in self.doc_ids if d in columns.doc_codes])
        if self.collections:
            keep &= np.isin(columns.collection_code,
                            [columns.collection_codes[c] for c in self.collections if c in columns.collection_codes])
        # a date is compared on as many characters as the bound has: "2025" keeps every "2025-…"
        if self.date_from:
            keep &= columns.dates.astype(f"U{len(self.date_from)}") >= self.date_from
        if self.date_to:
            keep &= columns.dates.astype(f"U{len(self.date_to)}") <= self.date_to
        return keep


@dataclass(frozen=True)
class FilterColumns:
    """What the filters look at, one array entry per chunk row, so filtering is a mask, not a loop."""

    doc_code: np.ndarray  # row → number of its document in doc_codes
    doc_codes: dict[str, int]
    collection_code: np.ndarray  # row → number of its collection (-1: none)
    collection_codes: dict[str, int]
    dates: np.ndarray  # row → its document's date string

    @classmethod
    def of(cls, chunks: list[Chunk]) -> "FilterColumns":
        doc_codes: dict[str, int] = {}
        collection_codes: dict[str, int] = {}
        doc_code = np.array([doc_codes.setdefault(c.doc_id, len(doc_codes)) for c in chunks], np.int32)
        collection_code = np.array([collection_codes.setdefault(c.collection, len(collection_codes))
                                    if c.collection else -1 for c in chunks], np.int32)
        dates = np.array([c.date or "" for c in chunks], dtype=str)
        return cls(doc_code, doc_codes, collection_code, collection_codes, dates)


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    notice: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A word in Latin letters (TICS, T-Seeds, No): names the documents write in their own case
_KANJI = re.compile(r"[一-龥]")
# A run of hiragana right after a word in kanji or katakana (group 1) or right before one (group 3) — not the
# ending of a word in kanji before it (「避けられない企業」: られない is 避ける's, no ない to read as 内)
_KANA_BESIDE = re.compile(r"([一-龥ァ-ヶー]{2,})([ぁ-ゖ]{2,})|(?<![一-龥ぁ-ゖ])([ぁ-ゖ]{2,})([一-龥ァ-ヶー]{2,})")
# A word typed in kana is read as the documents' only from three kana on: two (ない, たい, ます) are as often an ending
_KANA_WORD_CHARS = 3


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])[A-Za-zＡ-Ｚａ-ｚ][A-Za-z0-9Ａ-Ｚａ-ｚ０-９]*(?:[-－][A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+)*")


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


def dot_rows(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Return the dot product of each row of `matrix` with `vector`.

    einsum rather than `@`: BLAS hands a product of a few thousand rows to its thread pool, whose
    threads keep spinning afterwards and halve the speed of the query encoder's own threads
    (measured: encoding 18 → 35 ms after a 1,860-row product). einsum stays on this thread and is
    as fast as single-threaded BLAS."""
    return np.einsum("ij,j->i", matrix, vector)


def top_rows(scores: np.ndarray, keep: np.ndarray | None, k: int) -> np.ndarray:
    """Return the rows of the k highest `scores` among those `keep` allows, best first (equal
    scores in row order), in time linear in the number of rows: only the k winners are sorted."""
    rows = np.flatnonzero(keep) if keep is not None else np.arange(len(scores))
    values = scores[rows]
    if k < len(values):
        kth = np.partition(values, len(values) - k)[len(values) - k]
        above = np.flatnonzero(values > kth)
        pick = np.concatenate([above, np.flatnonzero(values == kth)[: k - len(above)]])
    else:
        pick = np.arange(len(values))
    return rows[pick[np.lexsort((pick, -values[pick]))]]


def ranks_of(scores: np.ndarray, keep: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
    """Return the 1-based rank of each of `rows` in the ranking of the rows `keep` allows by
    descending score (equal scores in row order), without sorting that whole ranking."""
    kept = np.flatnonzero(keep) if keep is not None else np.arange(len(scores))
    values, wanted = scores[kept], scores[rows]
    thresholds = np.unique(wanted)
    # how many kept rows score above each wanted score: one binary search per kept row
    above = np.bincount(np.searchsorted(thresholds, values, side="left"), minlength=len(thresholds) + 1)
    above = np.cumsum(above[::-1])[::-1][1:]  # above[j] = kept rows scoring more than thresholds[j]
    ranks = above[np.searchsorted(thresholds, wanted)] + 1
    tied = np.isin(values, wanted)
    tied_values, tied_rows = values[tied], kept[tied]
    for i, (row, value) in enumerate(zip(rows, wanted)):
        ranks[i] += np.count_nonzero((tied_values == value) & (tied_rows < row))
    return ranks


def fused_ranking(dense_scores: np.ndarray, bm25_scores: np.ndarray, keep: np.ndarray | None,
                  lexical: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the k best rows by reciprocal rank fusion (1 / (RRF_K + rank) in the dense ranking
    of every kept row, plus the same for the BM25 ranking of those that share a word with the
    query) and their fused scores, best first, equal scores in row order.

    Exact, yet only the best `pool` rows of each ranking are looked at: a row outside both has a
    fused score of at most 2 / (RRF_K + pool + 1), less than the 1 / (RRF_K + k) of each of the
    k best dense rows, so it cannot be among the k best."""
    pool = RRF_K + 2 * k
    dense_top = top_rows(dense_scores, keep, pool)
    bm25_top = top_rows(bm25_scores, lexical, pool)
    rows = np.union1d(dense_top, bm25_top)
    dense_rank = np.zeros(len(rows), np.int64)
    bm25_rank = np.zeros(len(rows), np.int64)  # 0: no BM25 rank (no word in common)
    for rank_of, top, scores, eligible in ((dense_rank, dense_top, dense_scores, keep),
                                           (bm25_rank, bm25_top, bm25_scores, lexical)):
        position = np.searchsorted(rows, top)
        rank_of[position] = np.arange(1, len(top) + 1)
        rest = np.flatnonzero((rank_of == 0) & (eligible[rows] if eligible is not None else True))
        if rest.size:
            rank_of[rest] = ranks_of(scores, eligible, rows[rest])
    fused = 1.0 / (RRF_K + dense_rank) + np.where(bm25_rank > 0, 1.0 / (RRF_K + np.maximum(bm25_rank, 1)), 0.0)
    order = np.lexsort((rows, -fused))[:k]
    return rows[order], fused[order]


LINK = re.compile(r"https?://\S+")  # a web address in a passage's text


class Searcher:
    """Search over a loaded index with one embedder; holds no per-query state.

    A query costs one pass over the passage vectors and the BM25 postings of its words; everything
    after that (fusion, line-level rescoring) touches only the best few rows of each ranking."""

    def __init__(self, index: LoadedIndex, embedder, weights: RescoreWeights | None = None):
        self.index = index
        self.embedder = embedder
        self.weights = weights or RescoreWeights()
        self._columns = FilterColumns.of(index.chunks)
        # a chunk's embedded lines as one slice of a row-ordered permutation of the line vectors
        line_chunk = np.asarray(index.line_rows[:, 0], np.int64) if len(index.line_rows) else np.zeros(0, np.int64)
        self._line_order = np.argsort(line_chunk, kind="stable")
        bounds = np.searchsorted(line_chunk[self._line_order], np.arange(len(index.chunks) + 1))
        self._line_start, self._line_end = bounds[:-1], bounds[1:]
        self._row_of = {c.chunk_id: i for i, c in enumerate(index.chunks)}
        self._unit_rows: dict[str, list[int]] = {}
        self._collection_link_rows: dict[str, list[int]] = {}  # collection → its passages that hold a URL
        for row, chunk in enumerate(index.chunks):
            self._unit_rows.setdefault(chunk.unit_id, []).append(row)
            if chunk.collection and LINK.search(chunk.text):
                self._collection_link_rows.setdefault(chunk.collection, []).append(row)
        self._corpus_text: str | None = None
        self._compact_texts = [compact(c.search_text) for c in index.chunks]
        self._latin_forms: dict[str, str] | None = None  # see in_documents_case
        self._spellings: dict[str, set[str]] | None = None  # see in_documents_spelling
        self._cases_mentioned = [set(case_references(c.search_text)) for c in index.chunks]
        self._char_rows: dict[str, np.ndarray] | None = None  # built on first use
        self._containing: dict[str, int] = {}

    def _lines(self, row: int) -> np.ndarray:
        """Return the indices (into line_vectors / line_rows) of one chunk's embedded lines."""
        return self._line_order[self._line_start[row]:self._line_end[row]]

    def search(self, query: str, top_k: int = 5, filters: SearchFilters | None = None,
               mode: str = "rescored") -> SearchResult:
        """Return the top_k hits for `query` under `filters`, best first."""
        import time

        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        text, notice = clean_query(query)
        top_k = max(1, min(int(top_k), MAX_TOP_K))
        keep = (filters or SearchFilters()).mask(self._columns)
        chunks = self.index.chunks
        timings: dict[str, float] = {}
        if keep is not None and not keep.any():
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
            dense_scores = dot_rows(self.index.passage_vectors, query_vector)  # cosine: unit-length vectors
            timings["dense"] = (time.perf_counter() - t2) * 1000

        t3 = time.perf_counter()
        lexical = bm25_scores > 0
        if keep is not None:
            lexical &= keep
        if mode == "bm25":
            hits = [Hit(chunks[r], float(bm25_scores[r]), "bm25") for r in top_rows(bm25_scores, lexical, top_k)]
            return SearchResult(text, tuple(hits), notice, timings)
        if mode == "dense":
            hits = [Hit(chunks[r], float(dense_scores[r]), "dense") for r in top_rows(dense_scores, keep, top_k)]
            return SearchResult(text, tuple(hits), notice, timings)

        candidates, fused = fused_ranking(dense_scores, bm25_scores, keep, lexical, max(CANDIDATES, top_k))
        if mode == "hybrid":
            hits = [Hit(chunks[r], float(s), "hybrid") for r, s in zip(candidates[:top_k], fused[:top_k])]
            timings["fuse"] = (time.perf_counter() - t3) * 1000
            return SearchResult(text, tuple(hits), notice, timings)

        w = self.weights
        query_compact = compact(text)
        named_cases = set(case_references(text))
        passage_sim = dense_scores[candidates]
        line_sim = passage_sim.copy()
        best_lines: list[str | None] = []
        line_ix = [self._lines(row) for row in candidates]
        sims = dot_rows(self.index.line_vectors[np.concatenate(line_ix)], query_vector)
        start = 0
        for i, (row, lines) in enumerate(zip(candidates, line_ix)):
            best_line = None
            if lines.size:
                own = sims[start:start + lines.size]
                k = int(np.argmax(own))
                line_sim[i] = own[k]
                best_line = chunks[row].pieces[int(self.index.line_rows[lines[k]][1])].text
            start += lines.size
            best_lines.append(best_line)
        # e5 cosines sit in a narrow band (0.75–0.9); spread each signal over the candidates so
        # the weights mean what they say.
        features = (
            (w.passage, _spread(passage_sim)),
            (w.best_line, _spread(line_sim)),
            (w.bm25, _spread(bm25_scores[candidates])),
            (w.rrf, _spread(fused.astype(np.float32))),
            (w.exact, np.array([len(query_compact) >= 2 and query_compact in self._compact_texts[r]
                                for r in candidates], np.float32)),
            # the passage is that case (1), or a list that names it among others (0.5)
            (w.case, np.array([1.0 if case_key(chunks[r].case) in named_cases else
                               0.5 if named_cases & self._cases_mentioned[r] else 0.0 for r in candidates], np.float32)),
            (-w.short, np.array([len(self._compact_texts[r]) < SHORT_PASSAGE_CHARS for r in candidates], np.float32)),
        )
        total = sum(weight * values for weight, values in features)
        rescored = [(float(total[i]), int(row), best_lines[i]) for i, row in enumerate(candidates)]
        rescored.sort(key=lambda t: (-t[0], t[1]))
        timings["rescore"] = (time.perf_counter() - t3) * 1000
        hits = [Hit(chunks[r], s, "rescored", best_line=line) for s, r, line in rescored[:top_k]]
        return SearchResult(text, tuple(hits), notice, timings, query_vector)

    def collection_links(self) -> dict[str, list[Chunk]]:
        """Return, for each collection, its passages that hold a link (for 「…のPDFはどこ」)."""
        return {name: [self.index.chunks[row] for row in rows] for name, rows in self._collection_link_rows.items()}

    def unit_chunks(self, unit_id: str) -> list[Chunk]:
        """Return the chunks of one unit, in reading order."""
        return [self.index.chunks[row] for row in self._unit_rows.get(unit_id, ())]

    def corpus_text(self) -> str:
        """Return every passage's search text compacted into one string (for "does the corpus
        mention X at all" checks)."""
        if self._corpus_text is None:
            self._corpus_text = "\n".join(self._compact_texts)
        return self._corpus_text

    def in_documents_case(self, text: str) -> str:
        """Return `text` with each Latin word the documents write only in a higher case written as they
        write it (「ticsって何？」 → 「TICSって何？」: an acronym typed in lower case on a phone)."""
        if self._latin_forms is None:  # each Latin word of the documents by its lower case, once per index
            forms: dict[str, str] = {}
            for word in set(_LATIN_WORD.findall(self.corpus_text())):
                known = forms.get(word.lower())
                if known is None or sum(map(str.isupper, word)) > sum(map(str.isupper, known)):
                    forms[word.lower()] = word
            self._latin_forms = forms

        def documents_form(match: re.Match[str]) -> str:
            word = normalize_text(match.group(0))  # (ｔｉｃｓ typed full-width is tics)
            if word.lower() in ENGLISH_FUNCTION_WORDS:
                return match.group(0)  # (「how much does it cost」: it is no IT)
            written = self._latin_forms.get(word.lower())
            # (only ever raised: a user's PDF is not the documents' file name 「….pdf」)
            raised = written is not None and sum(map(str.isupper, written)) > sum(map(str.isupper, word))
            return written if raised else match.group(0)

        return _LATIN_WORD.sub(documents_form, text)

    def in_documents_spelling(self, text: str, respelled: list[tuple[str, str]] | None = None) -> str:
        """Return `text` with a word typed in hiragana right beside a word in kanji or katakana written as the
        documents write the two together (「専門家はけん」 → 「専門家派遣」: a word typed in kana on a phone). Only
        where the compound, with the word spelled in kanji that reads as the kana, is written in the documents and
        the kana form is not; the kana may be followed (or, before the word, preceded) by a particle (はけんを).
        `respelled`, when given, gets each word as typed and as the documents write it."""
        if self._spellings is None:  # the words of the documents written with kanji, by their reading, once per index
            spellings: dict[str, set[str]] = {}
            for word in tagger()(self.corpus_text()):
                if _KANJI.search(word.surface) and (reading := getattr(word.feature, "kana", None)) not in (None, "*"):
                    spellings.setdefault(reading, set()).add(word.surface)
            self._spellings = spellings
        corpus = self.corpus_text()

        def spelled(match: re.Match[str]) -> str:
            if compact(match.group(0)) in corpus:
                return match.group(0)
            before, kana, after = match.group(1) or "", match.group(2) or match.group(3), match.group(4) or ""
            # (a word, then the kana: its word first, a particle after it, 「はけんを」: 派遣, を; the kana, then a
            # word: a particle first, its word right before the word)
            splits = [(kana[:end], "", kana[end:]) for end in range(len(kana), _KANA_WORD_CHARS - 1, -1)] if before else \
                [(kana[start:], kana[:start], "") for start in range(len(kana) - _KANA_WORD_CHARS + 1)]
            for reading, lead, trail in splits:
                for kanji in sorted(self._spellings.get(_katakana(reading), ()), key=len, reverse=True):
                    if compact(compound := f"{before}{kanji}{after}") in corpus:
                        if respelled is not None:
                            respelled.append((f"{before}{reading}{after}", compound))
                        return f"{lead}{compound}{trail}"
            return match.group(0)

        return _KANA_BESIDE.sub(spelled, text)

    def passages_containing(self, key: str) -> int:
        """Return how many passages' compacted text contains `key` (how the answer stage weighs a
        topic word). Counts are kept: questions' words are few."""
        count = self._containing.get(key)
        if count is None:
            count = len(self._rows_containing(key))
            if len(self._containing) > 100_000:  # never let the memo grow unbounded
                self._containing.clear()
            self._containing[key] = count
        return count

    def chunks_containing(self, key: str, filters: SearchFilters | None = None) -> list[Chunk]:
        """Return the passages (of those the filters keep) whose compacted text contains `key`, in
        document order."""
        keep = (filters or SearchFilters()).mask(self._columns)
        return [self.index.chunks[row] for row in self._rows_containing(key) if keep is None or keep[row]]

    def _rows_containing(self, key: str) -> list[int]:
        """Return the rows whose compacted text contains `key`. Only passages holding the key's two
        rarest characters are read, so a specific word costs little however large the corpus grows."""
        texts = self._compact_texts
        if self._char_rows is None:
            rows_of: dict[str, list[int]] = {}
            for row, text in enumerate(texts):
                for char in set(text):
                    rows_of.setdefault(char, []).append(row)
            self._char_rows = {char: np.asarray(rows, np.int64) for char, rows in rows_of.items()}
        postings = sorted((self._char_rows.get(char, np.zeros(0, np.int64)) for char in set(key)), key=len)
        rows = postings[0] if postings else np.arange(len(texts))
        if len(postings) > 1:
            rows = np.intersect1d(rows, postings[1], assume_unique=True)
        return [row for row in rows.tolist() if key in texts[row]]

    def passage_similarity(self, query_vector: np.ndarray, chunk: Chunk) -> float:
        """Return the cosine similarity of the query and a whole passage."""
        return float(self.index.passage_vectors[self._row_of[chunk.chunk_id]] @ query_vector)

    def mentions(self, name: str) -> bool:
        """Return True when the documents mention `name`: verbatim, or — for a name of one or two
        words, such as an abbreviation (九州局) — its words in one passage; a scheme's words in order and
        close together (not 「良質な雇用」 and 「公的保険外サービス」 lines apart, which name no 雇用保険)."""
        if any(compact(alias) in self.corpus_text() for alias in (name, *renamed(name))):
            return True  # 韓国 is mentioned as 大韓民国 too (a name only whole: see renamed)
        words = set(tokenize(name))
        if not words or len(words) > 2:
            return False
        # (a scheme's name, 雇用保険, is its two words close together; an organisation's may be shortened
        # further, 経産省 for 経済産業省, and 「韓国向け」 is no name)
        ending = name_ending(name)
        apart = None
        if ending and ending not in ORGANISATION_ENDINGS:
            surfaces = [compact(w.surface) for w in tagger()(normalize_text(name)) if compact(w.surface)]
            if len(surfaces) > 1:
                apart = re.compile(f"{re.escape(surfaces[0])}.{{0,{MENTION_GAP_CHARS}}}?{re.escape(surfaces[-1])}")
        return any(words <= set(tokenize(text)) and (apart is None or apart.search(text))
                   for text in self._compact_texts if any(w in text for w in words))

    def knows_case(self, key: str) -> bool:
        """Return True when a passage is the case with this key (事例14, No.14, Case1) or refers to it."""
        return any(case_key(c.case) == key for c in self.index.chunks) or any(key in m for m in self._cases_mentioned)

    def line_similarities(self, query_vector: np.ndarray, chunk: Chunk) -> dict[int, float]:
        """Return cosine similarity to the query for each embedded piece of `chunk`, by piece number."""
        line_ix = self._lines(self._row_of[chunk.chunk_id])
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
            "text": c.text, "best_line": hit.best_line}


def search_to_json(result: SearchResult) -> dict:
    """Return the search CLI's JSON contract for one query (also the HTTP API's /search response)."""
    payload = {"query": result.query, "results": [hit_to_json(i, h) for i, h in enumerate(result.hits, 1)]}
    if result.notice:
        payload["notice"] = result.notice
    return payload


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
