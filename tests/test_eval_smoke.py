"""eval/: exact metric and grading values on hand-made inputs, and a smoke run of the benchmark on a
fixture corpus (its own questions, the deterministic fake embedder) so it doesn't depend on corpus/."""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

from eval import metrics as M
from eval.calibrate import Decision, calibrate, format_calibration, rates
from eval.dataset import Question, question_from_row
from eval.diff import diff_runs
from eval.grading import case_mentioned, judge_answer, parse_answer_lines, same_case, verdict
from eval.runner import answer_summary

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------ metric functions

RUN = {
    "q1": {"a": 3.0, "b": 2.0, "c": 1.0},  # relevant a at rank 1
    "q2": {"a": 3.0, "b": 2.0, "c": 1.0},  # relevant b at rank 2
}
QRELS = {"q1": {"a": 1}, "q2": {"b": 1}}


def test_recall_mrr_ndcg_exact():
    result = M.evaluate(RUN, QRELS)
    assert result["recall@1"] == 0.5
    assert result["recall@5"] == 1.0
    assert result["recall@10"] == 1.0
    assert result["mrr@10"] == 0.75
    assert result["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)  # 0.815465
    assert result["n"] == 2


def test_missing_unreachable_and_extra_queries():
    run = {**RUN, "q9": {"z": 1.0}}  # q9 has no qrels: ignored
    qrels = {**QRELS, "q3": {}, "q4": {"x": 1}}  # q3 unreachable, q4 not answered by the run
    result = M.evaluate(run, qrels)
    assert result["n"] == 4
    assert result["recall@1"] == 0.25
    assert result["mrr@10"] == pytest.approx(1.5 / 4)


def test_cutoff_and_rank_order_by_score_not_insertion():
    run = {"q": {f"p{i}": float(i) for i in range(1, 13)}}  # p12 best … p1 worst
    assert M.ranking(run["q"])[:3] == ["p12", "p11", "p10"]
    at5 = {"q": {"p8": 1}}  # rank 5
    assert M.evaluate(run, at5)["recall@1"] == 0.0
    assert M.evaluate(run, at5)["recall@5"] == 1.0
    assert M.evaluate(run, at5)["mrr@10"] == pytest.approx(0.2)
    beyond = {"q": {"p1": 1}}  # rank 12: outside every cutoff
    assert M.evaluate(run, beyond)["recall@10"] == 0.0
    assert M.evaluate(run, beyond)["mrr@10"] == 0.0
    assert M.evaluate(run, beyond)["ndcg@10"] == 0.0


def test_ties_keep_retrieval_order():
    run = {"q": {"x": 1.0, "y": 1.0, "z": 1.0}}
    assert M.first_relevant_rank(run["q"], {"y": 1}) == 2


def test_ndcg_one_vs_all():
    scores = {"a": 3.0, "b": 2.0, "c": 1.0}
    relevant = {"a": 1, "c": 1}
    assert M.ndcg_at(scores, relevant, 10) == 1.0  # first relevant at rank 1 = ideal
    # textbook: DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
    assert M.ndcg_at(scores, relevant, 10, ideal="all") == pytest.approx(1.5 / (1 + 1 / math.log2(3)))


def test_per_type_grouping():
    rows = M.per_query(RUN, QRELS)
    groups = M.grouped(rows, {"q1": "lookup", "q2": "numeric"})
    assert groups["lookup"]["recall@1"] == 1.0 and groups["lookup"]["n"] == 1
    assert groups["numeric"]["recall@1"] == 0.0 and groups["numeric"]["mrr@10"] == 0.5


def test_metrics_do_not_mutate_inputs():
    run, qrels = copy.deepcopy(RUN), copy.deepcopy(QRELS)
    M.evaluate(run, qrels)
    M.per_query(run, qrels, ("recall@3", "ndcg@2"))
    assert run == RUN and qrels == QRELS
    assert list(run["q1"]) == ["a", "b", "c"]


def test_unknown_metric_rejected():
    with pytest.raises(ValueError):
        M.evaluate(RUN, QRELS, ("precision@5",))


def test_relevance_by_compacted_evidence():
    passage = "■ 技術 情報管理\n認証制度（ＴＩＣＳ）の概要"
    assert M.is_relevant(passage, ["技術情報管理認証制度(TICS)"])
    assert not M.is_relevant(passage, ["輸出管理"])
    assert not M.is_relevant(passage, [])
    qrels = M.judge_collection({"p1": passage, "p2": "輸出 管理"}, {"q1": ["輸出管理"], "q2": ["無関係な文"], "q3": []})
    assert qrels == {"q1": {"p2": 1}, "q2": {}}  # q2 unreachable, q3 (no evidence) left out


def test_percentile():
    assert M.percentile([1, 2, 3, 4], 50) == 2.5
    assert M.percentile([10.0], 95) == 10.0
    assert M.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def _q(qid: str, evidence=("x",), case=None, keys=(("x",),), qtype=None, near_miss=False, min_keys=None) -> Question:
    kind = qtype or ("lookup" if evidence else "unanswerable")
    return Question(qid, "test", "sme", kind, "?", tuple(evidence), tuple(keys) if evidence else (), min_keys,
                    case=case, near_miss=near_miss)


def test_bootstrap_interval_brackets_the_mean_and_is_reproducible():
    values = [1.0] * 70 + [0.0] * 30
    lo, hi = M.bootstrap_ci(values)
    assert lo < 0.7 < hi and 0.05 < hi - lo < 0.25  # n=100 at p=0.7: about ±9 points
    assert M.bootstrap_ci(values) == (lo, hi)
    assert M.bootstrap_ci([1.0, 1.0]) == (1.0, 1.0)
    assert M.bootstrap_ci([]) is None


def test_separation_auc():
    assert M.separation_auc([0.9, 0.6], [0.7]) == 0.5
    assert M.separation_auc([0.9], [0.1, 0.2]) == 1.0
    assert M.separation_auc([0.9], []) is None


# ------------------------------------------------------------------------------ grading


class _Chunk:
    def __init__(self, text, case=None, chunk_id="c1"):
        self.text, self.case, self.chunk_id, self.citation = text, case, chunk_id, f"資料 {chunk_id}"


class _Citation:
    def __init__(self, n, chunk, quote=""):
        self.n, self.chunk, self.quote = n, chunk, quote


class _Answer:
    def __init__(self, text, citations=(), found=True, refusal_reason=None):
        self.text, self.citations, self.found, self.notice = text, tuple(citations), found, None
        self.refusal_reason = refusal_reason


PASSAGE = _Chunk("■ 見学会の案内\n参加者は 42 名でした。\n会場は 北九州 の工場です。", case="事例⑥")


@pytest.mark.parametrize("answer_text, found, expected", [
    ("参加者は42名でした。[1]", True, "correct"),  # spacing differs from the passage: compacted
    ("会場は北九州の工場です。[1]", True, "partly"),  # the right passage, not the asked fact
    ("見学会は毎年開かれています。[1]", True, "wrong"),
    ("資料には該当する記述が見つかりませんでした", False, "refused"),
])
def test_verdict_of_an_answerable_question(answer_text, found, expected):
    question = _q("a", evidence=("会場は北九州",), keys=(("42名",),))
    passage = PASSAGE if expected != "wrong" else _Chunk("見学会は毎年開かれています。")
    answer = _Answer(answer_text, [_Citation(1, passage)] if found else [], found)
    row = judge_answer(answer, question, M.compact_evidence(question.evidence))
    assert row["verdict"] == expected


def test_list_needs_every_item_unless_min_keys():
    items = (("半導体",), ("蓄電池",), ("永久磁石", "永久磁⽯"))
    full = _q("l", keys=items, qtype="list")
    assert verdict(full, True, [True, True, True], False) == "correct"
    assert verdict(full, True, [True, True, False], True) == "partly"
    some = _q("h", keys=items, qtype="howto", min_keys=2)
    assert verdict(some, True, [True, False, True], False) == "correct"
    assert verdict(some, True, [False, False, True], False) == "partly"


def test_unanswerable_refused_is_right_answered_is_wrong():
    question = _q("u", evidence=(), near_miss=True)
    assert verdict(question, False, [], False) == "refused"
    assert verdict(question, True, [], False) == "wrong"


def test_answer_summary_exact():
    questions = [_q("a"), _q("b"), _q("c", case="No.1"), _q("u1", ()), _q("u2", (), near_miss=True)]
    base = {"sentences": 1, "verbatim_sentences": 1, "keys_satisfied": 1, "keys_total": 1, "case_correct": None,
            "case_mentioned": None, "refusal_reason": None}
    rows = [
        {**base, "id": "a", "found": True, "verdict": "correct"},
        {**base, "id": "b", "found": False, "verdict": "refused", "sentences": 0, "verbatim_sentences": 0,
         "refusal_reason": "資料には『X』に関する記述がありません"},
        {**base, "id": "c", "found": True, "verdict": "partly", "case_correct": True, "case_mentioned": True,
         "verbatim_sentences": 0},
        {**base, "id": "u1", "found": False, "verdict": "refused", "sentences": 0, "verbatim_sentences": 0},
        {**base, "id": "u2", "found": True, "verdict": "wrong"},
    ]
    out = answer_summary(rows, questions)
    assert out["correct"]["value"] == pytest.approx(1 / 3, abs=1e-4) and out["correct"]["n"] == 3
    assert out["false_refusal"]["value"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["unanswerable_refused"]["value"] == 0.5
    assert out["near_miss_refused"]["value"] == 0.0 and out["off_topic_refused"]["value"] == 1.0
    assert out["verbatim_answers"]["value"] == pytest.approx(2 / 3, abs=1e-4)  # c's quote is not verbatim
    assert out["case_correct"]["value"] == 1.0
    assert out["refusals_with_reason"]["value"] == 0.5
    assert out["by_type"]["lookup"] == {"correct": 1, "partly": 1, "wrong": 0, "refused": 1, "n": 3}
    lo, hi = out["correct"]["ci"]
    assert 0.0 <= lo <= 1 / 3 <= hi <= 1.0


def test_parse_answer_lines():
    assert parse_answer_lines("一文目。[1]\n二文目[2][3]\n\n印なし") == [("一文目。", 1), ("二文目", 2), ("印なし", None)]
    # the product's own line above its quotes is no quote; any other unmarked line is one that cites nothing
    assert parse_answer_lines("資料では、次のように記載されています。\n一文目。[1]") == [("一文目。", 1)]
    assert parse_answer_lines("資料での『甲』と『乙』の説明を、それぞれ示します。\n甲は…[1]") == [("甲は…", 1)]
    assert parse_answer_lines("資料では、次のように記載されていません。\n一文目。[1]")[0][1] is None


def test_case_labels_compare_with_circled_or_plain_numbers():
    assert same_case("事例⑥", "事例6") and same_case("Case 1", "Case 1") and same_case("No.14", "No.14")
    assert not same_case("事例⑯", "事例6") and not same_case(None, "No.1")
    assert case_mentioned("事例19", "・他社との共同研究開発の制限(事例⑲)")
    assert not case_mentioned("事例1", "(事例⑲)")
    assert not case_mentioned("No.1", "民間ベストプラクティス集 No.14 A社")


def test_question_rows_default_the_newer_fields():
    question = question_from_row({"id": "x", "split": "dev", "persona": "sme", "type": "list", "question": "?",
                                  "evidence": ["e"], "answer_keys": ["a", ["b", "b2"]], "doc_id": None,
                                  "case": None, "answer": "…"})
    assert question.answer_keys == (("a",), ("b", "b2")) and question.keys_needed == 2
    assert question.history == () and not question.near_miss


def test_calibration_picks_separating_threshold():
    rows = [Decision(_q(f"a{i}"), True, s) for i, s in enumerate((2.0, 1.5, 1.2, 1.0, 0.9, 0.8))]
    rows += [Decision(_q(f"u{i}", ()), True, s) for i, s in enumerate((-1.0, -0.5, 0.1, 0.2, 0.3))]
    rows.append(Decision(_q("u-rule", ()), False, 3.0))  # refused by a rule whatever its score
    report = calibrate(rows)
    assert report["auc"] == 1.0 and report["separable"]
    assert 0.3 < report["threshold"] <= 0.8  # refuses every unanswerable, answers every answerable
    assert report["at_threshold"] == {"unanswerable_refused": 1.0, "false_refusal": 0.0, "balanced": 1.0}
    assert rates(rows, float("-inf"))["unanswerable_refused"] == 1 / 6


def test_calibration_says_when_dev_cannot_separate():
    rows = [Decision(_q(f"a{i}"), True, s) for i, s in enumerate((0.1, 0.9, 0.4, 0.6))]
    rows += [Decision(_q(f"u{i}", ()), True, s) for i, s in enumerate((0.5, 0.8, 0.2))]
    report = calibrate(rows)
    assert not report["separable"] and report["threshold"] is None
    assert "no threshold is proposed" in format_calibration({**report, "split": "dev"})


# ------------------------------------------------------------------------------ diff


def _run(sha, rows):
    return {"date": "d", "config": {"questions": {"sha256": sha}, "split": "dev", "product": "rescored",
                                    "git_commit": "abc"},
            "per_query": [{"id": i, "type": "lookup", "answerable": True, "question": "?",
                           "retrieval": {"rescored": {"first_relevant_rank": rank}}, "ask": {"verdict": v}}
                          for i, rank, v in rows]}


def test_diff_lists_flipped_questions():
    before = _run("s", [("a", 1, "correct"), ("b", 3, "wrong"), ("c", None, "partly")])
    after = _run("s", [("a", 1, "partly"), ("b", 1, "correct"), ("c", None, "partly")])
    diff = diff_runs(before, after)
    assert [(r["id"], r["better"]) for r in diff["answers"]] == [("a", False), ("b", True)]
    assert [(r["id"], r["better"]) for r in diff["retrieval"]] == [("b", True)]
    assert diff["answers_better"] == 1 and diff["answers_worse"] == 1
    assert not diff_runs(_run("other", []), after)["comparable"]
    assert not diff_runs(None, after)["comparable"]


# ------------------------------------------------------------------------------ smoke run on a fixture corpus

SMOKE_QUESTIONS = [
    {"id": "s1", "split": "test", "persona": "sme", "type": "howto", "question": "退職する人から情報を守るには？",
     "evidence": ["秘密保持の誓約書"], "answer_keys": [["誓約書"], ["アクセス権限"]], "min_keys": 1},
    {"id": "s2", "split": "test", "persona": "officer", "type": "case", "question": "事例⑥は何について？",
     "evidence": ["共同調達を行うことは"], "answer_keys": [["共同調達"]], "case": "事例6"},
    {"id": "s3", "split": "test", "persona": "sme", "type": "followup", "question": "それは何が対象？",
     "history": ["キャッチオール規制って？"], "evidence": ["リスト規制品以外"], "answer_keys": [["リスト規制品以外"]]},
    {"id": "s4", "split": "test", "persona": "sme", "type": "unanswerable", "question": "おすすめのラーメン屋は？",
     "evidence": [], "answer_keys": [], "answer": "資料に記載なし"},
]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    from pipeline.embedder import FakeEmbedder
    from pipeline.index import build_index

    from conftest import INLINE_DECK

    root = tmp_path_factory.mktemp("eval-smoke")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    questions = root / "questions.jsonl"
    questions.write_text("".join(json.dumps({"doc_id": None, "case": None, "answer": "…", **row}, ensure_ascii=False)
                                 + "\n" for row in SMOKE_QUESTIONS), encoding="utf-8")
    embedder = FakeEmbedder()
    build_index(corpus, root / "index", embedder, progress=False)
    from eval.runner import run_eval

    out = root / "results"
    result = run_eval(split="test", out_dir=out, skip_build=True, progress=False, questions_path=questions,
                      corpus_dir=corpus, index_dir=root / "index", embedder=embedder, compare=False)
    return result, out


def test_smoke_outputs(smoke):
    result, out = smoke
    for name in ("latest.json", "latest.md", "latest.png"):
        assert (out / name).stat().st_size > 0
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    configs = data["config"]["configs"]
    assert configs == ["bm25", "dense", "hybrid", "rescored", "llamaindex-vector", "llamaindex-bm25-char",
                       "llamaindex-bm25-fugashi"]
    for name in configs:
        overall, ci = data["retrieval"][name]["overall"], data["retrieval"][name]["ci"]
        assert overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"]
        assert overall["n"] == 3  # the unanswerable question is left out
        assert ci["recall@5"][0] <= overall["recall@5"] <= ci["recall@5"][1]
    assert len(data["per_query"]) == 4 and all("ask" in row for row in data["per_query"])
    answers = data["answers"]
    assert answers["n_unanswerable"] == 1 and answers["n_answerable"] == 3
    assert sum(answers[v]["value"] for v in ("correct", "partly", "wrong", "refused")) == pytest.approx(1.0, abs=1e-3)
    assert data["per_query"][2]["history"] == ["キャッチオール規制って？"]
    markdown = (out / "latest.md").read_text(encoding="utf-8")
    assert "correct" in markdown and "llamaindex-bm25-fugashi" in markdown
    assert "error analysis is done on the dev split" in markdown  # no per-question failures for test
    assert (out / "latest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------------ feedback


def test_feedback_down_votes_become_review_candidates_once():
    from eval.feedback import candidates

    records = [
        {"rating": "down", "question": "見学者の受付はどうする？", "history": [], "answer": "…", "comment": "違う"},
        {"rating": "down", "question": "見学者の受付はどうする？", "history": [], "answer": "…"},  # same again
        {"rating": "up", "question": "保管期間は？", "history": []},
        {"rating": "down", "question": "その連絡先は？", "history": ["見学者の受付はどうする？"], "answer": "…"},
        {"rating": "down", "question": "既にある質問", "history": []},
    ]
    existing = [{"id": "q001", "question": "既にある質問", "history": []}, {"id": "d041", "question": "x"}]
    rows = candidates(records, existing)
    assert [(r["id"], r["question"], r["type"]) for r in rows] == [
        ("d042", "見学者の受付はどうする？", "howto"), ("d043", "その連絡先は？", "followup")]
    assert rows[0]["review"]["comment"] == "違う" and rows[0]["evidence"] == [] and rows[0]["split"] == "dev"
    assert rows[1]["history"] == ["見学者の受付はどうする？"]


def test_unreviewed_candidate_is_rejected_by_the_question_check():
    from eval.check_questions import check_question
    from eval.feedback import candidates

    [row] = candidates([{"rating": "down", "question": "見学者の受付はどうする？", "answer": "…"}], [])
    errors: list[str] = []
    check_question({**row, "_where": "feedback-candidates.jsonl:1"}, {}, {}, errors, [])
    assert any("unexpected fields ['review']" in e for e in errors)


def test_the_question_check_summary_shows_the_test_split_only_as_a_count(capsys):
    # the make-up by type of the frozen split is the test split's too: a helper would steer by it
    from eval.check_questions import main

    main(["-q"])
    out = capsys.readouterr().out
    test_part = out[out.index("\ntest:"):].split("\nquestions:")[0]
    dev_part = out[out.index("\ndev:"):out.index("\ntest:")]
    assert "lookup" in dev_part and "lookup" not in test_part and "--show-test" in test_part


def test_the_question_check_never_prints_what_a_test_question_says():
    # a developer or a helper writing dev questions runs the check; it must not show them the test split
    from eval.check_questions import check_question

    row = {"id": "t001", "split": "test", "persona": "sme", "type": "lookup", "question": "見本の質問",
           "history": [], "evidence": ["見本局だけが知っている秘密の言い回し"], "answer_keys": [["秘密の鍵"]],
           "min_keys": None, "doc_id": None, "case": None, "near_miss": False, "focus": None,
           "answer": "見本の答え", "_where": "test.jsonl:1"}
    docs = {"deck": "ほかのことだけが書いてある"}
    for split in ("test", "dev"):
        errors: list[str] = []
        check_question({**row, "split": split, "id": "t001" if split == "test" else "d001"}, docs,
                       {"deck": [docs["deck"]]}, errors, [])
        shown = "\n".join(errors)
        assert "NOT FOUND" in shown  # the problem is named either way
        assert ("秘密" in shown) == (split == "dev")
