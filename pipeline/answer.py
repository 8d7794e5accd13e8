"""Cited answers: sentences quoted from the retrieved passages, or an honest refusal."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import compact, normalize_text, strip_markup
from .records import Answer, Citation, Hit
from .search import SearchFilters, Searcher, SearchResult
from .tokenize_ja import tokenize

REFUSAL_TEXT = "資料には該当する記述が見つかりませんでした"
EDITION_NOTICE = "資料の版によって記載が異なります。新しい資料（{new}）の記述を先に、古い資料（{old}）の記述を後に示します。"
_BULLET = re.compile(r"^[\s\-・•●◆■▶▼▪✓※]+")
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"(?<=[。！？])")


@dataclass(frozen=True)
class AnswerSettings:
    """Calibrated on the eval dev split (see eval/README or `python -m eval calibrate`)."""

    refusal_threshold: float = 0.80  # minimum evidence score of the best sentence
    max_sentences: int = 3
    passages: int = 5  # passages considered for quoting
    line_weight: float = 0.75
    overlap_weight: float = 0.25


def quote_of(line: str) -> str:
    """Return a line as it is quoted: bullets and markup dropped, words untouched."""
    text = strip_markup(line)
    return _BULLET.sub("", text).strip()


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(line) if s.strip()]


def _overlap(query_tokens: set[str], text: str) -> float:
    if not query_tokens:
        return 0.0
    return len(query_tokens & set(tokenize(text))) / len(query_tokens)


@dataclass(frozen=True)
class _Candidate:
    score: float
    quote: str
    hit_rank: int
    hit: Hit


def _candidates(searcher: Searcher, hits: tuple[Hit, ...], query_vector, query_tokens: set[str],
                settings: AnswerSettings) -> list[_Candidate]:
    out: list[_Candidate] = []
    for rank, hit in enumerate(hits):
        sims = searcher.line_similarities(query_vector, hit.chunk)
        for number, line in enumerate(hit.chunk.lines):
            if number not in sims:
                continue
            for sentence in _sentences(quote_of(line)):
                if len(compact(sentence)) < 8 or sentence.startswith(("http", "<http")):
                    continue
                score = (settings.line_weight * sims[number] + settings.overlap_weight * _overlap(query_tokens, sentence)
                         - 0.01 * rank)
                out.append(_Candidate(score, sentence, rank, hit))
    out.sort(key=lambda c: -c.score)
    return out


def _editions_disagree(chosen: list[_Candidate]) -> bool:
    dates = {c.hit.chunk.date for c in chosen}
    if len(dates) < 2:
        return False
    numbers = {c.hit.chunk.date: set(_NUMBER.findall(normalize_text(c.quote))) for c in chosen}
    sets = [n for n in numbers.values() if n]
    return len(sets) >= 2 and any(a != b for a in sets for b in sets)


def answer_question(searcher: Searcher, query: str, filters: SearchFilters | None = None,
                    settings: AnswerSettings | None = None) -> Answer:
    """Return a cited extractive answer to `query`, or a refusal with the nearest passages."""
    settings = settings or AnswerSettings()
    result = searcher.search(query, top_k=settings.passages, filters=filters)
    return answer_from_result(searcher, result, settings)


def answer_from_result(searcher: Searcher, result: SearchResult, settings: AnswerSettings | None = None) -> Answer:
    """Return the extractive answer (or refusal) for an already retrieved search result."""
    settings = settings or AnswerSettings()
    if not result.hits:
        return Answer(result.query, REFUSAL_TEXT, (), False, notice=result.notice)
    query_tokens = set(tokenize(result.query))
    candidates = _candidates(searcher, result.hits, result.query_vector, query_tokens, settings)
    if not candidates or candidates[0].score < settings.refusal_threshold:
        return Answer(result.query, REFUSAL_TEXT, (), False, notice=result.notice, suggestions=result.hits[:3])

    chosen: list[_Candidate] = []
    for cand in candidates:
        if len(chosen) == settings.max_sentences:
            break
        if cand.score < settings.refusal_threshold - 0.08:
            break  # much weaker than the evidence that passed the bar: leave it out
        key = compact(cand.quote)
        if any(key in compact(c.quote) or compact(c.quote) in key for c in chosen):
            continue
        chosen.append(cand)

    notice = result.notice
    if _editions_disagree(chosen):
        newest = max(c.hit.chunk.date for c in chosen)
        oldest = min(c.hit.chunk.date for c in chosen)
        chosen.sort(key=lambda c: (c.hit.chunk.date != newest, -c.score))
        edition = EDITION_NOTICE.format(new=newest, old=oldest)
        notice = f"{notice} {edition}" if notice else edition

    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for cand in chosen:
        chunk_id = cand.hit.chunk.chunk_id
        if chunk_id not in numbers:
            numbers[chunk_id] = len(numbers) + 1
            citations.append(Citation(numbers[chunk_id], cand.hit.chunk, cand.quote))
        parts.append(f"{cand.quote}[{numbers[chunk_id]}]")
    return Answer(result.query, "\n".join(parts), tuple(citations), True, mode="extractive", notice=notice,
                  suggestions=())


def answer_to_json(answer: Answer) -> dict:
    """Return the `ask` CLI's JSON contract for an answer."""
    payload = {
        "query": answer.query, "found": answer.found, "answer": answer.text, "mode": answer.mode,
        "citations": [{"n": c.n, "chunk_id": c.chunk.chunk_id, "citation": c.chunk.citation, "case": c.chunk.case,
                       "quote": c.quote, "text": c.chunk.text} for c in answer.citations],
    }
    if answer.notice:
        payload["notice"] = answer.notice
    if not answer.found:
        payload["suggestions"] = [{"chunk_id": h.chunk.chunk_id, "citation": h.chunk.citation, "text": h.chunk.text}
                                  for h in answer.suggestions]
    return payload
