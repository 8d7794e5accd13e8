"""Everyday words SME staff use, mapped to the terms the policy documents use.

Applied to queries only, as extra BM25 tokens: 「社員が辞めるとき」 should meet 退職者, 「怪しいメール」
should meet 不審なメール. Keys and values are plain words; both go through the product's tokenizer,
so a key matches when all of its tokens occur in the query (辞める → lemma 止める).
"""
from __future__ import annotations

from functools import lru_cache

from .tokenize_ja import tokenize

QUERY_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "辞める": ("退職", "転職"),
    "辞めた": ("退職者",),
    "持っていく": ("持ち出し", "流出"),
    "退社": ("退職",),
    "引き抜く": ("引き抜き", "転職", "人材"),
    "ヘッドハンティング": ("引き抜き", "転職"),
    "社員": ("従業員",),
    "職員": ("従業員",),
    "怪しい": ("不審",),
    "変": ("不審",),
    "部署": ("部門",),
    "持ち出す": ("持ち出し",),
    "漏れる": ("流出", "漏洩"),
    "盗む": ("流出", "不正",),
    "盗まれる": ("流出",),
    "パクる": ("流出", "不正"),
    "仕入れ": ("調達",),
    "仕入れる": ("調達",),
    "仕入先": ("調達先", "取引先"),
    "取引先": ("取引先", "サプライチェーン"),
    "レアメタル": ("重要鉱物", "原材料"),
    "材料": ("原材料",),
    "独禁法": ("独占禁止法",),
    "カルテル": ("独占禁止法", "情報交換"),
    "ライバル": ("競合", "同業"),
    "同業者": ("同業",),
    "工場": ("生産拠点",),
    "海外進出": ("海外", "生産拠点"),
    "子会社": ("拠点",),
    "お金": ("費用", "コスト"),
    "コスト": ("費用",),
    "得": ("効果",),
    "社長": ("経営層",),
    "役員": ("経営層", "役員"),
    "経営者": ("経営層",),
    "上層部": ("経営層",),
    "相談": ("相談", "窓口", "問い合わせ"),
    "連絡先": ("問い合わせ", "窓口"),
    "問い合わせる": ("問い合わせ",),
    "認証": ("TICS", "認証"),
    "規制": ("規制", "管理"),
    "輸出規制": ("輸出管理",),
    "売る": ("輸出",),
    "出資": ("投資",),
    "買収": ("投資", "買収"),
    "ファンド": ("投資",),
    "秘密": ("営業秘密",),
    "ノウハウ": ("技術情報", "営業秘密"),
    "ルール": ("規程", "規定"),
    "動画": ("YouTube",),
    "ダウンロード": ("ウェブページ", "https"),
    "守る": ("保護", "管理"),
    "対策": ("対策", "防止"),
}


@lru_cache(maxsize=1)
def _tokenised_expansions() -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    table = []
    for word, terms in QUERY_EXPANSIONS.items():
        key = frozenset(tokenize(word))
        if key:
            table.append((key, tuple(t for term in terms for t in tokenize(term))))
    return tuple(table)


def expand_query_tokens(tokens: list[str]) -> list[str]:
    """Return `tokens` followed by the document terms their everyday words stand for."""
    present = set(tokens)
    extra = [t for key, terms in _tokenised_expansions() if key <= present for t in terms if t not in present]
    return tokens + list(dict.fromkeys(extra))
