"""Cited answers: sentences quoted from the retrieved passages, or an honest refusal."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import compact, normalize_text, strip_markup
from .records import Answer, Citation, Hit
from .search import SearchFilters, Searcher, SearchResult, case_references
from .tokenize_ja import proper_nouns, tokenize

REFUSAL_TEXT = "資料には該当する記述が見つかりませんでした"
EDITION_NOTICE = "資料の版によって記載が異なります。新しい資料（{new}）の記述を先に、古い資料（{old}）の記述を後に示します。"
_BULLET = re.compile(r"^[\s\-・•●◆■▶▼▪✓※]+")
_NUMBER = re.compile(r"\d+")
# Source notes and link lines say where a figure came from, not what the answer is.
_NOT_A_QUOTE = re.compile(r"^\d*\s*(?:\(出所\)|（出所）|出所|\(出典\)|（出典）|出典|資料：|備考|\(注\))|\]\(#\)|^\[.*\]\(")
_SENTENCE = re.compile(r"(?<=[。！？])")
# Questions that ask for a figure: (what the question says, what a quote must contain to answer it).
# A passage on the right topic that states no such figure is not an answer (審査料 with no 円).
_FIGURE_CHECKS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asks), re.compile(needs)) for asks, needs in (
        (r"いくら|金額|料金|審査料|手数料|罰金|何円", r"\d[\d,.]*\s*(?:万|億|兆)?円"),
        (r"電話|番号", r"\d{2,4}-\d{2,4}-\d{3,4}"),
        (r"何人|何名", r"\d+\s*(?:人|名)"),
        (r"何点", r"\d+\s*点"),
        (r"何年|有効期間", r"\d+\s*年"),
        (r"いつ(?!も)|締切|締め切り|期限|予定日|何月|何日", r"\d+\s*(?:年|月|日)|\d+/\d+"),
        (r"何[社件割回個]|何技術|いくつ|何か国|何カ国|何%|何パーセント|上限|下限", r"\d"),
        (r"罰則|罰金|懲役|刑事罰|処罰|ペナルティ", r"罰|懲役|刑"),
    ))


@dataclass(frozen=True)
class AnswerSettings:
    """Calibrated on the eval dev split (see eval/README or `python -m eval calibrate`)."""

    refusal_threshold: float = 0.67  # minimum evidence score of the best sentence (dev split)
    max_sentences: int = 3
    passages: int = 5  # passages considered for quoting
    line_weight: float = 0.75
    overlap_weight: float = 0.25


def figures_asked(query: str) -> list[re.Pattern[str]]:
    """Return what a quote must contain to answer `query`: one pattern per kind of figure it asks for."""
    return [needs for asks, needs in _FIGURE_CHECKS if asks.search(query)]


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
                settings: AnswerSettings, query: str = "") -> list[_Candidate]:
    wanted = figures_asked(query)
    named_cases = case_references(query)
    out: list[_Candidate] = []
    for rank, hit in enumerate(hits):
        sims = searcher.line_similarities(query_vector, hit.chunk)
        for number, piece in enumerate(hit.chunk.pieces):
            if number not in sims or piece.kind in ("toc", "link"):
                continue
            for sentence in [piece.text]:
                if (len(compact(sentence)) < 8 or sentence.startswith(("http", "<http"))
                        or _NOT_A_QUOTE.search(sentence)):
                    continue
                score = (settings.line_weight * sims[number] + settings.overlap_weight * _overlap(query_tokens, sentence)
                         - 0.01 * rank)
                if piece.kind in ("heading", "title"):
                    score -= 0.03  # a heading names the topic; a sentence under it answers
                if piece.kind == "table" or sentence.count("●") >= 2:
                    score -= 0.05  # a flattened table row reads as a jumble when quoted
                if named_cases and case_references(sentence) & named_cases:
                    score += 0.1  # the sentence names the very case the question asks about (事例⑮)
                if wanted and any(needs.search(normalize_text(sentence)) for needs in wanted):
                    score += 0.05  # the question wants a figure and this sentence states one
                out.append(_Candidate(score, sentence, rank, hit))
    out.sort(key=lambda c: -c.score)
    return out


def unknown_names(searcher: Searcher, query: str) -> list[str]:
    """Return the proper nouns of `query` that occur nowhere in the indexed documents."""
    vocabulary = searcher.index.bm25.vocab_dict
    return [name for name in proper_nouns(query) if name not in vocabulary]


def _other_edition(lead: _Candidate, candidates: list[_Candidate]) -> _Candidate | None:
    """Return a sentence from a document of another date that says the same thing with other figures
    (15技術 in 2025, 19技術 in 2026), so the answer can show both editions."""
    def words(text: str) -> set[str]:
        return {t for t in tokenize(text) if not t.isdigit()}

    lead_words = words(lead.quote)
    lead_numbers = set(_NUMBER.findall(normalize_text(lead.quote)))
    for cand in candidates:
        if cand.hit.chunk.date == lead.hit.chunk.date or not lead_words or not lead_numbers:
            continue
        cand_words = words(cand.quote)
        numbers = set(_NUMBER.findall(normalize_text(cand.quote)))
        # overlap coefficient: the shorter sentence's words mostly recur in the other
        similar = cand_words and len(lead_words & cand_words) / min(len(lead_words), len(cand_words)) >= 0.6
        if similar and numbers and numbers != lead_numbers:
            return cand
    return None


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
    candidates = _candidates(searcher, result.hits, result.query_vector, query_tokens, settings, result.query)
    refusal = Answer(result.query, REFUSAL_TEXT, (), False, notice=result.notice, suggestions=result.hits[:3])
    if not candidates or candidates[0].score < settings.refusal_threshold:
        return refusal
    if unknown_names(searcher, result.query):
        return refusal  # the question is about something (東芝, 福岡) the documents never mention

    chosen: list[_Candidate] = []
    for cand in candidates:
        if len(chosen) == settings.max_sentences:
            break
        if cand.score < max(settings.refusal_threshold - 0.08, candidates[0].score - 0.06):
            break  # much weaker than the best evidence: leave it out
        key = compact(cand.quote)
        if any(key in compact(c.quote) or compact(c.quote) in key for c in chosen):
            continue
        chosen.append(cand)
    counterpart = _other_edition(chosen[0], candidates)
    if counterpart:
        # Two editions state different figures: the newest leads, the older follows it.
        rest = [c for c in chosen[1:] if compact(c.quote) != compact(counterpart.quote)]
        pair = sorted([chosen[0], counterpart], key=lambda c: c.hit.chunk.date, reverse=True)
        chosen = [*pair, *rest][: settings.max_sentences]

    # The lead sentence must state the kind of figure asked for; a date elsewhere doesn't answer
    # "when". (Promoting a runner-up that states one was tried: worse on the dev split.)
    lead = normalize_text(chosen[0].quote)
    if any(not needs.search(lead) for needs in figures_asked(result.query)):
        return refusal  # asked for a figure or date of a kind the passages found don't state

    notice = result.notice
    if counterpart:
        newest, oldest = chosen[0].hit.chunk.date, chosen[1].hit.chunk.date
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
        "answer_type": answer.answer_type, "refusal_reason": answer.refusal_reason,
        "citations": [{"n": c.n, "chunk_id": c.chunk.chunk_id, "citation": c.chunk.citation, "case": c.chunk.case,
                       "quote": c.quote, "text": c.chunk.text} for c in answer.citations],
    }
    if answer.notice:
        payload["notice"] = answer.notice
    if not answer.found:
        payload["suggestions"] = [{"chunk_id": h.chunk.chunk_id, "citation": h.chunk.citation, "text": h.chunk.text}
                                  for h in answer.suggestions]
    return payload
