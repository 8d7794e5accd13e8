"""Value answers: the line that states the count, date, amount, frequency or contact asked for the
question's topic (its heading counts), the newest edition first when editions differ."""
from __future__ import annotations

import re

from ..normalize import circled_number_value, compact, normalize_text
from ..question import CURRENCIES, CURRENCY, FOREIGN_CURRENCY, GENERIC_NOUNS, DEPARTMENT_KINDS, ORGANISATION_ENDINGS, Analysis, is_action, ordinals
from ..search import Searcher, SearchFilters
from ..structure import QUOTABLE_KINDS, without_list_mark
from ..tokenize_ja import tokenize
from .evidence import (_AMOUNT, _amount_forms, AnswerSettings, _ANY_NUMBER, _APPLYING_ASKED, _APPLYING_STATED,
                       Candidate, contact_kinds_asked, _counted_forms, _DATE, _EVERYDAY_KANA, _FILE_ASKED, later_documents, _most_specific,
                       _names, _new_value, _organisation_keys, _PDF_URL, _publishers_asked, TopicTerm, value_pattern)
from .wording import EARLIER_NOTICE, EDITION_NOTICE
from .lists import inline_items
from .derived import asks_total, compose_derived
from .blocks import (_about_value_topic, Composition, _edition_pair, _link_about, _headings_above, _named_just_above,
                     _near_context, _PENDING, POINTS_BACK, _following, _successor, _unit_segments, _with_heading)


# The counters of a question after how many things there are, whatever they are (いくつ, 何個, 何点)
_ITEM_COUNTERS = (None, "つ", "個", "点", "本", "項目")
# What a sentence is about: the words before its first は (「経済安全保障推進法は、…」)
_SUBJECT = re.compile(r"[^は]*")


def _enumerated(analysis: Analysis, about: list[Candidate], terms: list[TopicTerm]) -> Composition | None:
    """「推進法の柱はいくつ？」 where no line about the topic counts them: the line whose subject is the topic
    and that names them one by one (「経済安全保障推進法は、…①重要物資、②基幹インフラ、③先端重要技術、
    ④特許出願非公開に関する制度を措置。」), its marks counting them; None for a count of another kind
    (何社, 何年), or when no such line enumerates."""
    subject = _most_specific([t for t in terms if t.term != analysis.head])  # what has them, not what is counted
    if analysis.answer_type != "number" or analysis.counter not in _ITEM_COUNTERS or subject is None:
        return None
    enumerating = max((c for c in about if inline_items(c.text) >= 2 and _names(subject, _SUBJECT.match(c.text).group(0))),
                      key=lambda c: c.score, default=None)
    return Composition([enumerating]) if enumerating is not None else None


def _labelled(analysis: Analysis, terms: list[TopicTerm], searcher: Searcher | None) -> Composition | None:
    """「論点はいくつ？」: things the documents label by the word asked of and a circled number (「＜論点①＞︓…」
    … 「＜論点⑤＞︓…」) are counted by their labels — the lines of the unit that labels the most of them,
    ① on without a gap, in order; None for a count in a counter (何社, いくつの技術), or when no unit labels two."""
    if analysis.answer_type != "number" or analysis.counter is not None or searcher is None:
        return None
    best: list[Candidate] = []
    for term in (t for t in terms if t.weight):
        word = compact(term.term)
        label = re.compile(r"^\W{0,2}" + re.escape(word) + r"([①-⑳])")
        units = dict.fromkeys(chunk.unit_id for chunk in searcher.chunks_containing(word + "①"))
        for unit in units:
            found: dict[int, Candidate] = {}
            for chunk in searcher.unit_chunks(unit):
                for index, piece in enumerate(chunk.pieces):
                    if (m := label.match(compact(piece.text))):
                        found.setdefault(circled_number_value(m.group(1)), Candidate(chunk, index, 0.0, 0))
            run = [found[n] for n in range(1, len(found) + 1) if n in found]
            if len(run) == len(found) >= 2 and len(run) > len(best):
                best = run
    return Composition(best) if best else None


def compose_value(analysis: Analysis, pool: list[Candidate], settings: AnswerSettings,
                  terms: list[TopicTerm] = (), searcher: Searcher | None = None,
                  filters: SearchFilters | None = None) -> Composition | str:
    """A count, date, amount or contact: the segment that states one for the topic, newest edition first;
    for a count of things the documents label one by one (論点①…), their labels; for a count no line
    states, the line that names the things counted one by one, or the lines whose figures come to it
    (answering.derived). `filters`: what the user narrowed the search
    to, which a newer document must pass to be drawn in."""
    if (labelled := _labelled(analysis, terms, searcher)) is not None:
        return labelled
    if analysis.answer_type == "amount" and (rate := _EXCHANGE_RATE_ASKED.search(normalize_text(analysis.question))):
        # 「1元を何円として計算」: an exchange rate, stated where the one unit is set equal to its price (「(注) …、
        # 1元=20円で換算」), a note of the slide whatever its topic — not by an amount in that currency (「1兆元(約20兆円)」)
        unit = re.escape(compact(rate.group(1)))
        stated = [c for c in pool if re.search(rf"(?<![\d.]){unit}[=＝]", compact(c.text))]
        if stated:
            return Composition([max(stated, key=lambda c: c.score)])
    composed = _stated_value(analysis, pool, settings, terms, searcher, filters)
    if composed in ("type", "unwritten"):
        composed = _enumerated(analysis, [c for c in pool if c.about], terms) or composed
    if (isinstance(composed, str) or asks_total(analysis)) and analysis.answer_type in ("number", "amount") \
            and searcher is not None:
        # 「…ができてから…が出てくるまで、何年あいてる？」: no line states it, the figures lines give come to it
        # (「…と…って、参加者を足すと何人？」: one thing's count, which a line does state, is not the total asked)
        composed = compose_derived(searcher, analysis, pool, terms) or composed
    return composed


# The events a date is given for (a law's 成立 and 施行 are months apart)
_EVENT = re.compile(r"施行|成立|公布|設立|発足|開始|公表|閣議決定")
# 「「…支援基本法」(2023年12月成立)」: a name, then in brackets its dates with their events
_DATED_NAME = r"{name}[」』]?\s*[(（]([^)）]*)[)）]"


def _dates_event(text: str, focus: tuple[str, ...], event: str) -> bool:
    """Return False when the line dates a topic word in brackets right after it with other events only
    (「(2023年12月成立)」 for a question about 施行); True otherwise."""
    line = normalize_text(text)
    for term in focus:
        found = re.search(_DATED_NAME.format(name=re.escape(term)), line)
        if found and _DATE.search(found.group(1)) and _EVENT.search(found.group(1)):
            return event in found.group(1)
    return True


# 「税額控除いくら」「補助額はどのくらい」: the word right before the asking word is what the amount is of;
# 「設備の更新に回すお金って…どれくらい」: so is what a sum is put to, named before the money (the second
# group), however often the documents name it
_PRICED = re.compile(r"([一-龥ァ-ヶーA-Za-z0-9]{2,})(?:は|が|って|には|に|の)?\s*(?:いくら|何円|どのくらい|どれくらい|どれぐらい)|"
                     r"([一-龥ァ-ヶーA-Za-z0-9]{2,})(?:に|へ)(?:回す|回る|回され|使う|使われ|充てる|充てられ|配分|振り向け)\S{0,4}?"
                     r"(?:お金|金額|資金|予算|額)")


def priced_word(analysis: Analysis, terms: list[TopicTerm]) -> str | None:
    """Return the word whose amount an amount question asks, as a refusal names it (税額控除), or None."""
    priced, _ = _priced(analysis, terms)
    return priced.term if priced is not None else None


def _priced(analysis: Analysis, terms: list[TopicTerm]) -> tuple[TopicTerm | None, bool]:
    """Return the topic word an amount question names right before its asking word (see _PRICED), if the
    documents write it, else None; and whether it names what the sum is put to (the second group)."""
    if analysis.answer_type != "amount" or not (found := _PRICED.search(normalize_text(analysis.resolved))):
        return None, False
    return next((t for t in terms if t.weight and t.term == (found.group(1) or found.group(2))), None), bool(found.group(2))


# 「そのうち」「それぞれ」「…ずつ」「内訳」: a part of a whole asked
_PART_ASKED = re.compile(r"(?:その|この|の)うち|それぞれ|ずつ|内訳")
# A sum a question gives (「1.8兆ユーロ」「年7.5〜8千億ユーロ」「約2兆円」; not a unit of a currency, 「1ドル」): its
# first figure
_AMOUNT_GIVEN = re.compile(rf"(\d+(?:\.\d+)?)\s*(?:[〜~～-]\s*\d+(?:\.\d+)?)?\s*[千百]?[万億兆]\s*(?:{CURRENCY}|€)")


def _value_of_successor(analysis: Analysis, about: list[Candidate], settings: AnswerSettings,
                        terms: list[TopicTerm], searcher: Searcher | None,
                        filters: SearchFilters | None = None) -> Composition | None:
    """「…議論中とされていた…新しい仕組みは、…いくつの技術が対象となっているか」: when the best line about the
    topic is an older document's plan (「…仕組みを想定。」) and states no value, the newest document that says
    what the plan became (its line closest in meaning, see blocks._successor) states it on that slide
    (「…現在19技術を指定。」): that line, the value, then the plan, with the notice that the documents differ;
    None when no later document does."""
    best = max(about, key=lambda c: c.score, default=None)
    # (a count of things named, 何技術: a date or a figure of any kind on the newer slide may be of another thing)
    if searcher is None or best is None or analysis.answer_type != "number" or not analysis.counter \
            or not _PENDING.search(best.text):
        return None
    now = _successor(searcher, best, terms, settings, filters)
    if not now:
        return None
    # (a count as the search's candidates are typed: see evidence._new_value — a figure the question gives is none)
    wanted, given = value_pattern(analysis), compact(analysis.question)
    value = next((c for c in _unit_segments(searcher, now[0].chunk.unit_id)
                  if c.piece.kind in QUOTABLE_KINDS and _new_value(wanted, without_list_mark(c.text), given)), None)
    if value is None:
        return None
    lines = [now[0]] + ([value] if value.text != now[0].text else [])
    return Composition([*lines, best], EDITION_NOTICE.format(new=now[0].chunk.date, old=best.chunk.date))


def _stated_value(analysis: Analysis, pool: list[Candidate], settings: AnswerSettings,
                  terms: list[TopicTerm], searcher: Searcher | None,
                  filters: SearchFilters | None = None) -> Composition | str:
    """The segment that states the value asked for the topic, or why none does."""
    at = {(c.chunk.chunk_id, c.piece_index): c for c in pool}  # each segment by its place, for the line above
    about = [c for c in pool if _about_value_topic(analysis, c, settings)
             or c.typed and _named_just_above(analysis, c, at, settings) is not None
             or c.typed and searcher is not None and _named_by_headings(searcher, c, terms)]
    for cand in about:
        cand.about = True
    if not about:
        return "topic"
    typed = [c for c in about if c.typed]  # a title may state it too (「組織改編（2024年7月 …設置）」)
    if not typed:
        return _value_of_successor(analysis, about, settings, terms, searcher, filters) or "type"
    # 「推進法の改正案はいつ国会に出る？」: the thing whose value is asked, a compound the documents never
    # write, is stated at least in its words (改正・案) where its value is — a date of the law it
    # belongs to answers nothing about it; 「相談窓口のメールアドレス」 sits where 相談 and 窓口 are
    # (the thing counted is stated by the count itself, 「12大学」, a share by its figure, 「約6割」, and
    # a contact's kind by the address, an amount, 「目標額」「投資額」, by its figure)
    unwritten = next((t for t in terms if t.term == analysis.head and not t.weight and t.term not in GENERIC_NOUNS
                      and not _EVERYDAY_KANA.fullmatch(t.term) and analysis.answer_type != "contact"
                      and not (analysis.counter and t.term.endswith(analysis.counter))
                      and not (analysis.counter == "割合" and t.term.endswith(("率", "割合", "シェア")))
                      and not (analysis.answer_type == "amount" and t.term.endswith("額"))
                      # (「日本円だといくら」: the currency asked in is the sum's unit, not a thing it is of)
                      and not (analysis.answer_type == "amount" and t.term.removeprefix("日本") in CURRENCIES)), None)
    if unwritten is not None:
        typed = [c for c in typed if any(
            tokens and tokens <= set(tokenize(f"{c.chunk.heading} {c.chunk.text}")) for tokens in unwritten.tokens)]
        if not typed:
            return "unwritten"
    qualified = [c for c in typed if c.qualified]
    # (the event of the sentence that asks: 「…資料では…は2022年5月に「成立」した段階で紹介されていました。…どの段階
    # まで進んだものとして、いつの日付で」 tells what the asker has read, and asks no date of 成立)
    if analysis.answer_type == "date" and (event := _EVENT.search(normalize_text(analysis.asking or analysis.question))) is not None:
        # 「「…支援基本法」って、いつから施行されてるの？」: a line that dates each thing it names in brackets after
        # it (「「…特別措置法」(2023年6月改正成立、12月施行)、「…支援基本法」(2023年12月成立)」) dates the thing
        # asked only with the events its own brackets name
        qualified = [c for c in qualified if _dates_event(c.text, analysis.focus, event.group(0))]
    if analysis.answer_type == "amount" and _PART_ASKED.search(asked := normalize_text(analysis.question)):
        # 「1.8兆ユーロって、そのうちデジタル向けにはいくら？」「…追加投資って、官と民でそれぞれいくら？」: the
        # part of a whole the question states is not stated by a line giving that whole again
        whole = [m.group(1) for m in _AMOUNT_GIVEN.finditer(asked)]
        qualified = [c for c in qualified if not any(
            re.search(rf"(?<![\d.]){re.escape(figure)}(?!\d)", normalize_text(c.text)) for figure in whole)]
        if whole and not qualified:
            return "breakdown"
    if not qualified:
        return "qualifier"
    # 「軟性内視鏡が追加されたのはいつ」: the value of the thing asked about, stated where that thing is named —
    # a date of another addition in a passage that never names it answers nothing
    specific = _most_specific(terms, analysis)
    # (not the kind a which-question asks: 「どの法律で、いつ成立」 is answered by a law's name, 「…特別法」)
    # (「経済安全保障センターの設立はいつ」: the head is what is done, 設立; what it is done to is the thing)
    asked_of = specific is not None and (specific.term == analysis.head or bool(analysis.head) and is_action(analysis.head))
    head = specific if asked_of and not is_action(specific.term) \
        and specific.frequency <= settings.rare_head_passages and analysis.which_kind != specific.term \
        else None
    if analysis.answer_type == "contact" and searcher is not None:
        # 「輸出管理の相談窓口は？」: the contact of the thing asked about, in a unit that names it — another
        # topic's window (営業秘密支援窓口) shares only the words for a contact (相談, 窓口)
        subject = _most_specific([t for t in terms if not _CONTACT_WORD.fullmatch(t.term)])
        if subject is not None and not subject.term.endswith(ORGANISATION_ENDINGS):
            # (the unit's headings and text, and the collection it belongs to: a guidance's own link slide)
            units: dict[str, str] = {}
            for c in qualified:
                if c.chunk.unit_id not in units:
                    units[c.chunk.unit_id] = " ".join(f"{u.heading} {u.text}" for u in searcher.unit_chunks(c.chunk.unit_id))
            # (a web address, by the words of the subject on its slide: see _link_about)
            qualified = [c for c in qualified if _names(subject, f"{c.chunk.collection or ''} {units[c.chunk.unit_id]}")
                         or _link_about(subject.term, c, units[c.chunk.unit_id])]
            if not qualified:
                return "type"
    offices = [n for n in analysis.names if n.endswith(ORGANISATION_ENDINGS)] if analysis.answer_type == "contact" else []
    if head is not None and len(offices) < 2:  # (offices asked side by side: each is looked for below)
        counted = _counted_forms(head.term, analysis.counter) if analysis.answer_type == "number" else \
            _amount_forms(head.term) if analysis.answer_type == "amount" else set()
        # (an office asked about is named by its own deck, whose lines call it 当局 or nothing: 「東北局が回った
        # 大学数」 is stated as 「東北管内22大学」 in the Tohoku bureau's deck)
        own = {p for p, names in (_publishers_asked(searcher, analysis) if searcher is not None else {}).items()
               if any(n in compact(head.term) for n in names)}
        # (a contact's office may head its block a few lines up: 「四国経済産業局 / 国際課 / TEL …」)
        qualified = [c for c in qualified if _names(head, f"{c.chunk.heading} {c.chunk.text}" if analysis.answer_type == "contact"
                                                    else _near_context(c), counted)
                     or analysis.answer_type == "contact" and _link_about(head.term, c, f"{c.chunk.heading} {c.chunk.text}")
                     or c.chunk.publisher in own]
        if not qualified:
            return "type"
    priced, put_to = _priced(analysis, terms)
    if priced is not None and priced is not head and (priced.frequency <= settings.rare_head_passages or put_to):
        # 「インフレ削減法って、EVを買うと税額控除いくらもらえるの？」: the amount of the thing named right
        # before いくら (税額控除), a word so rare, is stated by a line naming that thing, or under a heading
        # naming it — the law's total is not it, whatever the line above it says
        # (「税額控除分込みで約14兆円」 is a total the thing is part of, not its own amount)
        qualified = [c for c in qualified if _names(priced, f"{c.chunk.heading} {c.piece.heading or ''} {c.text}")
                     and not any(re.search(re.escape(a) + r"(?:分)?\s*(?:込み|込|を含|含め)", compact(c.text))
                                 for a in priced.alternatives)]
        if not qualified:
            return "priced"
    qualified.sort(key=lambda c: -c.score)
    if searcher is not None and (later := later_documents(searcher, analysis)) is not None:
        # 「経産省資料では…2022年5月に「成立」した段階で紹介されていました。…新しい…資料では…いつの日付で」: what
        # the document the asker has read says they know; a newer document's line states the value asked
        qualified = [c for c in qualified if c.chunk.doc_id in later] or qualified
    if named_ordinals := [ordinals(q.text) for q in analysis.qualifiers if q.kind == "ordinal"]:
        # 「第3回の会議はいつ」: the line naming 第三回 states its date, before another line under its heading
        qualified.sort(key=lambda c: not all(o <= ordinals(c.text) for o in named_ordinals))
    if analysis.answer_type == "amount" and _TOTAL_ASKED.search(normalize_text(analysis.question)):
        # 「全部でいくら」: a line stating a total (総額2.4兆円) before one stating a part
        qualified.sort(key=lambda c: not _TOTAL_STATED.search(normalize_text(c.text)))
    if offices:
        # 「九州経済産業局の…メールアドレス」: the address under that office's name, not another office's
        # on the same slide
        keys = {office: _organisation_keys(office) for office in offices}
        qualified.sort(key=lambda c: _office_over(c, keys, settings)[0] is None)
    if analysis.answer_type == "contact" and _FILE_ASKED.search(analysis.question):
        # 「本体はどこからダウンロード」「PDFは」: the file itself before a page about it
        qualified.sort(key=lambda c: not _PDF_URL.search(c.text))
    if analysis.answer_type == "contact" and _APPLYING_ASKED.search(analysis.question):
        qualified.sort(key=lambda c: not _APPLYING_STATED.search(c.text))
    if len(offices) >= 2:
        return _each_office(analysis, keys, qualified, settings) or "type"
    kinds = contact_kinds_asked(analysis.question) if analysis.answer_type == "contact" else []
    if len(kinds) >= 2:
        # 「電話かメールで…番号とアドレス教えて」: the block that gives each kind asked (「TEL:…」 and 「…@…」 on one
        # slide) before one that gives one of them
        given: dict[str, set[int]] = {}  # the kinds asked each slide's lines give, read once
        for line in pool:
            given.setdefault(line.chunk.unit_id, set()).update(i for i, kind in enumerate(kinds) if kind.search(line.text))
        qualified.sort(key=lambda c: len(given.get(c.chunk.unit_id, ())) < len(kinds))
    lead = qualified[0]
    extra: list[Candidate] = []
    for kind in kinds:  # (…and the line of its block that gives each other kind, the nearest)
        beside = sorted((c for c in pool if c.chunk.unit_id == lead.chunk.unit_id and c.text != lead.text
                         and kind.search(c.text) and not kind.search(lead.text)),
                        key=lambda c: (c.chunk.chunk_id != lead.chunk.chunk_id, abs(c.piece_index - lead.piece_index)))
        extra += beside[:1]
    lead_dates = _DATE.findall(normalize_text(lead.text))
    for kind in analysis.also:  # 「プロジェクト数と予算額」: the other value from the same place if it can
        pattern = {"amount": _AMOUNT, "date": _DATE, "number": _ANY_NUMBER}[kind]
        # (a second count of the same kind, 「企業群の数と企業数」, stands beside the first on its slide: the
        # closest line stating one)
        # (a second date is of another event, 「…発表したのはいつで、…いつ開始」: the best line about the topic
        # dating something else, wherever it stands)
        same = kind == analysis.answer_type and kind != "date"
        beside = [c for c in pool if c.chunk.unit_id == lead.chunk.unit_id] if same else about
        second = [c for c in beside if pattern.search(without_list_mark(normalize_text(c.text))) and c.text != lead.text
                  and not (kind == analysis.answer_type == "date" and _DATE.findall(normalize_text(c.text)) == lead_dates)]
        second.sort(key=lambda c: (c.chunk.unit_id != lead.chunk.unit_id, c.chunk.chunk_id != lead.chunk.chunk_id and same,
                                   abs(c.piece_index - lead.piece_index) if same else 0, -c.score))
        extra += second[:1]
    year = next((q.text for q in analysis.qualifiers if q.kind == "year"), None)
    if analysis.answer_type == "contact" and year and compact(year) not in compact(lead.text):
        # 「来年度（2026年度）も…申し込みはどこから？」: a contact holds no year; the line of its passage naming the
        # year asked (「※2026年度の…事業も、…追って公募を開始する予定です」) says what holds for that year
        extra += [c for c in pool if c.chunk.chunk_id == lead.chunk.chunk_id and compact(year) in compact(c.text)][:1]
    def named(line: Candidate) -> list[Candidate]:  # a value line led by what names its subject
        if analysis.answer_type == "contact" and (label := _contact_label_above(line)) is not None:
            return [label, line]  # 「お問い合わせ先：…技術調査・流出対策室」 over its 「E-mail : …」
        if analysis.answer_type == "contact" and _DESK_NAMED.search(line.text):
            return [line]  # 「営業秘密支援窓口 https://…」 says whose address it is (not under 「相談例」)
        above = _named_just_above(analysis, line, at, settings)
        return [above, line] if above is not None else _with_heading(line, pool)

    if analysis.answer_type == "contact" and (described := _DESCRIBED_CONTACT.search(normalize_text(analysis.question))):
        extra += _condition_met(lead, named(lead), pool, [t for t in terms if t.term in described.group(1)])
    if analysis.answer_type == "contact" and _DESK_ASKED.search(normalize_text(analysis.question)) \
            and not _DESK_NAMED.search(lead.text) and (desk := _desk_beside(lead, pool)) is not None:
        # 「…相談に乗ってくれる窓口ってある？どこから申し込めばいい？」 led by the form (「支援依頼Webフォーム …」):
        # the link of its slide that names the desk (「営業秘密支援窓口 https://…」) says which one it is
        return Composition([desk, lead] + extra)
    newest_asked = any(q.kind == "latest" for q in analysis.qualifiers)
    other = _edition_pair(lead, [c for c in pool if c.typed and c.qualified and c is not lead], settings, newest_asked)
    if other is not None:
        newest, oldest = sorted([lead, other], key=lambda c: c.chunk.date, reverse=True)
        if any(q.kind == "earlier" for q in analysis.qualifiers):  # 「前はいくつだった？」: the older value first
            notice = EARLIER_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
            return Composition(named(oldest) + [newest] + extra, notice)
        notice = EDITION_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
        return Composition(named(newest) + [oldest] + extra, notice)
    # (「…2025年第一四半期に…見直し評価を行い、…」 then 「この見直し評価は、…の結果に基づき実施される。」: the
    # sentence right after the value's line under its heading that points back to it tells more of the same thing)
    goes_on = [c for c in _following(lead, 1) if c.piece.kind == "paragraph" and lead.piece.kind in ("paragraph", "list")
               and c.piece.heading == lead.piece.heading and POINTS_BACK.match(c.text)]
    return Composition(named(lead) + extra + goes_on)


# 「警察にもつないでくれるような相談先」「海外のことも聞ける窓口」: a contact described by what it does
_DESCRIBED_CONTACT = re.compile(r"([^。、？?]{2,30}?)(?:ような|みたいな|てくれる|れる|える|できる)\s*(?:相談先|窓口|ところ|機関|問い?合わ?せ先)")


def _condition_met(lead: Candidate, shown: list[Candidate], pool: list[Candidate], terms: list[TopicTerm]) -> list[Candidate]:
    """「警察にもつないでくれるような相談先ってある？」: a contact asked as one that does something (`terms`: the
    words saying what) is given with the line of its slide that says it does (「…対処方法を知りたい (要望に応じて
    警察庁と連携可能)」) — the best line there naming such a word the contact's own lines do not; [] when none does."""
    said = compact(" ".join(c.text for c in shown))
    unsaid = [t for t in terms if t.weight and not _CONTACT_WORD.fullmatch(t.term) and not any(a in said for a in t.alternatives)]
    saying = [c for c in pool if c.chunk.unit_id == lead.chunk.unit_id and all(c.text != s.text for s in shown)
              and any(any(a in compact(c.text) for a in t.alternatives) for t in unsaid)]
    return [max(saying, key=lambda c: c.score)] if saying else []


# Words for a contact or a way to reach one (「相談窓口」「問い合わせ先」): what a contact question asks, no topic
_CONTACT_WORD = re.compile(r"相談|窓口|相談窓口|問い合わせ|問合せ|問い合せ|連絡|連絡先|問い合わせ先|申込|申込み|申し込み|申請|電話|メール")
# A line that says whose contact details follow (「お問い合わせ先：経済産業省 … 技術調査・流出対策室」)
_CONTACT_LABEL = re.compile(r"^\s*(?:【)?(?:お)?(?:問い?合わ?せ|問合せ|連絡)先")


# A question asking for a desk to consult (「窓口ってある？」「相談先は？」, not 「見本窓口に相談したい」, which names
# the desk it uses), and a name that is one (「営業秘密支援窓口」「…相談センター」)
_DESK_ASKED = re.compile(r"(?:窓口|相談先)(?:って|は|が|も)?\s*(?:ある|あります|どこ|教え|[？?])")
_DESK_NAMED = re.compile(r"[一-龥ァ-ヶー]{2,}(?:窓口|センター|相談室)")


def _desk_beside(lead: Candidate, pool: list[Candidate]) -> Candidate | None:
    """Return the link of a contact line's slide that names a desk (「営業秘密支援窓口 https://…」), or None."""
    return next((c for c in pool if c.chunk.unit_id == lead.chunk.unit_id and c.piece.kind == "link" and c.text != lead.text
                 and _DESK_NAMED.search(c.text)), None)


def _contact_label_above(line: Candidate) -> Candidate | None:
    """Return the line right above a contact line when it labels the contact block, or None."""
    if not line.piece_index:
        return None
    index = line.piece_index - 1
    return Candidate(line.chunk, index, 0.0, 0) if _CONTACT_LABEL.match(line.chunk.pieces[index].text) else None


# One unit of a currency asked in another (「1元を何円」「1ドルはいくら」): an exchange rate
_EXCHANGE_RATE_ASKED = re.compile(rf"((?:1|一)\s*(?:{FOREIGN_CURRENCY}))\s*(?:を|は|って|が|=|＝)\s*(?:何円|いくら)")
# A question asking a total, and a line stating one
_TOTAL_ASKED = re.compile(r"全部で|全体で|合計|総額|総計|トータル|合わせて|あわせて")
_TOTAL_STATED = re.compile(r"総額|合計|総計|累計")


def _each_office(analysis: Analysis, keys: dict[str, list[str]], qualified: list[Candidate],
                 settings: AnswerSettings) -> Composition | None:
    """「本省と九州局、それぞれどこ宛て？」「九州局と東北局の電話番号は？」: each office named (`keys`: each office
    and its names, see _organisation_keys), in the question's order, its own contact — the best line whose
    nearest office above is that one, with the line naming the office — and a notice naming the offices
    with none; None when none has one."""
    asked = normalize_text(analysis.question)
    lines: list[Candidate] = []
    missing = []
    for office in sorted(keys, key=lambda o: asked.find(o)):
        for line in qualified:
            named, at = _office_over(line, keys, settings)
            if named == office:
                if at != line.piece_index:
                    lines.append(Candidate(line.chunk, at, 0.0, 0))
                lines.append(line)
                break
        else:
            missing.append(office)
    if not lines:
        return None
    notice = "".join(f"『{office}』" for office in missing)
    return Composition(lines, f"資料には{notice}の連絡先の記載は見つかりませんでした。" if missing else None)


def _office_over(candidate: Candidate, keys: dict[str, list[str]], settings: AnswerSettings) -> tuple[str | None, int]:
    """Return which of the offices asked (`keys`: each office's names, see _organisation_keys) a contact
    line belongs to — the one named nearest above it, or on it — and the index of the line naming it;
    (None, the line's own index) when none is."""
    first = max(0, candidate.piece_index - settings.contact_block_lines)
    for index in range(candidate.piece_index, first - 1, -1):
        text = compact(candidate.chunk.pieces[index].text)
        named = next((office for office, names in keys.items() if any(key in text for key in names)), None)
        if named is not None:
            return named, index
    return None, candidate.piece_index


_DEPARTMENT_ASKED = re.compile("|".join(DEPARTMENT_KINDS))
# The departments and sections right after an organisation's name (「東北経済産業局 総務企画部 国際課」)
_DEPARTMENTS = re.compile(r"^[^、。,]{0,12}?(?:部|課|室)(?![一-龥])")


def _named_by_headings(searcher: Searcher, candidate: Candidate, terms: list[TopicTerm]) -> bool:
    """Return True when the headings a value line sits under name every topic word of the question (a
    table's summary row, 「70社超」, under 「問い合わせのあった個別企業」 under … 「＜戦略的対話の実績＞」)."""
    named = [t for t in terms if t.weight]
    above = compact(" ".join(_headings_above(searcher, candidate)))
    return bool(named) and all(any(a in above for a in t.alternatives) for t in named)


def _office_of(analysis: Analysis, pool: list[Candidate]) -> Candidate | None:
    """Return the line naming a department of the organisation an office question names (「東北局の担当
    部署は？」: 「東北経済産業局 総務企画部 国際課」, often on the cover slide, which search ranks low), the
    best first; None for other questions or when no line does."""
    offices = [n for n in analysis.names if n.endswith(ORGANISATION_ENDINGS)]
    # (a department asked for, not any body: 「どこが講師を務めた」 asks who, of any organisation)
    if analysis.which_kind != "組織" or not offices or not _DEPARTMENT_ASKED.search(normalize_text(analysis.question)):
        return None
    keys = _organisation_keys(*offices)
    for candidate in pool:
        line = compact(candidate.text)
        if any(key in line and _DEPARTMENTS.match(line[line.find(key) + len(key):]) for key in keys):
            return candidate
    return None
