"""One benchmark run: every retrieval config and the ask stage on the same questions."""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from . import metrics as M

EVAL_DIR = Path(__file__).resolve().parent
QUESTIONS_PATH = EVAL_DIR / "questions.jsonl"
RESULTS_DIR = EVAL_DIR / "results"

PRODUCT_CONFIGS = ("bm25", "dense", "hybrid", "rescored")
PRODUCT = "rescored"
TOP_K = 10
ROW_TOP = 5  # retrieved passages kept per query row for error analysis
SNIPPET_CHARS = 90
SPLITS = ("test", "dev", "all")
CONFIG_DESCRIPTIONS = {
    "bm25": "product chunks, BM25 over fugashi/unidic-lite content-word lemmas",
    "dense": "product chunks, e5 passage vectors (cosine, FAISS)",
    "hybrid": "bm25 + dense fused by reciprocal rank (RRF, k=60)",
    "rescored": "the product: hybrid top 30 rescored by best-line and passage similarity, BM25, verbatim query, named case number, short-passage penalty",
    "llamaindex-vector": "llama-index VectorStoreIndex, default SentenceSplitter over the raw .txt, same e5 model",
    "llamaindex-bm25": "llama-index stock BM25Retriever (English defaults) over the same default-split nodes",
}
WARMUP_QUERIES = ("技術流出対策とは", "TICSの認証を取るメリットは？", "キャッチオール規制の対象地域",
                  "退職者による技術流出を防ぐには", "官民対話スキームの対象技術はいくつ？",
                  "経済安全保障推進法で措置された制度", "輸出管理", "専門家派遣事業の申込方法を教えてください")
_PACKAGES = ("llama-index-core", "llama-index-retrievers-bm25", "bm25s", "faiss-cpu", "torch", "transformers",
             "sentence-transformers", "fugashi", "unidic-lite", "numpy", "matplotlib", "PyStemmer", "tiktoken")
_ANSWER_LINE = re.compile(r"^(.*)\[(\d+)\]\s*$")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# questions


@dataclass(frozen=True)
class Question:
    id: str
    split: str
    persona: str
    type: str
    question: str
    evidence: tuple[str, ...]
    doc_id: str | None
    case: str | None
    answer: str

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


def load_questions(path: Path = QUESTIONS_PATH, split: str = "test", limit: int | None = None) -> list[Question]:
    """Return the questions of `split` ("test", "dev" or "all") in file order, the first `limit` of them."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if split != "all" and row["split"] != split:
            continue
        out.append(Question(row["id"], row["split"], row["persona"], row["type"], row["question"],
                            tuple(row.get("evidence") or ()), row.get("doc_id"), row.get("case"), row["answer"]))
    return out[:limit] if limit is not None else out


# ---------------------------------------------------------------------------------------------
# helpers


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _versions() -> dict[str, str]:
    from pipeline.index import package_versions

    return {"python": platform.python_version(), **package_versions(_PACKAGES)}


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=EVAL_DIR, capture_output=True, text=True, timeout=10)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _pipeline_dirty() -> bool | None:
    """Return True when pipeline/ has uncommitted changes (the commit alone doesn't describe the run)."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--", "pipeline"], cwd=EVAL_DIR.parent,
                              capture_output=True, text=True, timeout=10)
        return bool(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _latency(values_ms: list[float]) -> dict[str, float | int]:
    warm = values_ms[1:]  # the first call pays for lazy loading: discarded
    if not warm:
        return {"p50_ms": None, "p95_ms": None, "mean_ms": None, "n": 0}
    return {"p50_ms": round(M.percentile(warm, 50), 2), "p95_ms": round(M.percentile(warm, 95), 2),
            "mean_ms": round(sum(warm) / len(warm), 2), "n": len(warm)}


class _Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[eval {time.perf_counter() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)


def _retrieval_row(ranked: list[tuple[str, float]], texts: dict[str, str], relevant: dict[str, int] | None,
                   first_rank: int | None) -> dict[str, Any]:
    return {
        "first_relevant_rank": first_rank,
        "relevant_in_collection": None if relevant is None else len(relevant),
        "top": [{"id": pid, "score": round(score, 6), "relevant": bool(relevant and relevant.get(pid)),
                 "text": snippet(texts.get(pid, ""))} for pid, score in ranked[:ROW_TOP]],
    }


# ---------------------------------------------------------------------------------------------
# ask


def parse_answer_lines(text: str) -> list[tuple[str, int | None]]:
    """Return (quote, citation number) for each non-empty answer line; number None if unmarked."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _ANSWER_LINE.match(line.strip())
        out.append((match.group(1), int(match.group(2))) if match else (line.strip(), None))
    return out


_CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def case_mentioned(case: str, text: str) -> bool:
    """Return True when `text` names `case` (事例15 as 事例⑮ or 事例15, No.14, Case 1), not a longer number."""
    from pipeline.normalize import compact

    body = compact(text)
    match = re.fullmatch(r"(事例|No\.|Case ?)(\d+)", case)
    if not match:
        return compact(case) in body
    prefix, number = match.group(1).replace(" ", ""), int(match.group(2))
    forms = [rf"{re.escape(prefix)}{number}(?!\d)"]
    if prefix == "事例" and 1 <= number <= len(_CIRCLED_DIGITS):
        forms.append(re.escape(prefix + _CIRCLED_DIGITS[number - 1]))
    return any(re.search(f, body) for f in forms)


def judge_answer(answer, q: Question, evidence_keys: tuple[str, ...]) -> dict[str, Any]:
    """Return the ask-stage judgement of one Answer against its question."""
    from pipeline.normalize import compact

    cited = {c.n: c for c in answer.citations}
    citations = [{"n": c.n, "chunk_id": c.chunk.chunk_id, "case": c.chunk.case, "citation": c.chunk.citation,
                  "relevant": M.is_relevant(c.chunk.text, evidence_keys, precompacted=True)}
                 for c in answer.citations]
    sentences = parse_answer_lines(answer.text) if answer.found else []
    verbatim = 0
    for quote, n in sentences:
        if n in cited and compact(quote) and compact(quote) in compact(cited[n].chunk.text):
            verbatim += 1
    row: dict[str, Any] = {
        "found": bool(answer.found), "text": answer.text, "notice": answer.notice, "citations": citations,
        "sentences": len(sentences), "verbatim_sentences": verbatim,
        "correct_citation": None, "case_correct": None, "case_mentioned": None,
    }
    if q.answerable:
        row["correct_citation"] = bool(answer.found and any(c["relevant"] for c in citations))
    if q.case:
        first = answer.citations[0].chunk if answer.found and answer.citations else None
        row["case_correct"] = bool(first is not None and first.case == q.case)
        row["case_mentioned"] = bool(first is not None and (first.case == q.case or case_mentioned(q.case, first.text)))
    return row


def ask_metrics(rows: list[dict[str, Any]], questions: list[Question]) -> dict[str, Any]:
    """Aggregate the per-question ask judgements (see README for definitions)."""
    by_id = {q.id: q for q in questions}
    unans = [r for r in rows if not by_id[r["id"]].answerable]
    ans = [r for r in rows if by_id[r["id"]].answerable]
    cased = [r for r in rows if by_id[r["id"]].case]
    total_sent = sum(r["sentences"] for r in rows)

    def share(items: list, pred: Callable[[dict], bool]) -> float | None:
        return round(sum(1 for r in items if pred(r)) / len(items), 4) if items else None

    return {
        "refusal_accuracy": share(unans, lambda r: not r["found"]),
        "false_refusal_rate": share(ans, lambda r: not r["found"]),
        "correct_citation_rate": share(ans, lambda r: r["correct_citation"]),
        "correct_citation_when_answered": share([r for r in ans if r["found"]], lambda r: r["correct_citation"]),
        "case_accuracy": share(cased, lambda r: r["case_correct"]),
        "case_accuracy_lenient": share(cased, lambda r: r.get("case_mentioned")),
        "verbatim_sentence_rate": round(sum(r["verbatim_sentences"] for r in rows) / total_sent, 4) if total_sent else None,
        "n_unanswerable": len(unans), "n_answerable": len(ans), "n_case": len(cased), "n_sentences": total_sent,
    }


# ---------------------------------------------------------------------------------------------
# the run


def run_eval(split: str = "test", limit: int | None = None, out_dir: Path | None = RESULTS_DIR,
             skip_baselines: bool = False, skip_ask: bool = False, skip_build: bool = False,
             questions_path: Path = QUESTIONS_PATH, corpus_dir: Path | None = None, index_dir: Path | None = None,
             model_dir: Path | None = None, progress: bool = True, baselines: tuple[str, ...] | None = None,
             embedder=None) -> dict[str, Any]:
    """Evaluate every config on the same questions; write latest.{json,md,png} to `out_dir` (unless None).

    `baselines` picks which llama-index baselines to run (default: all; `skip_baselines` = none);
    `embedder` reuses an already loaded embedder (default: load the configured model)."""
    from pipeline import config
    from pipeline.answer import answer_question
    from pipeline.embedder import load_embedder
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    say = _Progress(progress)
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    index_dir = Path(index_dir or config.INDEX_DIR)
    questions = load_questions(questions_path, split, limit)
    if not questions:
        raise ValueError(f"no questions in split {split!r}")
    evidence = {q.id: q.evidence for q in questions if q.answerable}
    evidence_keys = {q.id: M.compact_evidence(q.evidence) for q in questions}
    say(f"{len(questions)} questions ({split}), {len(evidence)} answerable")

    t_load = time.perf_counter()
    embedder = embedder if embedder is not None else load_embedder(model_dir)
    index = load_index(index_dir, corpus_dir, embedder)
    searcher = Searcher(index, embedder)
    load_seconds = time.perf_counter() - t_load
    say(f"model and index loaded in {load_seconds:.1f}s ({len(index.chunks)} chunks)")
    for text in WARMUP_QUERIES:  # the first calls after loading are slow (dictionary, torch threads)
        searcher.search(text, top_k=TOP_K)

    chunk_texts = {c.chunk_id: c.text for c in index.chunks}
    citation_of = {c.chunk_id: c.citation for c in index.chunks}
    collections: dict[str, dict[str, str]] = {}
    qrels: dict[str, dict[str, dict[str, int]]] = {}
    product_qrels = M.judge_collection(chunk_texts, evidence)
    for name in PRODUCT_CONFIGS:
        collections[name] = chunk_texts
        qrels[name] = product_qrels

    runs: dict[str, dict[str, dict[str, float]]] = {}
    ranked_lists: dict[str, dict[str, list[tuple[str, float]]]] = {}
    # The product runs first and is timed; a second timed pass after everything else searches the
    # same questions again. Two passes show how much the machine's other load moves the figures.
    first_ms: list[float] = []
    first_stage_ms: list[dict[str, float]] = []
    for name in (PRODUCT,) + tuple(c for c in PRODUCT_CONFIGS if c != PRODUCT):
        runs[name], ranked_lists[name] = {}, {}
        for q in questions:
            t0 = time.perf_counter()
            result = searcher.search(q.question, top_k=TOP_K, mode=name)
            elapsed = (time.perf_counter() - t0) * 1000
            if name == PRODUCT:
                first_ms.append(elapsed)
                first_stage_ms.append({**result.timings_ms, "total": elapsed})
            ranked = [(h.chunk.chunk_id, float(h.score)) for h in result.hits]
            ranked_lists[name][q.id] = ranked
            runs[name][q.id] = dict(ranked)
        say(f"retrieval: {name} done")
    runs = {name: runs[name] for name in PRODUCT_CONFIGS}  # report order

    baseline_info: dict[str, Any] = {}
    if not skip_baselines:
        from .baselines import NAMES, build_baselines

        say("building llama-index baselines (embedding the default-split raw corpus)…")
        built = build_baselines(corpus_dir, embedder, top_k=TOP_K, names=tuple(baselines or NAMES))
        for name, base in built.items():
            collections[name] = base.passages
            qrels[name] = M.judge_collection(base.passages, evidence)
            runs[name], ranked_lists[name] = {}, {}
            for q in questions:
                ranked = base.retrieve(q.question)[:TOP_K]
                ranked_lists[name][q.id] = ranked
                runs[name][q.id] = dict(ranked)
            zero = sum(1 for q in questions if max((s for _, s in ranked_lists[name][q.id]), default=0.0) <= 0.0)
            baseline_info[name] = {"build_seconds": round(base.build_seconds, 2), **base.info,
                                   "queries_with_all_zero_scores": zero}
            say(f"retrieval: {name} done")

    configs = list(runs)
    chunk_case = {c.chunk_id: c.case for c in index.chunks}
    cased = [q for q in questions if q.case]
    indexed_cases = set(chunk_case.values())
    cases_not_in_index = sorted({q.case for q in cased if q.case not in indexed_cases})
    type_of = {q.id: q.type for q in questions}
    persona_of = {q.id: q.persona for q in questions}
    retrieval: dict[str, Any] = {}
    per_query_metrics: dict[str, dict[str, dict[str, float]]] = {}
    for name in configs:
        rows = M.per_query(runs[name], qrels[name])
        per_query_metrics[name] = rows
        retrieval[name] = {
            "overall": M.mean_metrics(rows),
            "by_type": M.grouped(rows, type_of),
            "by_persona": M.grouped(rows, persona_of),
            "unreachable": sorted(qid for qid, rel in qrels[name].items() if not rel),
            "passages": len(collections[name]),
        }
        if name in PRODUCT_CONFIGS and cased:  # baseline nodes carry no case label
            top_case = [chunk_case.get(ranked_lists[name][q.id][0][0]) if ranked_lists[name][q.id] else None
                        for q in cased]
            retrieval[name]["overall"]["case@1"] = sum(c == q.case for c, q in zip(top_case, cased)) / len(cased)
            retrieval[name]["case_questions"] = len(cased)

    search_ms: list[float] = []
    stage_ms: list[dict[str, float]] = []
    for q in questions:  # second pass over the same questions
        t0 = time.perf_counter()
        result = searcher.search(q.question, top_k=TOP_K, mode=PRODUCT)
        elapsed = (time.perf_counter() - t0) * 1000
        search_ms.append(elapsed)
        stage_ms.append({**result.timings_ms, "total": elapsed})

    ask_rows: list[dict[str, Any]] = []
    ask_ms: list[float] = []
    ask_summary: dict[str, Any] | None = None
    if not skip_ask:
        answer_question(searcher, "技術流出対策とは")  # warm-up
        for q in questions:
            t0 = time.perf_counter()
            answer = answer_question(searcher, q.question)
            ask_ms.append((time.perf_counter() - t0) * 1000)
            ask_rows.append({"id": q.id, **judge_answer(answer, q, evidence_keys[q.id])})
        ask_summary = ask_metrics(ask_rows, questions)
        say("ask done")

    build: dict[str, Any] | None = None
    if not skip_build:
        say("timing a forced index build into a temporary directory…")
        with tempfile.TemporaryDirectory(prefix="kb-eval-index-") as tmp:
            report = build_index(corpus_dir, Path(tmp), embedder, progress=False, force=True)
        build = {"seconds": round(report.seconds, 2), "chunks": report.chunks, "lines": report.lines,
                 "embedded": report.embedded}
        say(f"build: {report.seconds:.1f}s")

    warm_stages = stage_ms[1:]
    embed_total = sum(s.get("embed", 0.0) for s in warm_stages)
    wall_total = sum(s["total"] for s in warm_stages)
    stage_means = {}
    for key in ("bm25", "embed", "dense", "rescore"):
        values = [s[key] for s in warm_stages if key in s]
        if values:
            stage_means[key] = round(sum(values) / len(values), 2)
    latency = {
        "search": {**_latency(search_ms), "mode": PRODUCT, "top_k": TOP_K},
        "search_first_pass": {**_latency(first_ms), "mode": PRODUCT, "top_k": TOP_K,
                              "embed_p50_ms": round(M.percentile([s.get("embed", 0.0) for s in first_stage_ms[1:]], 50), 2)
                              if len(first_stage_ms) > 1 else None},
        "ask": _latency(ask_ms) if ask_ms else None,
        "embed_share_of_search": round(embed_total / wall_total, 4) if wall_total else None,
        "embed_ms_p50": round(M.percentile([s.get("embed", 0.0) for s in warm_stages], 50), 2) if warm_stages else None,
        "search_stage_means_ms": stage_means,
        "threads": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }

    ask_by_id = {r["id"]: r for r in ask_rows}
    query_rows = []
    for q in questions:
        row: dict[str, Any] = {"id": q.id, "split": q.split, "type": q.type, "persona": q.persona,
                               "question": q.question, "evidence": list(q.evidence), "doc_id": q.doc_id,
                               "case": q.case, "answerable": q.answerable, "retrieval": {}}
        for name in configs:
            relevant = qrels[name].get(q.id)
            first = M.first_relevant_rank(runs[name].get(q.id, {}), relevant, TOP_K) if relevant is not None else None
            row["retrieval"][name] = _retrieval_row(ranked_lists[name].get(q.id, []), collections[name],
                                                    relevant, first)
        if q.id in ask_by_id:
            row["ask"] = {k: v for k, v in ask_by_id[q.id].items() if k != "id"}
        query_rows.append(row)
    for row in query_rows:  # readable product citations for the report
        for item in row["retrieval"].get(PRODUCT, {}).get("top", []):
            item["citation"] = citation_of.get(item["id"])

    result: dict[str, Any] = {
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "config": {
            "split": split, "limit": limit, "top_k": TOP_K, "product": PRODUCT,
            "configs": configs, "descriptions": {c: CONFIG_DESCRIPTIONS.get(c, "") for c in configs},
            "metrics": list(M.DEFAULT_METRICS),
            "questions": {"path": str(Path(questions_path).resolve().relative_to(EVAL_DIR.parent))
                          if Path(questions_path).resolve().is_relative_to(EVAL_DIR.parent) else str(questions_path),
                          "sha256": _sha256(Path(questions_path)), "n": len(questions),
                          "answerable": len(evidence), "unanswerable": len(questions) - len(evidence)},
            "relevance": "compact(passage text) contains compact(evidence) for any evidence string",
            "ndcg": "binary gain for the first relevant passage only; ideal = one relevant at rank 1",
            "model": {"name": getattr(embedder, "name", None), "fingerprint": getattr(embedder, "fingerprint", None),
                      "dim": getattr(embedder, "dim", None)},
            "index": {k: index.manifest.get(k) for k in ("built_at", "code_version", "corpus_checksum",
                                                           "chunk_count", "line_count")},
            "baselines": baseline_info,
            "versions": _versions(),
            "git_commit": _git_commit(),
            "pipeline_uncommitted_changes": _pipeline_dirty(),
            "load_seconds": round(load_seconds, 2),
        },
        "retrieval": retrieval,
        "ask": ask_summary,
        "case_labels_not_in_index": {case: [q.id for q in cased if q.case == case] for case in cases_not_in_index},
        "latency": latency,
        "build": build,
        "per_query": query_rows,
    }
    if out_dir is not None:
        from .report import write_outputs

        paths = write_outputs(result, Path(out_dir))
        say("wrote " + ", ".join(str(p) for p in paths))
    return result
