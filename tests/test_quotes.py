"""Quotes and voice: constructed cases, and the seeds against the hand-coded gold set."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import constructed

from analysis.framing.quotes import find_quotes
from analysis.framing.voice import reporting_verbs, sentence_speakers, speaker_topics, voice_shares
from analysis.ingest.normalize import fold

GOLD = Path(__file__).resolve().parent / "gold" / "quotes_gold.csv"


def _quotes(text: str) -> pd.DataFrame:
    docs, sents, ments, syntax, actors = constructed(text)
    return find_quotes(syntax, sents, ments, docs, actors)


@pytest.mark.parametrize(
    "text, speaker, actor, verb",
    [
        ("\u201cThe ceasefire must hold,\u201d Lavrov said.", "Sergey Lavrov", "Russia", "say"),
        ("Cavusoglu said, \u201cWe are in agreement.\u201d", "Mevl\u00fct \u00c7avu\u015fo\u011flu", "Turkey", "say"),
        ("\u201cWe will not stop,\u201d said Assad.", "Bashar al-Assad", "Syrian government", "say"),
        ("\u201cThere is no solution,\u201d a Turkish official warned.", "a Turkish official", "Turkey", "warn"),
        ("\u201cAleppo will fall,\u201d according to Lavrov.", "Sergey Lavrov", "Russia", "accord"),
        ("\u201cThe talks failed,\u201d claimed John Smith.", "John Smith", "other", "claim"),
    ],
)
def test_direct_quote_attribution(text: str, speaker: str, actor: str, verb: str) -> None:
    q = _quotes(text)
    direct = q[q["kind"] == "direct"]
    assert len(direct) == 1
    row = direct.iloc[0]
    assert (row["speaker"], row["speaker_actor"], row["verb"]) == (speaker, actor, verb)
    assert text[row["start"] : row["end"]] == row["text"] and not row["text"].startswith("\u201c")


def test_split_quote_is_one_group_with_one_speaker() -> None:
    text = "\u201cWe are ready to talk,\u201d Lavrov said, \u201cbut not with terrorists.\u201d"
    q = _quotes(text)
    direct = q[q["kind"] == "direct"]
    assert len(direct) == 2 and direct["group"].nunique() == 1
    assert set(direct["speaker"]) == {"Sergey Lavrov"}


def test_pronoun_and_continuation_take_the_named_speaker() -> None:
    text = (
        "Foreign Minister Mevlut Cavusoglu spoke in Alanya. \u201cWe want peace,\u201d he said.\n\n"
        "\u201cThe war must end.\u201d"
    )
    q = _quotes(text)
    direct = q[q["kind"] == "direct"].reset_index(drop=True)
    assert list(direct["speaker_actor"]) == ["Turkey", "Turkey"]
    assert list(direct["how"]) == ["attribution (pronoun)", "continuation"]


def test_reported_speech_and_according_to() -> None:
    text = "Lavrov said that Russia would keep bombing. According to Cavusoglu, the talks went well."
    q = _quotes(text)
    rep = q[q["kind"] == "reported"].sort_values("start").reset_index(drop=True)
    assert list(rep["speaker_actor"]) == ["Russia", "Turkey"]
    assert list(rep["verb"]) == ["say", "accord"]
    assert "Russia would keep bombing" in rep.loc[0, "text"]


def test_scare_quote_is_not_speech() -> None:
    q = _quotes("The so-called \u201cmoderate\u201d groups left the city.")
    assert len(q) == 1 and not bool(q.iloc[0]["is_speech"])


@pytest.mark.parametrize("text", ["", "No quotes here at all."])
def test_no_quotes(text: str) -> None:
    if not text:
        from analysis.ingest.actors import load_actors

        empty = pd.DataFrame(columns=["doc_id", "sent_id", "para_id", "start", "end", "text", "is_title"])
        q = find_quotes(pd.DataFrame(), empty, pd.DataFrame(), pd.DataFrame(columns=["doc_id", "text"]), load_actors())
    else:
        q = _quotes(text)
    assert len(q) == 0


def test_voice_tables_on_a_constructed_outlet() -> None:
    text = (
        "\u201cRussia backs the regime,\u201d Cavusoglu said. \u201cTurkey is the aggressor,\u201d Lavrov claimed. "
        "Lavrov also said that Turkey must leave."
    )
    docs, sents, ments, syntax, actors = constructed(text)
    q = find_quotes(syntax, sents, ments, docs, actors)
    v = voice_shares(q, docs, sents).set_index("speaker_actor")
    assert v.loc["Turkey", "quoted_words"] == 4 and v.loc["Russia", "quoted_words"] == 4
    assert v["share_of_quoted"].sum() == pytest.approx(1.0)
    assert v.loc["Russia", "n_reported"] == 1
    rv = reporting_verbs(q, docs)
    assert set(rv[rv["speaker_actor"] == "Russia"]["verb"]) == {"claim", "say"}
    topics = speaker_topics(q, ments, docs)
    assert set(topics[topics["speaker_actor"] == "Russia"]["actor"]) == {"Turkey"}
    sp = sentence_speakers(q, sents)
    assert list(sp["speaker_actor"]) == ["Turkey", "Russia"]


# --- the seeds against the gold set --------------------------------------------------------


def _surname(name: str) -> str:
    words = re.sub(r"\b(?:al|el)-", "", fold(name)).replace("-", " ").split()
    return words[-1] if words else ""


def _same_speaker(gold: str, pred: str) -> bool:
    if gold == "unknown":
        return pred in ("", "unknown")
    if not pred:
        return False
    if _surname(gold) == _surname(pred):
        return True
    g, p = (
        set(fold(gold).split()) - {"the", "a", "an", "of", "from"},
        set(fold(pred).split()) - {"the", "a", "an", "of", "from"},
    )
    return len(g & p) / max(1, len(g | p)) >= 0.5


def evaluate_quotes(quotes: pd.DataFrame) -> dict:
    """Precision / recall of quoted speech (whole quotations and quoted fragments of reported speech,
    as the seeds' gold marks every quoted span; span overlap >= half the gold span) and speaker accuracy."""
    with open(GOLD, encoding="utf-8", newline="") as fh:
        gold = [r for r in csv.DictReader(fh) if r["is_speech"] == "true"]
    pred = quotes[quotes["kind"].isin(["direct", "partial"]) & quotes["is_speech"].astype(bool)]
    pred_rows = list(pred.itertuples(index=False))
    matched_pred: set[int] = set()
    misses, wrong_speaker, hits = [], [], 0
    for g in gold:
        gs, ge = int(g["start"]), int(g["end"])
        best = None
        for i, p in enumerate(pred_rows):
            if p.doc_id != g["doc_id"]:
                continue
            ov = max(0, min(ge, p.end) - max(gs, p.start))
            if ov >= 0.5 * (ge - gs) and (best is None or ov > best[0]):
                best = (ov, i)
        if best is None:
            misses.append(f"{g['doc_id'][:3]} {gs}-{ge} {g['text'][:50]!r}")
            continue
        matched_pred.add(best[1])
        p = pred_rows[best[1]]
        if _same_speaker(g["speaker"], p.speaker):
            hits += 1
        else:
            wrong_speaker.append(f"{g['doc_id'][:3]} {gs} gold {g['speaker']!r} got {p.speaker!r}")
    extra = [
        f"{p.doc_id[:3]} {p.start}-{p.end} {p.text[:50]!r}" for i, p in enumerate(pred_rows) if i not in matched_pred
    ]
    n_matched = len(gold) - len(misses)
    return {
        "precision": len(matched_pred) / max(1, len(pred_rows)),
        "recall": n_matched / len(gold),
        "speaker_accuracy": hits / max(1, n_matched),
        "n_gold": len(gold),
        "n_pred": len(pred_rows),
        "misses": misses,
        "extra": extra,
        "wrong_speaker": wrong_speaker,
    }


def test_quotes_against_gold(frame_run) -> None:
    r = evaluate_quotes(frame_run["quotes"])
    print(
        f"\nquotes: precision {r['precision']:.3f} recall {r['recall']:.3f} "
        f"speaker accuracy {r['speaker_accuracy']:.3f} (gold {r['n_gold']}, found {r['n_pred']})"
    )
    for kind in ("misses", "extra", "wrong_speaker"):
        for line in r[kind]:
            print(f"  {kind}: {line}")
    assert r["precision"] >= 0.9 and r["recall"] >= 0.9
    # 0.897 before issue 20 gave "he said" the reference resolver's answer; now 0.828 (24 of 29):
    # two of the seeds' pronoun speakers moved to a person named earlier (Kalin for "where he
    # declared" after "Yildirim's visit"; Lavrov for a "he" the annotator left unknown), while on
    # the news coref gold's development half the resolver gets 23 of 26 pronoun speakers right
    # against 15 of 26 (the method was chosen on that larger set; see bench/RESULTS.md)
    assert r["speaker_accuracy"] >= 0.82


def test_quoted_fragment_of_reported_speech_is_partial_with_its_clause() -> None:
    q = _quotes("Lavrov said the talks had been \u201cvery useful\u201d for both sides.")
    partial = q[q["kind"] == "partial"]
    reported = q[q["kind"] == "reported"]
    assert len(partial) == 1 and partial.iloc[0]["text"] == "very useful"
    assert len(reported) == 1 and "the talks had been" in reported.iloc[0]["text"]
    assert reported.iloc[0]["group"] == partial.iloc[0]["group"]
    assert set(q["speaker"]) == {"Sergey Lavrov"}


@pytest.mark.parametrize(
    ("text", "fragment", "clause"),
    [
        # a fragment opening the clause, or right after the verb, with the clause's words outside it
        (
            "\u201cI held and hugged\u201d grieving family members before laying flowers at a memorial, Lavrov said.",
            "I held and hugged",
            "grieving family members",
        ),
        (
            "Lavrov testified \u201cthousands\u201d of emails had not been turned over to the court.",
            "thousands",
            "had not been turned over",
        ),
    ],
)
def test_quoted_fragment_inside_the_reported_clause(text: str, fragment: str, clause: str) -> None:
    q = _quotes(text)
    partial, reported = q[q["kind"] == "partial"], q[q["kind"] == "reported"]
    assert list(partial["text"]) == [fragment]
    assert len(reported) == 1 and clause in reported.iloc[0]["text"]
    assert reported.iloc[0]["group"] == partial.iloc[0]["group"]


@pytest.mark.parametrize(
    "text",
    [
        "Lavrov said: \u201cThe talks were very useful for both sides.\u201d",
        "\u201cThe talks were very useful,\u201d Lavrov said on Monday in Moscow.",
        # a quotation split by its attribution is one direct quotation, not a fragment
        "\u201cThe talks,\u201d Lavrov said, \u201cwere very useful for both sides and for the region.\u201d",
    ],
)
def test_whole_quotation_stays_direct(text: str) -> None:
    q = _quotes(text)
    assert set(q["kind"]) == {"direct"}


def test_learned_cue_verb_gives_reported_speech() -> None:
    """ "criticized" is not in the hand list; it is a cue learned from PolNeAR's dev articles."""
    q = _quotes("Cavusoglu criticized the plan to arm the Kurdish militia.")
    assert "criticize" in set(q["verb"]) and (q["kind"] == "reported").any()


@pytest.mark.parametrize(
    "text, content, speaker, verb",
    [
        # a parenthetical verb reports the clause it sits in
        ("Aleppo, Lavrov said, would be taken within a week.", "would be taken within a week", "Sergey Lavrov", "say"),
        (
            "As Cavusoglu noted, the ceasefire held for three days.",
            "the ceasefire held",
            "Mevl\u00fct \u00c7avu\u015fo\u011flu",
            "note",
        ),
        # a passive's agent is the speaker, its subject what was reported
        ("The plan was first reported by Lavrov on Monday.", "The plan", "Sergey Lavrov", "report"),
        # the object of a learned verb + preposition ("called for", "referred to") is the content
        (
            "Cavusoglu called for a ceasefire in Aleppo.",
            "a ceasefire in Aleppo",
            "Mevl\u00fct \u00c7avu\u015fo\u011flu",
            "call",
        ),
        ("Lavrov referred to the talks in Geneva.", "the talks in Geneva", "Sergey Lavrov", "refer"),
        # a question verb's "if" / "whether" clause, hung as an adverbial clause
        ("Lavrov asked if the talks would go on.", "if the talks would go on", "Sergey Lavrov", "ask"),
    ],
)
def test_reported_speech_without_a_clause(text: str, content: str, speaker: str, verb: str) -> None:
    q = _quotes(text)
    assert len(q) == 1
    row = q.iloc[0]
    assert row["kind"] == "reported" and content in row["text"]
    assert (row["speaker"], row["verb"]) == (speaker, verb)


@pytest.mark.parametrize(
    "text",
    [
        "Lavrov said in a statement on Monday.",
        "Cavusoglu responded to the reports.",
        "It was reported by the agency.",
        "The Uranium One scandal refers to a deal approved in 2010.",
    ],
)
def test_a_reporting_verb_with_nothing_reported_is_no_attribution(text: str) -> None:
    """No clause, no learned preposition, a pronoun subject of the passive: nothing to attribute."""
    assert len(_quotes(text)) == 0


@pytest.mark.parametrize(
    "text, verb, content",
    [
        ("Lavrov wants to end the war in Syria.", "want", "to end the war in Syria"),
        ("Cavusoglu believes the ceasefire will hold.", "believe", "the ceasefire will hold"),
        ("Russian officials oppose the plan.", "oppose", "the plan"),
        ("Lavrov worried that the deal would fail.", "worry", "that the deal would fail"),
    ],
)
def test_a_cue_the_model_finds_gives_reported_speech(text: str, verb: str, content: str) -> None:
    q = _quotes(text)
    assert list(q["kind"]) == ["reported"] and list(q["verb"]) == [verb] and list(q["text"]) == [content]


@pytest.mark.parametrize(
    "text",
    [
        "Turkey signed a refugee deal with the EU.",
        "Cavusoglu walked to the car.",
        # the object feels, the subject causes it: neither is what is said nor who says it
        "The deal angered Moscow.",
        "Turkey's decision worried Russia.",
    ],
)
def test_an_action_is_no_attribution(text: str) -> None:
    assert len(_quotes(text)) == 0


def test_a_learned_cue_never_speaks_for_a_quotation() -> None:
    """The quotation's speaker comes from "said", not from the nearer "wants"."""
    q = _quotes("\u201cWe will stay,\u201d said Lavrov, who wants to end the war.")
    direct = q[q["kind"] == "direct"]
    assert list(direct["verb"]) == ["say"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the one person named before
        ("John Kirby spoke in Washington. \u201cWe are watching closely,\u201d he said.", "John Kirby"),
        # a woman named in between is not "he"
        ("John Kirby met Mary Harf in Washington. \u201cWe are watching closely,\u201d he said.", "John Kirby"),
        ("John Kirby met Mary Harf in Washington. \u201cWe are watching closely,\u201d she said.", "Mary Harf"),
        # a surname takes the gender of the full name; "Mr." gives one
        ("Mary Harf spoke. Harf and Mr. Toner left. \u201cWe are watching closely,\u201d he said.", "Toner"),
        # two men named before: the one who is a clause's subject
        ("John Kirby met Mark Toner in Washington. \u201cWe are watching closely,\u201d he said.", "John Kirby"),
        # two men, neither a subject: whom "he" means is not clear, so no speaker rather than a guess
        ("Reporters met John Kirby and Mark Toner. \u201cWe are watching closely,\u201d he said.", ""),
        # a name inside a quotation is what was said, not who says it
        ("John Kirby spoke. \u201cMark Toner erred,\u201d he said. \u201cWe will see,\u201d he added.", "John Kirby"),
        # the only person named in the six sentences before
        (
            "John Kirby spoke on Monday. The talks went on. The rain fell. The day ended. "
            "Nobody left. \u201cWe are watching closely,\u201d he said.",
            "John Kirby",
        ),
    ],
)
def test_pronoun_speaker_not_in_actor_file_takes_the_only_person_it_can_mean(text: str, speaker: str) -> None:
    """A "he"/"she" the resolver leaves unlinked takes the one person of a compatible gender the
    parser tagged outside quotation marks in the same or the two sentences before, else the one
    of them who is a subject, else the one in the six sentences before (on PolNeAR attributions
    the parser gave no speaker, read by a separate annotator: 27 of the 30 it names on the
    held-out half are right)."""
    docs, sents, ments, syntax, actors = constructed(text)
    refs = pd.DataFrame(columns=["doc_id", "start", "person", "actor"])
    q = find_quotes(syntax, sents, ments, docs, actors, references=refs)
    direct = q[q["kind"] == "direct"]
    assert len(direct) >= 1 and set(direct["speaker"]) == {speaker}
    assert set(direct["speaker_actor"]) == ({"other"} if speaker else {"unknown"})


@pytest.mark.parametrize(
    ("text", "speaker", "actor", "kind"),
    [
        # a headline-style attribution: the source before the colon
        ("Lavrov: Turkey and Russia agree on a ceasefire in Aleppo", "Sergey Lavrov", "Russia", "reported"),
        (
            "Erdogan: \u201cWe will never accept this plan for Syria.\u201d",
            "Recep Tayyip Erdo\u011fan",
            "Turkey",
            "direct",
        ),
        ("Poll: most Turks back the operation in northern Syria", "Poll", "other", "reported"),
    ],
)
def test_colon_attribution(text: str, speaker: str, actor: str, kind: str) -> None:
    q = _quotes(text)
    row = q[q["verb"] == ":"]
    assert len(row) == 1, q[["kind", "speaker", "verb", "text"]].to_dict("records")
    assert (row.iloc[0]["speaker"], row.iloc[0]["speaker_actor"], row.iloc[0]["kind"]) == (speaker, actor, kind)


@pytest.mark.parametrize(
    "text",
    [
        "Update: the talks in Moscow resumed on Tuesday afternoon.",  # a rubric, nobody's words
        "Editor’s note: the talks in Moscow resumed on Tuesday afternoon.",  # a rubric with its possessive
        "WASHINGTON: the talks in Moscow resumed on Tuesday afternoon.",  # a dateline
        "Lavrov: yes.",  # too short to be a statement
        "He said three things: the talks resumed, the ceasefire held and aid arrived.",  # a verb before
    ],
)
def test_colon_that_is_no_attribution(text: str) -> None:
    assert (_quotes(text)["verb"] != ":").all()


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        (
            "\u201cEverything that you said has overlapped with what I said,\u201d the judge exclaimed.",
            "the judge",
            "exclaim",
        ),
        ("\u201cThe talks in Moscow went on all night,\u201d Lavrov continued.", "Sergey Lavrov", "continue"),
        (
            "As Professor Foner put it: \u201cThe country does a better job at accepting immigrants.\u201d",
            "Professor Foner",
            "put",
        ),
    ],
)
def test_verbs_of_speaking_attribute_a_whole_quotation(text: str, speaker: str, verb: str) -> None:
    direct = _quotes(text)
    direct = direct[direct["kind"] == "direct"]
    assert list(zip(direct["speaker"], direct["verb"])) == [(speaker, verb)]


def test_verbs_of_speaking_do_not_attribute_a_fragment() -> None:
    """'continuing to "engage in malign influence"': a fragment, and "continue" no reporting verb."""
    q = _quotes("Officials said Russia was continuing to \u201cengage in malign foreign influence\u201d in Europe.")
    assert "continue" not in set(q["verb"])


def test_an_opening_in_a_poll_is_the_source_of_its_clause() -> None:
    q = _quotes("In a CNN national poll, Clinton held a 24-point lead among black voters.")
    rows = q[q["verb"] == "in"]
    assert list(zip(rows["speaker"], rows["text"])) == [
        ("a CNN national poll", "Clinton held a 24-point lead among black voters")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In Aleppo, the fighting resumed on Tuesday after the talks failed.",  # a place
        "The lead held in a CNN national poll, which was released on Tuesday.",  # not opening the sentence
    ],
)
def test_an_in_phrase_that_is_no_source(text: str) -> None:
    assert "in" not in set(_quotes(text)["verb"])


def test_transcript_turns_are_their_speakers_words() -> None:
    """An interview's "Q:"/"A:" (or "AMY GOODMAN:") labels: each turn, to its paragraph's end,
    is its speaker's."""
    q = _quotes("Q: Did the government help you?\n\nA: No, no one did. No one called me back.\n\nQ: Why not?")
    turns = q[q["verb"] == ":"]
    assert list(zip(turns["speaker"], turns["text"])) == [
        ("Q", "Did the government help you"),
        ("A", "No, no one did. No one called me back"),
        ("Q", "Why not"),
    ]


def test_one_label_is_no_transcript() -> None:
    """One capitalised word and a colon opening the article is a dateline, not a speaker."""
    assert (_quotes("NEW DELHI: The talks resumed on Tuesday.\n\nThe minister spoke later.")["verb"] != ":").all()


def test_two_apostrophe_quotation_marks() -> None:
    """The NYT archive's ''...'' marks a quotation as '"' does."""
    q = _quotes("''We are ready to talk,'' Lavrov said.")
    direct = q[q["kind"] == "direct"]
    assert list(direct["text"]) == ["We are ready to talk,"] and list(direct["speaker"]) == ["Sergey Lavrov"]


@pytest.mark.parametrize(
    ("words", "k", "v", "expected"),
    [
        # "Lavrov, who said ...": the relative clause's head
        (
            [("Lavrov", "PROPN", "nsubj", 0), ("who", "PRON", "nsubj", 2, "who"), ("said", "VERB", "relcl", 0, "say")],
            1,
            2,
            0,
        ),
        # through an xcomp: "officials who went on to say"
        (
            [
                ("officials", "NOUN", "ROOT", 0),
                ("who", "PRON", "nsubj", 2),
                ("went", "VERB", "relcl", 0),
                ("say", "VERB", "xcomp", 2),
            ],
            1,
            3,
            0,
        ),
        # no relative clause above the verb: not a relative pronoun's antecedent
        ([("who", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1, "say")], 0, 1, None),
        # not a relative pronoun at all
        ([("Lavrov", "PROPN", "nsubj", 1), ("said", "VERB", "ROOT", 1, "say")], 0, 1, None),
        # "signed a deal in March, which aimed to ...": hung from the date, it stands for the object
        (
            [
                ("Turkey", "PROPN", "nsubj", 1),
                ("signed", "VERB", "ROOT", 1, "sign"),
                ("deal", "NOUN", "dobj", 1),
                ("in", "ADP", "prep", 1),
                ("March", "PROPN", "pobj", 3, "march", "DATE"),
                ("which", "PRON", "nsubj", 6),
                ("aimed", "VERB", "relcl", 4, "aim"),
            ],
            5,
            6,
            2,
        ),
        # ... and where the verb has no object before the date, nobody
        (
            [
                ("Talks", "NOUN", "nsubj", 1),
                ("began", "VERB", "ROOT", 1, "begin"),
                ("in", "ADP", "prep", 1),
                ("March", "PROPN", "pobj", 2, "march", "DATE"),
                ("which", "PRON", "nsubj", 5),
                ("aimed", "VERB", "relcl", 3, "aim"),
            ],
            4,
            5,
            None,
        ),
    ],
)
def test_relative_pronoun_speakers(words: list, k: int, v: int, expected: int | None) -> None:
    from conftest import hand_parsed

    from analysis.framing.speakers import relative_antecedent

    s = hand_parsed(words)
    s.tag[:] = ["WP" if w[0] == "who" else "WDT" if w[0] == "which" else "NN" for w in words]
    assert relative_antecedent(s, k, v) == expected


@pytest.mark.parametrize(
    ("text", "speaker", "how"),
    [
        # a quantifier or a demonstrative names its speakers as a noun phrase does
        ("Some of those surveyed said that the plan had failed.", "Some of those surveyed", "attribution"),
        ("Many in the party believe that the deal will collapse.", "Many in the party", "attribution"),
        ("Those who voted for him said the economy was strong.", "Those who voted for him", "attribution"),
        ("Everyone agreed that the talks had failed.", "Everyone", "attribution"),
        # a personal pronoun nothing resolves stays unknown
        ("They said that the plan had failed.", "", "attribution (pronoun)"),
    ],
)
def test_a_quantifier_subject_is_its_own_speaker(text: str, speaker: str, how: str) -> None:
    rep = _quotes(text)
    assert rep[["kind", "speaker", "how"]].values.tolist() == [["reported", speaker, how]]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "they": the plural subject of a noun that speaks in news, in its sentence or the one before
        ("Republican leaders met on Monday. They said the bill would pass.", "Republican leaders"),
        # "it": a singular one, in its own sentence only
        ("The State Department reviewed the case, and it said the talks had failed.", "The State Department"),
        # nothing that speaks, or too far back: no speaker
        ("Snow storms hit the city on Monday. They said the bill would pass.", ""),
        ("Senate Democrats met on Monday. The vote was close. They said the bill would pass.", ""),
        ("The report came out on Monday. It said the talks had failed.", ""),
        # a dummy "it" stands for nothing
        ("The State Department met, and it was reported that the talks had failed.", ""),
    ],
)
def test_they_and_it_speakers_are_the_subject_before(text: str, speaker: str) -> None:
    """A "they"/"it" the resolver links to no actor takes the agreeing subject named just before,
    where it is a noun that speaks in news (tests/gold/pronoun_speakers/they_cases.csv: 16 of 18
    right on the held-out half)."""
    docs, sents, ments, syntax, actors = constructed(text)
    refs = pd.DataFrame(columns=["doc_id", "start", "person", "actor"])
    rep = find_quotes(syntax, sents, ments, docs, actors, references=refs)
    assert rep["speaker"].tolist() == [speaker]
    assert rep["how"].tolist() == ["attribution (pronoun, subject before)" if speaker else "attribution (pronoun)"]


def test_the_nouns_that_speak_are_read() -> None:
    from analysis.framing.subject_pronouns import speaker_nouns

    assert {"official", "poll", "campaign"} <= speaker_nouns() and "storm" not in speaker_nouns()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a relative clause set off by a comma describes the speaker: the phrase ends before it
        ("The sergeant, who has worked at the station for four years, said the plan had failed.", "The sergeant"),
        ("Two U.S. officials, who spoke on condition of anonymity, said the plan had failed.", "Two U.S. officials"),
        # one that picks the speakers out stays
        ("People who identify with the party said the plan had failed.", "People who identify with the party"),
    ],
)
def test_a_speaker_phrase_leaves_out_a_relative_clause_set_off_by_commas(text: str, speaker: str) -> None:
    assert _quotes(text)["speaker"].tolist() == [speaker]


def test_a_relative_pronoun_speaker_is_its_antecedent() -> None:
    text = "The talks were led by Lavrov, who said the ceasefire would hold."
    q = _quotes(text)
    rep = q[q["kind"] == "reported"]
    assert rep["speaker"].tolist() == ["Sergey Lavrov"] and rep["speaker_actor"].tolist() == ["Russia"]
    a, b = int(rep["attribution_start"].iloc[0]), int(rep["attribution_end"].iloc[0])
    assert "who said" in text[a:b]  # the span shows the words as written


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the dateline is no speaker: the subject set after its dash is
        ("LA CROSSE, Wisc. \u2014 Gov. Mike Pence said on Thursday that the media had erred.", "Gov. Mike Pence"),
        ("CLEVELAND, July 19 (UPI) \u2014 Michael Mukasey told delegates that the law was broken.", "Michael Mukasey"),
        # an acronym that opens a paragraph with an apposition is a speaker, not a dateline
        ("NATO, the alliance of 30 nations, said on Monday that the talks had failed.", "NATO"),
        ("NATO said on Monday that the talks had failed.", "NATO"),
    ],
)
def test_dateline_is_never_the_speaker(text: str, speaker: str) -> None:
    q = _quotes(text)
    assert len(q) >= 1
    assert set(q["speaker"]) == {speaker}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a gerund after "by", "before", "after": the subject of the verb it modifies speaks
        ("John Smith surprised the critics by saying that the plan had worked.", "John Smith"),
        ("John Smith left the hall before adding that the plan had worked.", "John Smith"),
        # an infinitive after an adjective: the adjective's subject
        ("John Smith was quick to point out that the plan had worked.", "John Smith"),
        # after "for" or "of": the person the verb is aimed at, else its subject
        ("Mary Jones chastised John Smith for saying that the water was safe.", "John Smith"),
        ("John Smith has been taking heat for saying that the water was safe.", "John Smith"),
        # "it is too early to say": nobody says it
        ("It is too early to say that the plan has worked.", ""),
    ],
)
def test_speaker_of_a_gerund_or_an_infinitive_is_the_governing_subject(text: str, speaker: str) -> None:
    q = _quotes(text)
    reported = q[(q["kind"] == "reported") & q["text"].str.startswith("that")]  # the gerund's clause
    assert len(reported) == 1
    assert reported["speaker"].iloc[0] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the paragraph before ends with a reporting verb and a colon: its subject speaks
        ("John Smith responded:\n\n\u201cThe plan is wrong and it will fail.\u201d", "John Smith"),
        # a colon with no reporting verb before it gives no speaker
        ("The plan has three parts:\n\n\u201cThe plan is wrong and it will fail.\u201d", ""),
        # text between the colon and the quotation: not its introduction
        ("John Smith responded:\n\nThe hall was quiet. \u201cThe plan is wrong and it will fail.\u201d", ""),
    ],
)
def test_quotation_after_a_colon_paragraph(text: str, speaker: str) -> None:
    q = _quotes(text)
    direct = q[q["kind"] == "direct"]
    assert len(direct) == 1
    assert direct["speaker"].iloc[0] == speaker


def test_a_misparsed_name_speaks_in_a_whole_article() -> None:
    q = _quotes(
        "\u201cHaving access to the file is valuable,\u201d said Skelly, explaining that he had worked with them."
    )
    direct = q[q["kind"] == "direct"]
    assert direct["speaker"].tolist() == ["Skelly"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald Trump", "Donald Trump"),
        ("Trump", "Donald Trump"),  # a surname alone
        ("Mr. Trump", "Donald Trump"),  # after an honorific
        ("President Donald J. Trump", "Donald Trump"),  # a title and an initial
        ("Vice President Donald Trump", "Donald Trump"),
        ("Vanessa Trump", None),  # another given name: someone else of that surname
        ("Donald Trump Jr.", None),
        ("Bill Clinton", None),
        ("Hillary Rodham Clinton", "Hillary Clinton"),  # one given name of the listed person
        ("Donnie Trump", "Donald Trump"),  # given names compared by their first three letters ("Sergei" / "Sergey")
        ("", None),
    ],
)
def test_speaker_lookup_by_surname_respects_given_names(tmp_path: Path, name: str, expected: str | None) -> None:
    from analysis.framing.speakers import SpeakerResolver
    from analysis.ingest.actors import load_actors

    f = tmp_path / "actors.toml"
    f.write_text(
        '[[actor]]\nid = "Trump"\npeople = [{ name = "Donald Trump", aliases = ["Trump"] }]\n\n'
        '[[actor]]\nid = "Clinton"\npeople = [{ name = "Hillary Clinton" }]\n',
        encoding="utf-8",
    )
    res = SpeakerResolver(load_actors(f), pd.DataFrame(columns=["kind", "doc_id", "counted", "start", "end", "actor"]))
    hit = res.lookup(name)
    assert (hit[1] if hit else None) == expected
