"""Ranked answers (lookup, definition, how-to, yes/no) and case lookups: the best lines by the
ranker's score, led by the line that settles a yes/no, the measures for a how-to, what is said
under a label that only names the topic; a case's title and first lines; a section a question
quotes or whose heading voices the user's concern."""
from __future__ import annotations

import re
from functools import lru_cache

from ..normalize import compact, ends_sentence, normalize_text
from ..question import (ATTRIBUTES, EDITION_ORDER, EXAMPLE_ASKED, GUESS_PUT, ORGANISATION_ENDINGS, ROLES, SOURCE_WORDS, UPCOMING_STATED, WRITTEN_NUMBER, Analysis,
                        foreign_countries_named,
                        is_action, member_term, places_named, quoted_phrases)
from ..records import Chunk, Piece
from ..rules import case_key
from ..search import Searcher, SearchFilters
from ..structure import ATTRIBUTION, enumeration, is_aside, without_list_mark
from ..tokenize_ja import tokenize
from .evidence import (AnswerSettings, Candidate, _context, _GOES_ON, _JUDGEMENT, _MEASURE_HEADING, _MEASURE_SENTENCE,
                       later_documents, _most_specific, _names, names_whole, _publishers_asked, says_words_of, _SOURCE_NOTE, credits_source,
                       states_attribute, TopicTerm)
from .wording import CASES_HELD_NOTICE, EDITION_NOTICE, SAMPLE_NOTICE, YESNO_LEAD
from .blocks import (_about_topic, _block_items, Composition, _distinct, _following, next_block, _numbered_sections, POINTS_BACK, restates_text,
                     _PENDING, scene_of, _section_under, _successor, _unit_segments, _with_heading)
from .lists import _kinds, line_label, _list_under, numbered_run


# A source asked for by name (not 「何をもとに」, which may ask what a thing itself is based on)
_SOURCE_NAMED = re.compile(SOURCE_WORDS + r"|抜粋")


def _source_of(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
               settings: AnswerSettings) -> Composition | None:
    """「どの会議の資料から抜粋されていますか」「出所を教えて」: the note that says where the topic's slide
    comes from (「（出典）第10回…有識者会議（令和６年1月17日）資料より抜粋」; 「(出所) 経済産業省 / 安全保障
    貿易管理HP」 with the line that goes on with it), from a passage about the topic; None when no such line
    is about as good as the best."""
    floor = pool[0].score - settings.judgement_within if pool else 0.0
    sources = [c for c in pool if c.score >= floor and (_SOURCE_NOTE.match(c.text) or ATTRIBUTION.search(c.text))
               and (_about_topic(analysis, c, settings) or any(_about_topic(analysis, o, settings) for o in pool
                                                              if o.chunk.chunk_id == c.chunk.chunk_id))]
    if not sources:
        return None
    best = sources[0]
    # (a remark, 「備考：…以下の式により算出した。」, names no source; of notes each crediting the figures of one
    # thing, 「資料：輸入浸透度については、…により作成。」「雇用者数の割合については、…」, those of the thing asked)
    notes = [c for c in _block_items(searcher, best.chunk, best.piece.block)
             if credits_source(c.text)]
    asked = compact(analysis.resolved)
    return Composition([c for c in notes if not (credited := _CREDITED.search(c.text)) or compact(credited.group(1)) in asked]
                       or [best])


# The thing a note says it credits (「資料：輸入浸透度については、…により作成。」)
_CREDITED = re.compile(r"(?:^|[：:）)]\s*)([^、。：:（）()]{2,20}?)については")


def compose_case(searcher: Searcher, analysis: Analysis, pool: list[Candidate]) -> Composition | str:
    """A case named by number: its title and first lines, or the line that lists it."""
    wanted = analysis.case
    chunks = [c for c in searcher.index.chunks if case_key(c.case) == wanted]
    if chunks:
        lines = []
        for chunk in chunks:
            for index, piece in enumerate(chunk.pieces):
                if piece.kind in ("toc", "link") or _SOURCE_NOTE.match(piece.text):
                    continue
                lines.append(Candidate(chunk, index, 0.0, 0))
        # 「No.42のC社の従業員規模は？」: a particular asked of the case (see question.ATTRIBUTES) that none of
        # its lines states is not in the documents, whatever the case says
        attributes = [q for q in analysis.qualifiers if q.kind in ATTRIBUTES]
        if any(not any(states_attribute(q.kind, c.text) for c in lines) for q in attributes):
            return "qualifier"
        # the case's own title line first (the line that opened it), then what it says
        opener = next((c for c in lines if _opens_case(searcher, c.chunk, c.piece_index)), None)
        body = [c for c in lines if c is not opener and c.piece.kind not in ("heading", "title")]
        chosen = ([opener] if opener else []) + body[:2]
        # 「Case 1で、勝手に使って製品つくってたのって、B社そのものなの？」: the case's line that fits the question
        # best (「数ヶ月後、B社の子会社であるb社が、…」) goes with its first lines, if they don't hold it
        fitting = max((c for c in pool if case_key(c.chunk.case) == wanted and c.piece.kind not in ("heading", "title")),
                      key=lambda c: c.score, default=None)
        if fitting is not None and all(fitting.text != c.text for c in chosen):
            chosen.append(fitting)

        def under(party: Candidate) -> list[Candidate]:  # a company's own lines, under its heading
            return [c for c in body if c.piece.heading == party.text]

        party = next((c for c in lines if c.piece.kind == "heading" and party_named(analysis.question, c.text)), None)
        if party is not None:
            # 「No.1で、食品の会社ってどんなことやってるの？」: the company named, its heading and its lines
            chosen = ([opener] if opener else []) + [party] + under(party)
        parties = [c for c in lines if c.piece.kind == "heading" and _PARTY_HEADING.fullmatch(normalize_text(c.text))]
        if asks_industry(analysis) and parties:
            # 「No.42の3社の業種は？」: a case gives its companies' industries in their headings (「A社の例（金属）」);
            # they answer, after the case's title (an overview that lists the case gives its industries after
            # 「ex.」, and is quoted below as for any question about the case). A question asking more of them
            # (「No.14の企業はどの業種で、不審なメールをどのように洗い出していますか」) gets their first lines too.
            industry = _INDUSTRY_ASKED.search(asked := normalize_text(analysis.resolved))
            more = _PARTY_LINES if _ASKED_MORE.search(asked, industry.end()) else 0
            chosen = [opener] * (opener is not None) + [line for party in parties for line in [party, *under(party)[:more]]]
        listed = _listed_elsewhere(searcher, wanted, {c.doc_id for c in chunks})
        if opener is not None and asks_category(analysis):
            # 「No.14はどれに分類される事例？」: the heading the case sits under names its category
            # (「…ベストプラクティス事例 2025年3月追加 接触リスク分析」), or the label an overview lists it under
            category = _label_of(searcher, listed) if listed is not None else next(
                (c for c in _unit_segments(searcher, opener.chunk.unit_id)
                 if c.piece.kind in ("heading", "title") and c.text == opener.piece.heading), None)
            chosen = [category] * (category is not None) + chosen
        return Composition((chosen or lines[:3]) + [listed] * (listed is not None))
    mentions = [c for c in pool if wanted in {case_key(m) for m in _case_mentions(c.text)}]
    if mentions:
        # 「事例⑪はどの類型に整理されている？」 of a case only an overview lists: the label it is listed under
        # (the table's 「企業結合」) names its category, as for a case with lines of its own
        category = _label_of(searcher, mentions[0]) if asks_category(analysis) else None
        return Composition([category] * (category is not None) + mentions[:1])
    return "case"


# 「…の事例を3つ教えて」「どんな事例がある？」: the cases of a collection, asked for as such
_CASES_ASKED = re.compile(r"事例を\s*(?:" + WRITTEN_NUMBER + r"\s*つ)?\s*(?:教えて|挙げて|あげて|示して|紹介して)|"
                          r"どんな事例が(?:ある|あります|載って)|事例(?:の)?一覧|事例(?:に|は)(?:は)?何が")


def compose_cases_of(searcher: Searcher, analysis: Analysis, settings: AnswerSettings) -> Composition | None:
    """The cases of the collection a question names (「民間ベストプラクティス集の事例を3つ教えて」): each case's
    title, in the order of their numbers, as many as asked, or the overview that lists more of them than
    have slides of their own; None when the question asks no cases of one collection."""
    if analysis.case or not _CASES_ASKED.search(normalize_text(analysis.question)):
        return None
    collections = {c.collection for c in searcher.index.chunks if c.case and c.collection}
    named = [n for n in collections if any(compact(t) in compact(n) for t in analysis.focus)]
    # (of the collection alone: 「…の動画って、どんな事例を紹介してるの？」 asks about the video)
    if len(named) != 1 or any(compact(t) not in compact(named[0]) for t in analysis.focus):
        return None
    chunks = [c for c in searcher.index.chunks if c.collection == named[0] and c.case]
    titles: dict[str, Candidate] = {}
    for chunk in chunks:
        for index in range(len(chunk.pieces)):
            if _opens_case(searcher, chunk, index):
                titles.setdefault(case_key(chunk.case), Candidate(chunk, index, 0.0, 0))
    # (cases of this collection's kind — No.14, not another collection's 事例⑥ — that an overview lists)
    kinds = {_case_series(k)[0] for k in titles}
    documents = {c.doc_id for c in chunks}
    overview: list[tuple[Candidate, set[str]]] = []
    for c in searcher.index.chunks:
        if c.doc_id in documents and not c.case:
            for index, p in enumerate(c.pieces):
                keys = {k for m in _case_mentions(p.text) if _case_series(k := case_key(m))[0] in kinds}
                if keys and p.kind in ("list", "table"):
                    overview.append((Candidate(c, index, 0.0, 0), keys))
    if not set().union(*(keys for _, keys in overview)) <= set(titles):
        # 「事例集にはどんな事例が載ってる？」: an overview that lists more of them than have slides of their own
        # (the 独禁法 事例集's table of its 15 cases) answers, its lines in order
        return Composition([line for line, _ in overview][: settings.max_list_items])
    if not titles:
        return None
    ordered = [titles[k] for k in sorted(titles, key=lambda k: _case_series(k)[1])]
    shown = analysis.sample or len(ordered)
    notice = SAMPLE_NOTICE.format(total=len(ordered), shown=shown) if shown < len(ordered) else \
        CASES_HELD_NOTICE.format(total=len(ordered)) if shown > len(ordered) else None
    return Composition(ordered[:shown], notice)


def _opens_case(searcher: Searcher, chunk: Chunk, index: int) -> bool:
    """Return True for the title line that opened its case (「14. 従業員への外部からのメールの分析・注意喚起」)."""
    unit = searcher.index.units.get(chunk.unit_id)
    return unit is not None and unit.case_titles[chunk.pieces[index].block] == chunk.pieces[index].text


def _case_series(key: str) -> tuple[str, int]:
    """Return a case key's series and number (No.14 → ("No.", 14); 事例6 → ("事例", 6))."""
    return re.sub(r"\d", "", key), int(re.sub(r"\D", "", key) or 0)


def _listed_elsewhere(searcher: Searcher, wanted: str, documents: set[str]) -> Candidate | None:
    """The item of an overview of the cases, on another slide of the same document, that lists the case
    first (「国内で寡占的な複数事業者の統合・合併(事例⑭) ex. 造船・船用工業」): it says what the case is
    an instance of and gives its examples. None when no overview lists it."""
    for chunk in searcher.index.chunks:
        if chunk.doc_id not in documents or case_key(chunk.case) == wanted:
            continue
        for index, piece in enumerate(chunk.pieces):
            if piece.kind in ("list", "table") and [case_key(m) for m in _case_mentions(piece.text)[:1]] == [wanted]:
                return Candidate(chunk, index, 0.0, 0)
    return None


def _label_of(searcher: Searcher, item: Candidate) -> Candidate | None:
    """The line an item is listed under on its slide (the label of its cell or list), or None."""
    before = []
    for line in _unit_segments(searcher, item.chunk.unit_id):
        if (line.chunk.chunk_id, line.piece_index) == (item.chunk.chunk_id, item.piece_index):
            break
        before.append(line)
    return next((line for line in reversed(before) if line.text == item.piece.heading), None)


# 「どれに分類される」「どの類型」: the category a case is filed under
_CLASS_ASKED = re.compile(r"分類|類型|カテゴリ|どの(?:項目|区分|分野|テーマ)に")


def asks_category(analysis: Analysis) -> bool:
    """Return True for a question asking what category a case is filed under (「No.14はどれに分類される？」)."""
    return bool(analysis.case) and _CLASS_ASKED.search(normalize_text(analysis.resolved)) is not None


# 「どんな業界」「業種は」: the industry a case is of, which the documents give as an example after 「ex.」 or in
# brackets after a company's letter
INDUSTRY_WORDS = ("業界", "業種")
_INDUSTRY_ASKED = re.compile("|".join(INDUSTRY_WORDS) + r"|どんな(?:会社|企業)の|どの(?:会社|企業)の")


# A second thing asked after the industry (「どの業種で、…どのように洗い出していますか」), and how many of each
# company's lines answer it
_ASKED_MORE = re.compile(r"どのように|どうやって|どう|何を|なぜ|どんな")
_PARTY_LINES = 3


def asks_industry(analysis: Analysis) -> bool:
    """Return True for a question asking what industry a case named is about (「事例②って、どんな業界が例に
    挙がってるの？」): the case's own lines answer it, whatever the question's other words."""
    return bool(analysis.case) and _INDUSTRY_ASKED.search(normalize_text(analysis.resolved)) is not None


# A party the documents keep to a letter (A社, B社): a case's company, headed with its industry (「A社の例（食品）」)
_LETTERED_PARTY = re.compile(r"(?<![A-Za-z])[A-Z]社")
_PARTY_HEADING = re.compile(r"\s*([A-Z]社)の例\s*[（(]([^）)]{1,12})[）)]\s*")


def party_named(question: str, heading: str) -> bool:
    """Return True when `heading` heads a lettered party's lines (「A社の例（食品）」) that the question names,
    by its letter (A社) or by its industry (「食品の会社」), to ask what it did — not why the case does what it
    does (「No.14（電機メーカーA社の事例）は、どのような問題意識から…」), which the case's own first lines tell."""
    party = _PARTY_HEADING.fullmatch(normalize_text(heading))
    question = normalize_text(question)
    if party is None or _WHY_ASKED.search(question):
        return False
    letters = set(_LETTERED_PARTY.findall(question))
    return party.group(1) in letters if letters else compact(party.group(2)) in compact(question)


# A timeline's entry: a line opening with a year and month, then what happened (「2024年5月 改訂版」)
_DATED_ENTRY = re.compile(r"^\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s+\S")
_WHICH_ONE_ASKED = re.compile(r"どの|どれ|何")


def _newest_entry(line: Candidate) -> list[Candidate] | None:
    """Return the first and the latest entry of the run of dated entries a line is one of (three or more
    lines of its passage in a row, each opening with a year and month), or None when it is none."""
    pieces = line.chunk.pieces
    if not _DATED_ENTRY.match(pieces[line.piece_index].text):
        return None
    start = end = line.piece_index
    while start > 0 and _DATED_ENTRY.match(pieces[start - 1].text):
        start -= 1
    while end + 1 < len(pieces) and _DATED_ENTRY.match(pieces[end + 1].text):
        end += 1
    if end - start < 2:
        return None
    when = {i: tuple(map(int, _DATED_ENTRY.match(pieces[i].text).groups())) for i in range(start, end + 1)}
    return [Candidate(line.chunk, i, 0.0, 0) for i in dict.fromkeys((start, max(when, key=when.get)))]


# 「なぜ」「なんで」「どうして」「理由は」: a cause asked
# 「…のは、どのような認識によるものですか」: the view a thing is done on, a reason
_PREMISE_ASKED = re.compile(r"(?:どのような|どういう|どんな|どの様な)(?:認識|考え|問題意識|判断)(?:に(?:よる|基づ)|から)")
_WHY_ASKED = re.compile(r"なぜ|なんで|どうして|何故|理由|原因|要因|背景|" + _PREMISE_ASKED.pattern)
# A cause given: 「…が進み、…となり」「…を背景に」「…ため、」「…ことから」「理由は…ためである」
# (not により/によって, which name a means or the doer of a passive as often as a cause)
_CAUSE_STATED = re.compile(r"ため[、,。]|ためである|ためだ|からである|理由は|を背景|が背景|が原因|が要因|結果[、,]|が進み|が進んだ|"
                           r"ことから|ので[、,]")
# 「心配はないよね？」「リスクはない？」: whether a harm can be ruled out
_NO_RISK_ASKED = re.compile(r"(心配|不安|リスク|危険|おそれ|恐れ)(は|も|が)?(ない|無い|なし|ありません|いらない|要らない)")
# 「…を受け入れても、…されてしまう場合もある」: the harm may come even when one does what was thought safe
_HARM_EVEN_SO = re.compile(r"(?:ても|でも)、?[^。]*?(?:場合もある|場合がある|こともある|ことがある|おそれがある|恐れがある|"
                           r"可能性がある|かねない)")
# A reference to a page of another document by its section's title (「p23「情報管理体制等に関する取引先DDの実施」」)
_PAGE_REFERENCE = re.compile(r"(?<![A-Za-z])[pP]\.?\s*\d+\s*[「『]")


def _refers_to_pages(text: str) -> bool:
    """Return True for a line of page references (「※ p20「相手国の制度の確認」、p23「…」」): it points elsewhere."""
    return len(_PAGE_REFERENCE.findall(text)) >= 2


def _on_named_case(analysis: Analysis, candidate: Candidate) -> bool:
    """Return True for a line on the slide of the case the question names."""
    return bool(analysis.case) and case_key(candidate.chunk.case) == analysis.case


def _case_points_to(analysis: Analysis, candidate: Candidate) -> bool:
    """Return True for a line of page references on the slide of the case the question names: the
    measures that case calls for."""
    return _on_named_case(analysis, candidate) and _refers_to_pages(candidate.text)


def _points_elsewhere(analysis: Analysis, candidate: Candidate) -> bool:
    """Return True for a line of page references that does not answer: one not on the slide of the case
    the question names."""
    return _refers_to_pages(candidate.text) and not _on_named_case(analysis, candidate)


# What 「…はある？」 may ask of a thing without naming one: whether it is planned, likely or needed
# (「今後改訂される予定はあるの？」 is settled by 「改訂に向けた検討を開始」, which says no 予定)
_NO_THING = frozenset({"予定", "計画", "見込み", "見込", "見通し", "可能性", "必要", "必要性", "義務", "動き", "予想"})


# A sentence that says what is done because of the one before it
_THEREFORE = re.compile(r"(?:このため|そのため|そこで|これを受けて|これを踏まえ|以上を踏まえ)[、,，]?")
# What a question quotes that may be a heading (three characters or more) or an item's label, which may be a word
# of two (「武器」): no sentence (up to 40 characters)
_QUOTED_CHARS = range(2, 41)
_LISTED_AS = re.compile(r"([^、。？?「」『』\s]{3,40}?)として(?:挙げ|あげ|示さ|整理さ|列挙さ)")


def _quoted_section(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                    settings: AnswerSettings) -> Composition | None:
    """「No.14の『外部からのアプローチ分析の実施概要』の構成要素」: a question that quotes a heading of the
    documents asks what is under it — the heading and its items or first sentences. Of headings that say
    the same, the one the search ranked best, else the newest; None when nothing quoted is a heading."""
    scores = {(c.chunk.chunk_id, c.piece_index): c.score for c in pool}
    # (a heading quoted in the sentences that set the scene, 「2024年2月の資料では…「…（partner）」とされていました。
    # 最新の資料では…」, is what the asker brings; the sentence that asks says what to look under)
    quoted = [q for q in quoted_phrases(analysis.asking or analysis.question) if len(q) in _QUOTED_CHARS]
    phrases = [phrase for phrase in quoted if len(phrase) >= 3]
    if analysis.answer_type == "list":
        # 「…、産業・技術基盤強化を支える横断的施策として挙げられている項目」: the set a list is given as
        # may be a heading's words, unquoted
        phrases += _LISTED_AS.findall(normalize_text(analysis.question))
    if analysis.answer_type == "definition" and analysis.topic:
        phrases.append(analysis.topic)  # 「キャッチオール規制ってなに？」: a term that heads a section is told under it
    # 「リスト規制の「その他」の区分って、どんな品目が入ってるの？」: an item labelled so (「⑭ その他・・・粉末状の
    # 金属燃料、…」) says what is in it; 「「武器」と「先端材料」の欄には…」: each item quoted, in the question's order
    labelled = [line for label in quoted
                if (line := next((c for c in pool if c.piece.kind in ("list", "table") and re.match(
                    re.escape(compact(label)) + r"(?:・・・|…|：|:)", compact(without_list_mark(c.text)))), None))]
    if labelled:
        return Composition([line for n, line in enumerate(labelled) if line not in labelled[:n]])
    # 「「競争力コンパス」と「クリーン産業ディール」は、それぞれどのような内容」: an item standing alone in its list
    # over a list of its own (「➤ 「競争力コンパス」 <2025年1月>」 then 「○ …」「○ …」) is told with the items under it
    over = [told for label in phrases if (told := _item_over_list(searcher, pool, label)) is not None]
    if over and len(over) == len(phrases):
        return Composition([line for told in over for line in told][: settings.max_list_items])
    best = max(scores.values(), default=float("-inf"))
    for quoted in phrases:
        key = compact(quoted)
        # (a heading quoted as the place to look, 「「コア技術の特定」において、…優位性・重要性はどのような点から
        # 確認すべき」, asks what the question goes on to name there: the heading's lines answer only if about as
        # good as the best line of all)
        place = re.search(re.escape(quoted) + r"[」』]\s*(?:において|では|の中で|のなかで)", analysis.asking or analysis.question)
        found = [Candidate(chunk, index, scores.get((chunk.chunk_id, index), float("-inf")), 0)
                 for chunk in searcher.index.chunks for index, piece in enumerate(chunk.pieces)
                 if _heads(chunk, index) and _heading_names(piece.text, key)
                 and (not analysis.case or case_key(chunk.case) == analysis.case)]
        for heading in sorted(found, key=lambda c: (c.score, c.chunk.date or ""), reverse=True):
            sections = _numbered_sections(searcher, heading) if analysis.answer_type == "list" else []
            if len(sections) >= 2:  # 「『本日の論点まとめ』の論点を列挙せよ」: its numbered headings (＜論点①＞ …)
                return Composition([heading, *sections[: settings.max_list_items]])
            under = _section_under(searcher, heading)
            if not under:
                continue
            if place and max(scores.get((c.chunk.chunk_id, c.piece_index), float("-inf")) for c in under) \
                    < best - settings.close_enough:
                continue
            # (a list asked for is given whole, after the sentence that may lead into it)
            # (…and so are a diagram's boxes under its heading, short lines that are no sentences)
            limit = settings.max_list_items if under[0].piece.kind in ("list", "table") or (
                analysis.answer_type == "list" and (any(c.piece.kind in ("list", "table") for c in under)
                                                    or not any(ends_sentence(c.text) for c in under))) \
                else settings.max_quotes
            if len(under) > limit and limit == settings.max_quotes:
                # (prose too long to quote whole: the lines that fit the question best, in the section's order —
                # 「…によれば、アクションプランは何と何を有機的に連携させ…」 asks its fifth sentence, not the first three)
                ranked = sorted(under, key=lambda c: scores.get((c.chunk.chunk_id, c.piece_index), float("-inf")), reverse=True)
                under = [c for c in under if c in ranked[:limit]]
            return Composition([heading, *under[:limit]])
    return None


def _item_over_list(searcher: Searcher, pool: list[Candidate], label: str) -> list[Candidate] | None:
    """Return a list item naming `label` that stands alone in its block, with the list block right after it
    under the same heading (its sub-items, which the extraction set apart), or None."""
    key = compact(label)
    for line in pool:
        if line.piece.kind != "list" or key not in compact(line.text) \
                or len(_block_items(searcher, line.chunk, line.piece.block)) != 1:
            continue
        under = next_block(searcher, line)
        if under and all(c.piece.kind == "list" and c.piece.heading == line.piece.heading for c in under):
            return [line, *under]
    return None


def _heads(chunk: Chunk, index: int) -> bool:
    """Return True for a heading, or a list item or table row the lines under it are headed by (a
    checklist's 「② 日本社内の情報管理体制の整備」 over its questions)."""
    piece = chunk.pieces[index]
    return piece.kind in ("heading", "title") or piece.kind in ("list", "table") and \
        index + 1 < len(chunk.pieces) and chunk.pieces[index + 1].heading == piece.text


# A heading put as the reader's own wish or worry (「技術流出対策に取り組みたいが、何から始めればよいか分からない」)
_CONCERN_HEADING = re.compile(r"(?:たい|知りたい|分からない|わからない|困っている|不安|ませんか)[？?]?$")


def _concern_section(searcher: Searcher, pool: list[Candidate], settings: AnswerSettings) -> Composition | None:
    """A question that restates a heading put as the reader's wish or worry — the segment closest to
    it in meaning — is answered by what that heading heads, as a FAQ answers its question."""
    closest = max(pool, key=lambda c: c.similarity, default=None)
    if closest is None or closest.piece.kind not in ("heading", "title") \
            or not _CONCERN_HEADING.search(without_list_mark(closest.text).strip()):
        return None
    under = _section_under(searcher, closest)
    return Composition([closest, *under[: settings.max_quotes]]) if under else None


def _says(term: str, text: str) -> bool:
    """Return True when `text` says `term`, whole or word by word (「T-Seeds交流会」: T-Seeds and 交流会)."""
    return compact(term) in compact(text) or says_words_of(term, text)


def _heading_names(heading: str, key: str) -> bool:
    """Return True for a heading that is the term `key` (compacted), or ends in it after の: a Japanese
    noun phrase is a kind of its last noun (「技術情報管理のための専門家派遣事業」 is a 専門家派遣事業)."""
    # (Latin letters in any case: 「産業防衛策（protect）」 as the user typed it, or as the documents write it elsewhere)
    text, key = compact(without_list_mark(heading)).casefold(), key.casefold()
    return text == key or len(key) >= 3 and text.endswith("の" + key)


def _case_mentions(text: str) -> list[str]:
    return re.findall(r"事例\s*[①-⑳]|事例\s*\d{1,2}|No\.\s*\d{1,3}|Case\s*\d{1,3}", text)


# 「…に違反したら」「…を守らないと」: the thing whose breach a question asks of
_BREACHED = re.compile(r"([^\s、。？?]+?)(?:に違反|を守らな|に従わな|を破)")


def compose_ranked(analysis: Analysis, pool: list[Candidate], settings: AnswerSettings,
                   searcher: Searcher | None = None, terms: list[TopicTerm] = (),
                   filters: SearchFilters | None = None) -> Composition | str:
    """Definition, how-to, yes/no and other questions: the best segments about the topic."""
    about = [c for c in pool if _about_topic(analysis, c, settings)]
    if all(c.piece.kind in ("heading", "title") for c in about) and \
            max((c.similarity for c in pool), default=0.0) >= settings.paraphrase_similarity:
        # 「サプライチェーンが途切れそうな兆しを早めに察知する仕組み」: a question put in words the documents
        # never use covers no segment's topic; one that close in meaning to a segment is about what it says
        about = list(pool)
    if not about:
        return "topic"
    # 「大学回りのほかに、企業への訪問は」: a line labelled 大学 (「大学：東北大、…」) is what the user set aside
    if analysis.set_aside:
        about = [c for c in about if line_label(c.text) not in analysis.set_aside] or about
        # 「…企業との契約以外に何ができるようになっているか」: a sentence saying what is set aside and no word of
        # what is asked (「…契約を締結できること等を規定。」) is what the asker knows; the other lines about the
        # topic say what else (a yes/no 「事業者のほかに認証機関にも…？」 is settled by a line saying both)
        if analysis.answer_type in ("lookup", "howto") and (known := analysis.set_aside_last) is not None:
            about = [c for c in about if compact(known) not in compact(c.text) or c.piece.kind != "paragraph"
                     or any(compact(t) in compact(c.text) for t in analysis.focus)] or about
    if any(q.kind not in EDITION_ORDER for q in analysis.qualifiers):
        about = [c for c in about if c.qualified]
        # 「経済安全保障推進法の罰則は？」: the condition met for the law the question names, in a passage
        # naming it — 外為法's penalties are not its own (where a place holds is the place condition's to say)
        named = [t for t in terms if t.term in analysis.names and t.weight and not t.term.endswith(ORGANISATION_ENDINGS)
                 and not places_named(t.term)]
        # (…and the thing whose breach is asked of: 「…ガイドラインに違反したら罰則は？」 is of the guideline)
        if breached := _BREACHED.search(normalize_text(analysis.resolved)):
            named += [t for t in terms if t.weight and t not in named and compact(t.term) in compact(breached.group(1))]
        about = [c for c in about if all(_names(t, f"{_context(c.chunk, c.piece)} {c.chunk.text}") for t in named)]
        if not about:
            return "qualifier"
    if analysis.asking is not None:
        # 「2024年2月資料では、…申請義務が発生すると整理されていました。最新の資料では、…どのような場合に？」: a
        # line saying what the sentences before the asking one say already (「…輸出者に申請義務が発生。」) is
        # what the asker brings, not the answer
        scene = scene_of(analysis)
        about = [c for c in about if not restates_text(scene, c, settings)] or about
    best = max(about, key=lambda c: c.score)
    latest = any(q.kind == "latest" for q in analysis.qualifiers)
    # 「2023年10月のアクションプランでは…を策定するとされていました。最新の資料では…」: the sentences before the
    # asking one tell what an older document said; what it became is asked
    told_before = latest and bool(_REPORTED.search(normalize_text(analysis.question)))
    if analysis.answer_type == "lookup" and _restates(analysis, best, settings) and not told_before:
        # 「2024年7月に設置された貿易経済安全保障局は、どのような役割を？」: the best line says what the question
        # says already (「2024年7月に新たに「貿易経済安全保障局」を設置」); the lines after it in its passage
        # say the rest (「司令塔として、…」), whatever kind the structure gave the boxes of a diagram
        following = _following(best, settings.max_quotes - 1)
        if following:
            lines = _pointed_to([best, *following], settings)
            return Composition(_with_run(searcher, analysis, lines, settings) if searcher is not None else lines)
    if analysis.answer_type in ("lookup", "definition") and _names_only(analysis, best, settings):
        # 「ドラギレポートって何を提言してるの？」: the best line is the thing's name as a label (「「欧州の競争力の
        # 未来」(いわゆるドラギレポート)」); what it says is in the lines under the label
        following = _said_of(best, settings.max_quotes, settings)
        if following:
            return Composition([best, *following])
    if analysis.answer_type == "lookup" and EXAMPLE_ASKED.search(normalize_text(analysis.question)) \
            and best.piece.kind in ("heading", "title") and (_case_mentions(best.text) or "例" in best.text):
        # 「展示会のリスクを扱った事例ってある？」: a heading that names an example (「事例① 展示会での技術流出
        # リスク」) is the answer, with what its passage goes on with (the video it points to)
        return Composition([best, *_following(best, settings.max_quotes - 1)])
    if analysis.answer_type == "lookup" and latest \
            and _WHICH_ONE_ASKED.search(normalize_text(analysis.question)) \
            and (newest := _newest_entry(best)) is not None:
        # 「今どの版が一番新しいの？」 of a timeline (「2023年10月 …初版」「2024年5月 …改訂版」「2025年5月 …再改訂版」):
        # its latest entry, whatever line the question's own words (初版) fit best — after the first, which names
        # what the entries under it leave as a ditto (「2025年5月 " " 再改訂版」)
        return Composition(newest)
    # A heading names a topic; what is said under it answers. Headings alone answer nothing — unless one
    # says in brackets what the thing it names does (「【計算資源マネージャー】(様々なコンピュータを組み合わせ、
    # 計算基盤全体として最適に制御)」, a box of a diagram)
    about = [c for c in about if c.piece.kind not in ("heading", "title") or _GLOSSED.fullmatch(normalize_text(c.text))]
    if not about:
        return "type"
    kind = analysis.answer_type
    if kind == "lookup":
        # 「…チェックリストはどのような確認を求めていますか」: a line of page references points to what is asked
        # (「※ p20「相手国の制度の確認」…」); the lines that say it answer, when there are any
        about = [c for c in about if not _points_elsewhere(analysis, c)] or about
    if kind == "howto":  # a measure says what to do; a category label (「防止策（退職者）」) only names it
        # (nor does a line of page references, 「※ p20「相手国の制度の確認」、p23「…」」: it points elsewhere —
        # unless the question names the case whose slide it ends: then it names the measures the case calls for)
        measures = [c for c in about if (len(c.text) >= settings.measure_min_chars or _MEASURE_SENTENCE.search(c.text))
                    and not _points_elsewhere(analysis, c)]
        if not measures:
            return "type"
        about = measures
    ranked = sorted(about, key=lambda c: -c.score)
    if latest:
        # 「まだ検討段階？」「現在は」: of the answers about as good as the best, the newest document's first
        floor = ranked[0].score - settings.close_enough
        newest = max(c.chunk.date or "" for c in ranked if c.score >= floor)
        ranked.sort(key=lambda c: not (c.score >= floor and (c.chunk.date or "") == newest))  # stable: by score within
        later = later_documents(searcher, analysis) if searcher is not None else None
        if later is not None and ranked[0].chunk.doc_id not in later:
            # 「2024年2月の経産省資料では…とされていました。より新しい資料では…」: what the document the asker has
            # read says they know; a newer document's line about the topic answers, whatever its score
            ranked = [c for c in ranked if c.chunk.doc_id in later] or ranked
        # (when the asker tells what an older document said and the best line is an older document's, it is that)
        reported = told_before and ranked[0].chunk.date and \
            ranked[0].chunk.date < max((c.chunk.date or "" for c in pool), default="")
        if searcher is not None and (_PENDING.search(ranked[0].text) or later is not None and ranked[0].chunk.doc_id not in later
                                     or reported) and (now := _successor(searcher, ranked[0], terms, settings, filters)):
            # 「…の仕組みの導入は、まだ検討段階？」: the best line is an older document's plan (「…仕組みを想定。」);
            # what a newer document says of the same thing (「外為法に基づく事前報告制度を設け、…」) is where it
            # stands now, and leads; the plan follows, with the notice that the documents differ
            return Composition([*now, ranked[0]], EDITION_NOTICE.format(new=now[0].chunk.date, old=ranked[0].chunk.date))
    if kind in ("howto", "lookup") and _OWN_GOVERNMENT.search(normalize_text(analysis.question)) \
            and not foreign_countries_named(analysis.question):
        # 「経産省はまずどのように取り組む？」: what Japan does, not a slide of reference on what 韓国 does
        # (「（参考）韓国におけるサプライチェーン早期警報システムの整備」), when a line of Japan's is about as good
        _lead_with(ranked, settings.close_enough, lambda c: not _abroad_slide(c))
    if kind in ("howto", "lookup") and _OTHERS_DO_ASKED.search(normalize_text(analysis.question)):
        # 「転職で技術を持ってかれないように、ほかの会社ってどうしてるの？」: what companies do is shown where
        # the documents give companies' own practice (「＜参考：技術者管理に係る企業のヒアリング例＞」, the
        # 民間ベストプラクティス集), not in what they say of the problem, when such a line is about as good
        _lead_with(ranked, settings.judgement_within, lambda c: bool(_PRACTICE_SHOWN.search(_context(c.chunk, c.piece))))
    if analysis.set_aside:
        # (…and a line labelled by what is asked instead, 「企業：随時実施」, answers it, if about as good)
        _lead_with(ranked, settings.judgement_within, lambda c: line_label(c.text) in analysis.focus)
    role = next((r for r in ROLES if r in compact(analysis.question)), None) if kind == "organisation" else None
    if role is not None:
        # 「T-Seedsの事務局はどの機関？」: an organisation asked by the role it plays is named by a line that
        # says that role (「講師：経済産業省」 answers who lectured, not who runs the secretariat)
        # (in a passage on the topic: 「経済産業省を事務局に…」 in the action plan's is not T-Seeds' secretariat)
        topic = analysis.topic if analysis.topic and role not in analysis.topic else None
        # (the office whose deck it is names no topic: its lines call it 当局, and the search kept to its
        # deck already — 「東北局の説明会の講師」 is about the 説明会)
        offices = {n for names in (_publishers_asked(searcher, analysis) if searcher is not None else {}).values()
                   for n in names}
        if topic is not None and compact(topic) in offices:
            topic = next((t for t in analysis.focus if t != topic and role not in t and compact(t) not in offices), None)
        ranked = [c for c in ranked if role in compact(f"{c.piece.heading or ''} {c.text}")
                  and (topic is None or _says(topic, f"{c.piece.heading or ''} {c.chunk.heading} {c.chunk.text}"))]
        if not ranked:
            return "unwritten"
    if analysis.case or _LETTERED_PARTY.search(normalize_text(analysis.question)):
        # 「No.42の金属のA社って、どうやって洗い出したの？」: a case tells of several companies by letter; the
        # lines under the one named (「A社の例（金属）」) answer, if about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: party_named(analysis.question, c.piece.heading or ""))
    if kind == "yesno" and not _JUDGEMENT.search(ranked[0].text):
        # 「一緒に仕入れてもいいの？」: of the answers about as good as the best, one that settles it
        # (「…は、独禁法上問題とならない」) leads; the cases it lists only show what it is about
        _lead_with(ranked, settings.judgement_within, lambda c: _JUDGEMENT.search(c.text))
    if ranked[0].topic_cover < 1.0 and (kind == "yesno" and GUESS_PUT.search(normalize_text(analysis.question))
                                        or kind == "howto" and analysis.asking is not None):
        # 「対話って、結局は大企業向けの話なんでしょ？」: what a guess puts up to be confirmed is the question's
        # most specific word; a line that says it (「大企業だけでなく中堅・中小企業が…」) settles it, if about as good
        # (「…規程を整備した後、それを形骸化させず実行させ続けるには？」: so does a line that says what the asking
        # part is about, 「…実行されなければ意味がない。…」, rather than one about the step already done)
        _lead_with(ranked, settings.judgement_within, lambda c: c.topic_cover >= 1.0)
    if kind in ("lookup", "yesno", "howto") and _INTENT_ASKED.search(normalize_text(analysis.question)) \
            and not _PLAN_STATED.search(ranked[0].text):
        # 「中国とも大臣とかのレベルで話し合いを続けていくつもりなの？」: what is meant to be done is told by a line
        # stating a plan (「…次官・閣僚級の二国間対話や…も効果的に活用し、…促進していく。」), not by the dated
        # events of the past, if about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: _PLAN_STATED.search(c.text))
    if kind == "howto" and analysis.case:
        # 「Case 1みたいにならないように、何をやっとけばいい？」: the measures the named case points to lead
        _lead_with(ranked, settings.judgement_within, lambda c: _case_points_to(analysis, c))
    if kind == "lookup" and _WHY_ASKED.search(normalize_text(analysis.question)):
        # 「なんで中国製ばっかりになっちゃったの？」: a line that gives a cause (「…モジュール化が進み、後発の
        # 中国企業でも容易に製造可能となり、…市場を席捲」) answers why, if about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: _CAUSE_STATED.search(normalize_text(c.text)))
    if kind == "yesno" and _NO_RISK_ASKED.search(normalize_text(analysis.question)):
        # 「出資を受けるぶんには、技術が取られる心配はないよね？」: a line saying the harm may come even so
        # (「投資を受け入れても、…技術のみを獲得されてしまう場合もある」) settles it, if about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: _HARM_EVEN_SO.search(normalize_text(c.text)))
    if kind == "yesno" and (thing := analysis.existence_of) is not None:
        # 「ベストプラクティス集って動画で見られるものはありますか」: whether there is one is settled by a
        # line naming it (「YouTubeで動画を公開中」), if one is about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: thing in compact(c.text))
        # (an act, 「今後改訂される…」, is no thing there is or is not)
        if thing not in _NO_THING and not is_action(thing) and not is_action(thing[-2:]) and not any(
                thing in compact(f"{c.piece.heading or ''} {c.text}") for c in ranked
                if c.score >= ranked[0].score - settings.judgement_within):
            # 「…損害を補償してくれる保険ってある？」: lines about the topic that never name the thing (of those
            # about as good as the best) say neither that there is one nor that there is none
            return "existence"
    asked = member_term(analysis.resolved, analysis.focus) if kind == "yesno" else None
    member = next((t for t in terms if t.term == asked), None) if asked else None
    if member is not None:
        # 「特定重要物資にクラウドも入ってる？」: whether a thing is among others is settled by a line
        # naming it (「…半導体、蓄電池、クラウド、…の８つ」); such lines lead, and without one the list
        # (⑯量子ドット is another thing) says nothing either way
        # (in a passage naming the set, or some word of it: 「量子コンピュータ」 in a list of research fields
        # is not among 対象技術)
        sets = [t for t in terms if t is not member and t.weight and t.term in analysis.focus]

        def settles(c: Candidate) -> bool:
            passage = f"{_context(c.chunk, c.piece)} {c.chunk.text}"
            return _names(member, c.text) and names_whole(member, c.text) \
                and (not sets or any(_names(t, passage) for t in sets))

        ranked.sort(key=lambda c: not settles(c))  # stable: by score within
        if not settles(ranked[0]):
            return "member"
    lead = ranked[0]
    if kind == "edition":
        compared = _by_edition(ranked, pool, settings)
        if compared is not None:
            return compared
    kinds = _kinds(searcher, analysis, lead) if kind in ("lookup", "list") and searcher is not None else None
    if kinds is not None:
        return kinds
    # (a line labelled by what is asked instead of what is set aside answers itself: no list under a heading)
    answered_by_label = bool(analysis.set_aside) and line_label(lead.text) in analysis.focus
    if kind in ("lookup", "list") and searcher is not None and not answered_by_label:
        listed = _list_under(searcher, analysis, pool, lead, settings)
        if listed is not None:
            return listed
    room = settings.yesno_quotes if kind == "yesno" else settings.max_quotes  # quotes the answer may give
    chosen = _distinct(ranked, room, lead.score - settings.close_enough)
    if kind == "howto" and lead.piece.kind == "paragraph":
        # a measure's paragraph goes on with the measures beside it (「就職時から誓約を求める」 then
        # 「違反した場合は訴訟を含む厳格な対応」): they answer before a quote from elsewhere does. The items
        # of a list or table (a checklist's rows) are separate things and are not taken along.
        siblings = [c for c in pool if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece.block == lead.piece.block
                    and c is not lead and c.piece.kind == "paragraph"]
        # (a line that says what follows from the lead comes first: 「他方、一律の要件化は…阻害要因に。」 goes on
        # 「このため、…優遇することも検討。」)
        siblings.sort(key=lambda c: (not (c.piece_index == lead.piece_index + 1 and _THEREFORE.match(c.text)),
                                     c.piece_index))
        chosen = _distinct([lead] + siblings + chosen[1:], settings.max_quotes, float("-inf"))
    elif _on_named_case(analysis, lead) and (
            kind == "howto" and lead.piece.kind == "list"
            or kind == "lookup" and party_named(analysis.question, lead.piece.heading or "")):
        # 「No.42のA社って、調達先をどうやって洗い出したの？やってみてどうだった？」: what a named case's company
        # did is its list (「A社の例」: what was done, then what came of it): the best item, then the others in order
        items = [c for c in _block_items(searcher, lead.chunk, lead.piece.block)
                 if (c.chunk.chunk_id, c.piece_index) != (lead.chunk.chunk_id, lead.piece_index)] if searcher is not None else []
        chosen = [lead, *items][: settings.max_list_items]
    elif kind == "howto" and not _MEASURE_SENTENCE.search(lead.text):
        # 「…中小企業には、自社のみで取組を進めることが難しいとの声も」: a lead that says no measure states
        # the problem; the item after it in the same list says what answers it (「国が設けたTICSでは…」)
        following = next((c for c in pool if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece.block == lead.piece.block
                          and c.piece_index == lead.piece_index + 1 and c.piece.kind == lead.piece.kind), None)
        if following is not None:
            chosen = _distinct([lead, following] + chosen[1:], settings.max_quotes, float("-inf"))
    if kind == "howto" and lead.piece.kind in ("paragraph", "list") and _MEASURE_SENTENCE.search(lead.text):
        # 「…有機的連携を進めるための仕組みが必要。」 then the next bullet 「…経済インテリジェンスを一層高める
        # ことが、全ての政策立案、実行の起点。」: measures stated right beside the lead under the same heading,
        # and the lead's fellow bullets that are sentences, fill the answer's free places (a checklist's rows
        # ask 「…しているか？」 and say no measure)
        def beside_lead(piece: Piece) -> bool:
            said = ends_sentence(piece.text) and not piece.text.rstrip().endswith(("？", "?"))
            return piece.kind in ("paragraph", "list") and piece.heading == lead.piece.heading and said and (
                _MEASURE_SENTENCE.search(piece.text) or piece.kind == "list" == lead.piece.kind and piece.block == lead.piece.block)
        # (in the lead's unit, wherever the chunker cut it: 「…関係省庁と連携し、取組を進める。」 ends a chunk and
        # 「さらに、…サプライチェーン全体の強化等に取り組む。」 opens the next)
        segments = _unit_segments(searcher, lead.chunk.unit_id) if searcher is not None else \
            [Candidate(lead.chunk, i, 0.0, 0) for i in range(len(lead.chunk.pieces))]
        place = next(i for i, c in enumerate(segments)
                     if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece_index == lead.piece_index)
        beside = [c for i, c in enumerate(segments[max(0, place - 2): place + 4], max(0, place - 2))
                  if i != place and beside_lead(c.piece)]
        if beside:
            chosen = _distinct([*chosen, *beside], settings.max_quotes, float("-inf"))
        # 「…自律性・多様性の確保を進める。」 over 「• 過剰依存への対応（…）」「• グローバルサウス連携」: a list of
        # names right under the lead, the last line of its block, under its heading, names the measures it states;
        # they answer with it, in order (items that are sentences or a checklist's questions are taken as above)
        last_of_block = place + 1 < len(segments) and segments[place + 1].piece.block != lead.piece.block
        named = next_block(searcher, lead) if searcher is not None and last_of_block else []
        if named and all(
                c.piece.kind == "list" and c.piece.heading == lead.piece.heading and not ends_sentence(c.text)
                and not c.text.rstrip().endswith(("？", "?")) for c in named):
            chosen = [lead, *named[: settings.max_list_items], *[c for c in chosen if c is not lead][:1]]
    group = _item_group(searcher, lead, settings) if kind in ("howto", "lookup") and searcher is not None else []
    if group:
        # 「⑤ 相手国の労働法制・慣習・雇用情勢等の確認」 over three checks: a numbered item's lines are the
        # parts of one measure; they answer together, the item first (the next best quote from elsewhere
        # stays after them)
        chosen = group + [c for c in chosen[1:] if all(c.text != g.text for g in group)][:1]
    measures = _measures_after(searcher, lead, settings) if kind == "howto" and searcher is not None and not group else []
    if measures:
        # what the section says of the problem, then the measures it gives for it
        chosen = [c for c in chosen if c.text not in {m.text for m in measures}] + measures
    if kind in ("lookup", "howto") and _FUTURE_ASKED.search(normalize_text(analysis.question)) \
            and not any(_PLAN_STATED.search(c.text) for c in chosen):
        # 「今後どのような段取りで進める？」: the best line says where things stand (「…見直しに向けた議論を
        # している」); the line of its passage that says what comes next (「今春を目途に中間報告を取りまとめる
        # 予定であり…」) answers, though it names the topic only as 「これ」
        plan = next((c for c in _following(lead, settings.max_quotes)
                     if c.piece.heading == lead.piece.heading and _PLAN_STATED.search(c.text)), None)
        if plan is not None:
            chosen = [lead, plan] + [c for c in chosen[1:] if c.text != plan.text][: settings.max_quotes - 2]
    if kind == "lookup" and _AIM_ASKED.search(normalize_text(analysis.question)) and not _AIM_STATED.search(lead.text):
        # 「…アウトリーチは、主として何をねらいとしているか」: what a thing is for, which the line of its slide
        # naming its aim (「…理解促進、意識付けが一義的な目的」) says, though it repeats little of the question
        aim = next((c for c in pool if c.chunk.unit_id == lead.chunk.unit_id and _AIM_STATED.search(c.text)), None)
        if aim is not None:
            chosen = [aim] + [c for c in chosen if c.text != aim.text][: settings.max_quotes - 1]
    if kind in ("howto", "lookup") and searcher is not None and not measures and not group:
        # 「以下の３段階で、更なる取組を強化」 over 「① …共有」「② …講じる」「③ …取組む」: a measure numbered in a run
        # of statements is one of steps given together, and they answer together, in order
        chosen = _with_run(searcher, analysis, chosen, settings)
    if kind == "yesno" and not _echoes(analysis.question, lead.text):
        # 「…の紹介を一義的な目的としていますか」: a line of the lead's slide that says the question's own phrase
        # (「…理解促進、意識付けが一義的な目的」) speaks to what it asks; it goes with the lead
        echo = next((c for c in pool if c.chunk.unit_id == lead.chunk.unit_id and c is not lead
                     and _echoes(analysis.question, c.text)), None)
        if echo is not None and all(echo.text != c.text for c in chosen):
            chosen = [lead, echo] + chosen[1:settings.yesno_quotes]  # (the line that came second stays)
    if kind in ("yesno", "lookup") and lead.piece.kind == "paragraph" and len(chosen) < room:
        # 「…価格引下げを目的として、集中購買制度を実施。」 then 「国、省単位で、…国産品が有利となる仕組みが取られて
        # いる。」: the sentence after the lead in its paragraph goes on telling what the lead tells (when the
        # answer has room for it)
        goes_on = [c for c in _following(lead, 1) if c.piece.kind == "paragraph" and c.piece.block == lead.piece.block]
        chosen = _distinct([*chosen, *goes_on], room, float("-inf"))
    if kind == "definition":
        spelled = _spelled_out(analysis, pool)
        if spelled is not None and all(spelled.text not in c.text for c in chosen):
            chosen = [spelled] + chosen[: settings.max_quotes - 1]
    if kind == "lookup" and is_aside(chosen[0].text) and (said := _quotation_before(chosen[0], pool)) is not None:
        # 「(2025年1月24日 総理施政方針演説)」 under 「「…取組を進めます。…」」: a source says whose words the
        # quotation above it is; what was said answers, the source after it
        chosen = [said, chosen[0]] + [c for c in chosen[1:] if c.text != said.text][: settings.max_quotes - 2]
    if kind in ("lookup", "yesno"):
        # (「…のは、どのような認識によるもの？」 led by 「…業界単位で産業対話を実施し、…」, no cause of its own: the
        # sentence before it in its paragraph, 「…脅威(リスク)は千差万別。」, is the premise it acts on)
        premise = kind == "lookup" and bool(_PREMISE_ASKED.search(normalize_text(analysis.question))) \
            and not _CAUSE_STATED.search(normalize_text(chosen[0].text))
        chosen = _pointed_to(chosen, settings, premise=premise, points=kind == "lookup")
    # (of an organisation asked by its role, 「講師はだれ」, the role is what is asked, not what it is about)
    subject = _most_specific([t for t in terms if not (role and role in compact(t.term))])
    if kind in ("yesno", "lookup", "organisation") and subject and not any(a in compact(chosen[0].text) for a in subject.alternatives):
        # 「2024年5月から施行」 says what of nothing: the heading it sits under names it (「④ 特許出願非公開制度」);
        # so does the item a 「講師：…」 line is under (「10/24 …大学輸出管理ネットワーク会議」)
        chosen = _with_heading(chosen[0], pool) + chosen[1:]
    dates = sorted({c.chunk.date for c in chosen if c.chunk.date}, reverse=True)
    notice = EDITION_NOTICE.format(new=dates[0], old=dates[-1]) \
        if len(dates) > 1 and latest else None
    return Composition(chosen, notice, lead=YESNO_LEAD if kind == "yesno" else None)


# A sentence opening with a word that adds a second point to the one before it (「また、…」「さらに、…」「加えて、…」)
_ADDS_TO = re.compile(r"(?:また|さらに|更に|加えて)[、，,]")


def _pointed_to(chosen: list[Candidate], settings: AnswerSettings, premise: bool = False,
                points: bool = False) -> list[Candidate]:
    """「そのたたき台として本プランを作成・公表したことを評価。」: a first line that opens by pointing back is about
    the sentence before it in its paragraph (「…対応には官民の連携と対話が不可欠。」), which goes first, as one that
    goes on from it does (「今後、…に合意。」 after 「…について議論。」); so is a
    first line whose premise is asked for (`premise`), and, when what a passage says is asked (`points`), a first
    line adding a second point to the one before it (「…の考え方に限定。」 before 「また、…に時間がかかる。」)."""
    lead = chosen[0]
    if lead.piece_index == 0 or lead.piece.kind != "paragraph" \
            or not (premise or POINTS_BACK.match(lead.text) or _GOES_ON.match(lead.text) or points and _ADDS_TO.match(lead.text)):
        return chosen
    before = Candidate(lead.chunk, lead.piece_index - 1, 0.0, 0)
    # (its paragraph, or the one right before it under the same heading: a slide sets its points apart by
    # blank lines, 「…の考え方に限定。」 then 「また、…コンセンサス形成に時間がかかる。」)
    if before.piece.kind != "paragraph" or before.piece.heading != lead.piece.heading \
            or before.piece.block < lead.piece.block - 1 or not ends_sentence(before.text):
        return chosen
    return [before] + [c for c in chosen if c.text != before.text][: settings.max_quotes - 1]


def _quotation_before(source: Candidate, pool: list[Candidate]) -> Candidate | None:
    """Return the quotation (「…」, a whole line) right before a source line in its passage, or None."""
    return next((c for c in pool if c.chunk.chunk_id == source.chunk.chunk_id and c.piece_index == source.piece_index - 1
                 and c.text.startswith("「") and c.text.endswith("」")), None)


# A question after what other companies do (「ほかの会社ってどうしてるの」「他社はどう対策してる」), and the
# headings and collections under which the documents show companies' own practice
_OTHERS_DO_ASKED = re.compile(r"(?:他社|(?:ほか|他|よそ)の(?:会社|企業)|各社)(?:って|は|では|も)?[、,]?\s*(?:みんな|実際)?(?:どう|どうやって|どんな|何を)")
_PRACTICE_SHOWN = re.compile(r"好事例|ベストプラクティス|取組例|取組事例|ヒアリング例|企業の例|企業例|実施例|事例集")


# A question about what Japan's government does (経産省は, 我が国は, 日本政府は)
_OWN_GOVERNMENT = re.compile(r"経産省|経済産業省|我が国|わが国|日本政府|政府は|国は")


def _abroad_slide(line: Candidate) -> bool:
    """Return True for a line under a slide title or heading that names a foreign country (「（参考）韓国に
    おける…」): what that country does, not Japan."""
    return bool(foreign_countries_named(f"{line.chunk.heading} {line.piece.heading or ''}"))


# A question after what comes next (「今後どう進める」「これからどうなる」), and a line that states a plan
_FUTURE_ASKED = re.compile(r"今後|これから|この先|先々")
# What is meant to be done, asked (「…していくつもり？」「…する予定？」「今後どうする？」)
_INTENT_ASKED = re.compile(_FUTURE_ASKED.pattern + r"|つもり|予定(?:は|って|なの|です|ですか|[？?])")
# What a thing is for, asked (「何をねらいとしている」「目的は何」「何のために」) and stated (「…が一義的な目的」)
_AIM_ASKED = re.compile(r"何を(?:ねらい|狙い|目的)|(?:ねらい|狙い|目的)(?:は|って|として)(?:何|なに|どう|どんな)|何の(?:ため|目的)")
_AIM_STATED = re.compile(r"目的|ねらい|狙い")
_PLAN_STATED = re.compile(UPCOMING_STATED.pattern + r"|目途|めど|ていく|ていきます")


# What an older document said, as the asker tells it (「…を策定するとされていました」「…と整理されていた」)
# (a sentence or clause that more of the question follows)
_REPORTED = re.compile(r"(?:と|に)(?:され|なっ|書かれ|記載され|示され|整理され|位置[づ付]けられ)て(?:い)?(?:ました|いた|た)"
                       r"(?:が|けど|けれど)?[。、]\s*\S")


def _restates(analysis: Analysis, line: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a line whose words the question says nearly all of itself: it tells the asker
    nothing new."""
    return restates_text(analysis.resolved, line, settings)


def _names_only(analysis: Analysis, line: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a label that names the thing a question is about (its topic) and says nothing of
    it: a short item or line with no sentence end or verb, and besides the name no more than another
    name or a date in brackets (「「欧州の競争力の未来」(いわゆるドラギレポート)」「「競争力コンパス」
    <2025年1月>」, not 「インフレ削減法：10年間で4,370億ドル」)."""
    topic = analysis.topic
    text = normalize_text(line.text).strip()
    if line.piece.kind not in ("list", "paragraph") or not topic or compact(topic) not in compact(text):
        return False
    rest = _BRACKETED.sub("", compact(text).replace(compact(topic), ""))
    return _label(text, settings) and len(re.sub(r"[^\w]", "", rest)) <= settings.label_rest_chars \
        and not re.search(r"\d[\d,.]*[^\d,.]", rest)  # (a figure with its unit; 「中国製造2025」's year is its name)


# A label with a clause in brackets after it that says what the thing is or does (a comma inside)
_GLOSSED = re.compile(r"\s*[【\[［]?[^(（【】]{1,30}[】\]］]?\s*[(（][^)）]*[、,][^)）]*[)）]\s*")
# a name or date in brackets beside a label's name (「…」(いわゆる…) <2025年1月>)
# (not a bracket that says what the thing does: 「【計算資源マネージャー】(様々なコンピュータを組み合わせ、…
# 最適に制御)」 — a clause with a comma inside)
_BRACKETED = re.compile(r"「[^」]*」|『[^』]*』|[(（][^)）、,]*[)）]|[<＜〈][^>＞〉]*[>＞〉]")


def _with_run(searcher: Searcher, analysis: Analysis, chosen: list[Candidate], settings: AnswerSettings) -> list[Candidate]:
    """Return the chosen lines with the first that is an item of a numbered run of statements in its unit
    (see numbered_run) replaced by the whole run; the others follow. A run of names (「⑯量子ドット」 in a
    list of technologies) is no set of steps and is left as it is, and so is an item the question names
    itself (「「(3) …投資強化」の具体例は？」 asks of that one)."""
    asked = compact(analysis.question)
    units: dict[str, list[Candidate]] = {}  # each unit's segments, once each, read once
    for place, line in enumerate(chosen):
        if compact(without_list_mark(line.text)) in asked:
            continue
        if line.chunk.unit_id not in units:
            units[line.chunk.unit_id] = list({compact(c.text): c for c in _unit_segments(searcher, line.chunk.unit_id)}.values())
        run = numbered_run(units[line.chunk.unit_id], line.text)
        if len(run) >= 2 and sum(not _label(normalize_text(without_list_mark(c.text)).strip(), settings) for c in run) * 2 > len(run):
            texts = {compact(c.text) for c in run}
            return chosen[:place] + run[: settings.max_list_items] + [c for c in chosen[place + 1:] if compact(c.text) not in texts]
    return chosen


def _item_group(searcher: Searcher, lead: Candidate, settings: AnswerSettings) -> list[Candidate]:
    """Return a numbered list or table item with the lines under it, in order, when the lead is one of
    them (the item or a line under it) and they are few; else []."""
    if lead.piece.kind not in ("list", "table"):
        return []
    segments = [c for c in _unit_segments(searcher, lead.chunk.unit_id) if c.piece.block == lead.piece.block]
    item = lead.text if enumeration(lead.text) else lead.piece.heading
    if not item or not enumeration(item):
        return []
    head = next((c for c in segments if c.text == item and c.piece.kind in ("list", "table")), None)
    under = [c for c in segments if c.piece.heading == item and c.piece.kind in ("list", "table")]
    if head is None or not under or len(under) > settings.max_quotes:
        return []
    return [head, *under]


def echoes_only(analysis: Analysis, lines: list[Candidate], settings: AnswerSettings) -> bool:
    """Return True when every quoted line but headings is a label made only of the question's own words,
    brackets aside (「活用例 (イメージ)」, a figure's caption, for 「…の活用例ってどんな使い方？」): it tells
    nothing, and the heading over it only says where it is."""
    asked, question = set(tokenize(analysis.resolved)), compact(analysis.resolved)

    def echoes(text: str) -> bool:
        bare = _BRACKETED.sub("", text)
        return bool(compact(bare)) and (compact(bare) in question or all(w in asked for w in tokenize(bare)))
    said = [line for line in lines if line.piece.kind not in ("heading", "title")]
    return bool(said) and all(_label(normalize_text(line.text).strip(), settings) and echoes(normalize_text(line.text))
                              for line in said)


def _label(text: str, settings: AnswerSettings) -> bool:
    """Return True for a short line that is no sentence and has no verb: it names something."""
    from ..tokenize_ja import tagger

    return len(text) <= settings.name_line_chars and not ends_sentence(text) and \
        not any(word.feature.pos1 in ("動詞", "助動詞") for word in tagger()(text))


def _said_of(label: Candidate, limit: int, settings: AnswerSettings) -> list[Candidate]:
    """Return up to `limit` segments after a label in its passage, up to the next label like it: a label
    alone in its block, of the label's kind (「「競争力コンパス」 <2025年1月>」 after what is said of
    「ドラギレポート」)."""
    out = []
    for line in _following(label, limit):
        alone = sum(p.block == line.piece.block for p in line.chunk.pieces) == 1
        if alone and line.piece.kind == label.piece.kind and _label(normalize_text(line.text).strip(), settings):
            break
        out.append(line)
    return out


def _lead_with(ranked: list[Candidate], within: float, wanted) -> None:
    """Put first, in place, the candidates scoring within `within` of the best for which `wanted` holds;
    the sort is stable, so each group keeps its order by score."""
    floor = ranked[0].score - within
    ranked.sort(key=lambda c: not (c.score >= floor and wanted(c)))


def _measures_after(searcher: Searcher, lead: Candidate, settings: AnswerSettings) -> list[Candidate]:
    """Return the measures a topic's section gives after what it says of the problem: under the topic's
    heading (「① コア技術の特定」), the heading that introduces measures (「対応策の例」) and its first-level
    items (「① 自社の競争力の源泉が何であるかを改めて確認する」 …); [] when the lead is itself under such a
    heading or its section has none."""
    topic = lead.piece.heading
    if not topic or _MEASURE_HEADING.search(topic):
        return []
    segments = _unit_segments(searcher, lead.chunk.unit_id)
    place = next((i for i, c in enumerate(segments)
                  if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece_index == lead.piece_index), None)
    if place is None:
        return []
    heading = next((c for c in segments[place + 1:] if c.piece.kind == "heading" and c.piece.heading == topic
                    and _MEASURE_HEADING.search(c.text)), None)
    if heading is None:
        return []
    # the measures as items of a list (「- ① …」 with sub-items) or as numbered headings over their text
    # (a measure set as an item over its own sentences, 「② 教育・研修及び確認を行う」 over 「全拠点において、
    # …」, is given with them: its title names the measure, the sentences say what to do)
    items = _numbered_sections(searcher, heading) or _section_under(searcher, heading)
    return [heading, *items[: settings.max_list_items]] if items else []


def _by_edition(ranked: list[Candidate], pool: list[Candidate], settings: AnswerSettings) -> Composition | None:
    """「2024年の資料と2025年の資料でどう変わった？」: the best answer about the topic of each dated document
    (the question asks for each, however well the older one scores), newest first, each led by its heading
    when it doesn't name its subject; None when only one document's date is among them."""
    best: dict[str, Candidate] = {}
    for cand in ranked:
        if cand.chunk.date:
            best.setdefault(cand.chunk.date, cand)
    if len(best) < 2:
        return None
    for date, top in best.items():  # of a document's answers about as good as its best, the one most on topic
        close = [c for c in ranked if c.chunk.date == date and c.score >= top.score - settings.close_enough]
        best[date] = max(close, key=lambda c: c.cover)  # (max keeps the first, the best scored, on a tie)
    dates = sorted(best, reverse=True)[: settings.max_quotes]
    lines = [line for date in dates for line in _with_heading(best[date], pool)]
    return Composition(lines, EDITION_NOTICE.format(new=dates[0], old=dates[-1]))


def _spelled_out(analysis: Analysis, pool: list[Candidate]) -> Candidate | None:
    """Return the line that gives an abbreviation's full name (「技術情報管理認証制度 (TICS)」), which a
    「TICSとは」 answer should start from — even when it is a heading."""
    topic = analysis.topic or ""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]{1,11}", topic):
        return None
    pattern = re.compile(rf"[一-龥ぁ-んァ-ヶー・]{{3,}}\s*[（(]\s*{re.escape(topic)}\s*[)）]")
    found = [c for c in pool if pattern.search(normalize_text(c.text))]
    return max(found, key=lambda c: c.score) if found else None


def _echoes(question: str, text: str) -> bool:
    """Return True when a line says a phrase of the question of five characters or more that runs across
    words (two kanji or more and a kana between: 「一義的な目的」), not a topic word alone."""
    said = compact(text)
    return any(phrase in said for phrase in _echo_phrases(question))


@lru_cache(maxsize=256)
def _echo_phrases(question: str) -> tuple[str, ...]:
    """Return the phrases of a question a line may echo (see _echoes): five characters or more, two kanji
    or more, a kana inside and none at either end."""
    asked = compact(question)
    phrases = (asked[start:end] for start in range(len(asked) - 4) for end in range(len(asked), start + 4, -1))
    return tuple(p for p in phrases if len(re.findall(r"[一-龥]", p)) >= 2 and re.search(r"[ぁ-ん]", p[1:-1])
                 and not re.match(r"[ぁ-ん]", p[0]) and not re.match(r"[ぁ-ん]", p[-1]))
