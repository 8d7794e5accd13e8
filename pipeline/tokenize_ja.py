"""Japanese tokenizer for BM25: one function for documents and queries alike."""
from __future__ import annotations

import re
import threading

from .normalize import circled_number_value, normalize_text

# Content words only: particles, auxiliaries and symbols carry no topic.
CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "接頭辞"})
STOPWORDS = frozenset({
    "する", "ある", "いる", "なる", "れる", "られる", "できる", "おる", "くる", "いく", "こと", "もの", "よう",
    "ため", "これ", "それ", "あれ", "どれ", "ここ", "そこ", "等", "など", "的", "さ", "ない", "無い", "方",
    "とき", "時", "何", "教える", "知る", "ください", "下さる", "くださる", "思う", "いう", "言う", "について",
    "因る", "為る", "居る", "成る", "有る", "出来る", "於く", "頂く", "致す", "御", "様",
})
_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")
_LATIN_WORD = re.compile(r"^[a-z0-9][a-z0-9.\-+/]*$")


_local = threading.local()


def tagger():
    """Return this thread's fugashi tagger (unidic-lite). A MeCab tagger keeps its parse in the object,
    so one shared by app sessions returns words of another user's question; each thread gets its own
    (the dictionary itself is memory-mapped once, so a tagger is cheap)."""
    found = getattr(_local, "tagger", None)
    if found is None:
        import fugashi  # lazy: loading the dictionary takes a moment
        import unidic_lite

        found = _local.tagger = fugashi.Tagger(f"-d {unidic_lite.DICDIR}")
    return found


def dictionary_version() -> str:
    """Return a label for the dictionary in use (stored in the index manifest)."""
    import unidic_lite

    return f"unidic-lite {getattr(unidic_lite, '__version__', '?')}"


def tokenize(text: str) -> list[str]:
    """Return the BM25 tokens of `text`: normalised, content words as dictionary lemmas."""
    # ⑥ is a case number: make it the token "6" so 事例6 and 事例⑥ meet.
    text = _CIRCLED.sub(lambda m: f" {circled_number_value(m.group(0))} ", normalize_text(text))
    tokens: list[str] = []
    for word in tagger()(text):
        feature = word.feature
        pos = feature.pos1
        surface = word.surface
        if pos not in CONTENT_POS:
            # unknown latin words (TICS, EWS) come back as 名詞 anyway; keep numbers too
            if pos != "補助記号" and _LATIN_WORD.match(surface.lower()):
                tokens.append(surface.lower())
            continue
        lemma = getattr(feature, "lemma", None)
        if not lemma or lemma == "*" or "-" in lemma and not lemma.isascii():
            lemma = surface
        lemma = lemma.lower()
        if lemma in STOPWORDS or surface in STOPWORDS:
            continue
        tokens.append(lemma)
    return tokens


def proper_nouns(text: str) -> list[str]:
    """Return the proper nouns (固有名詞) of `text` as lemmas (unidic gives some as readings: 札幌 → サッポロ)."""
    out = []
    for word in tagger()(normalize_text(text)):
        if word.feature.pos2 == "固有名詞":
            lemma = getattr(word.feature, "lemma", None)
            out.append((lemma if lemma and lemma != "*" and "-" not in lemma else word.surface).lower())
    return out
