"""Labels: constructed noun phrases, and the seeds against the hand-coded gold set."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import constructed, hand_parsed

from analysis.compare.distinctive import distinctive_labels
from analysis.framing.labels import find_labels, label_counts

GOLD = Path(__file__).resolve().parent / "gold" / "labels_gold.csv"


def _labels(text: str) -> pd.DataFrame:
    docs, sents, ments, syntax, actors = constructed(text)
    return find_labels(syntax, ments, sents, docs, actors)


@pytest.mark.parametrize(
    "text, actor, kind, descriptor",
    [
        ("The Syrian dictator Bashar al-Assad spoke on Monday.", "Syrian government", "title", "Syrian dictator"),
        ("President Bashar Assad spoke.", "Syrian government", "title", "President"),
        ("The Kremlin-backed army advanced.", "Russia", "head_noun", "army"),
        ("Russian-backed government forces advanced.", "Syrian government", "backed", "Russian-backed"),
        ("Sergei Lavrov, Russia's foreign minister, arrived.", "Russia", "apposition", "Russia's foreign minister"),
        ("Turkish officials denied it.", "Turkey", "head_noun", "officials"),
        ("NATO member Turkey objected.", "Turkey", "premodifier", "NATO member"),
        ("The Assad regime bombed Aleppo.", "Syrian government", "head_noun", "regime"),
        ("Assad spoke. The regime bombed Aleppo.", "Syrian government", "evaluative", "regime"),
        ("The rebels held out. Moscow called them terrorists.", "Syrian opposition", "evaluative", "terrorists"),
    ],
)
def test_descriptor_kinds(text: str, actor: str, kind: str, descriptor: str) -> None:
    lab = _labels(text)
    rows = lab[(lab["actor"] == actor) & (lab["kind"] == kind)]
    assert descriptor in set(rows["descriptor"]), lab[["actor", "kind", "descriptor"]].to_dict("records")
    for r in lab.itertuples():
        assert text[r.start : r.end] == r.descriptor and text[r.mention_start : r.mention_end] == r.mention


@pytest.mark.parametrize(
    ("text", "actor", "term", "standalone"),
    [
        ("The regime bombed Aleppo.", "Syrian government", "regime", True),
        ("Moscow called the rebels terrorists.", "Syrian opposition", "rebels", False),
    ],
)
def test_stand_alone_labels_are_marked(text: str, actor: str, term: str, standalone: bool) -> None:
    lab = _labels(text)
    rows = lab[(lab["actor"] == actor) & (lab["term"] == term)]
    assert len(rows) and rows["standalone"].eq(standalone).all(), lab.to_dict("records")


@pytest.mark.parametrize(
    ("text", "actor", "term", "names_actor"),
    [
        ("The rebels retreated as rebel areas came under fire.", "Syrian opposition", "areas", False),
        ("Turkish troops crossed the border.", "Turkey", "troops", True),
        ("Turkish officials denied it.", "Turkey", "officials", True),
        ("The Turkish offensive went on.", "Turkey", "offensive", False),
    ],
)
def test_head_nouns_name_the_actor_or_something_else(text: str, actor: str, term: str, names_actor: bool) -> None:
    lab = _labels(text)
    rows = lab[(lab["actor"] == actor) & (lab["term"] == term)]
    assert len(rows) and rows["names_actor"].eq(names_actor).all(), lab.to_dict("records")
    counted = label_counts(lab, pd.DataFrame({"doc_id": lab["doc_id"].unique(), "outlet": "X"}))
    assert (term in set(counted["term"])) is names_actor


MUELLER = Path(__file__).resolve().parent / "data" / "mueller_actors.toml"


@pytest.mark.parametrize(
    ("text", "actor", "present", "absent"),
    [
        # a title inside an alias is still a title the outlet gives him
        ("President Trump signed the order.", "Trump", {"president"}, set()),
        ("Trump signed the order.", "Trump", set(), {"president"}),
        # a party-state tag the parser splits into pieces is never a label
        ("Speaker Nancy Pelosi (D-Calif.) blamed the Democrats.", "Democrats", set(), {"d", "calif", "calif."}),
        # quantifiers count people, they do not label them
        ("Many Democrats objected, and some Democrats walked out.", "Democrats", set(), {"many", "some"}),
        ("Moderate Democrats objected.", "Democrats", {"moderate"}, set()),
        # an abbreviated title is counted written out
        ("Democratic Sen. Chuck Schumer objected.", "Democrats", {"senator"}, {"sen", "sen."}),
    ],
)
def test_us_house_style_labels(text: str, actor: str, present: set[str], absent: set[str]) -> None:
    docs, sents, ments, syntax, actors = constructed(text, enable=(), actor_file=MUELLER)
    lab = find_labels(syntax, ments, sents, docs, actors)
    terms = set(lab.loc[lab["actor"] == actor, "term"])
    assert present <= terms and not (absent & terms), lab[["actor", "kind", "term"]].to_dict("records")


@pytest.mark.parametrize(
    ("text", "term", "counted"),
    [
        # where a party member is from is no label of the party; what the outlet calls it is
        ("Texas Democrats objected to the bill.", "texas", False),
        ("Moderate Democrats objected to the bill.", "moderate", True),
    ],
)
def test_a_place_before_the_name_is_no_label(text: str, term: str, counted: bool) -> None:
    docs, sents, ments, syntax, actors = constructed(text, enable=(), actor_file=MUELLER)
    lab = find_labels(syntax, ments, sents, docs, actors)
    rows = lab[(lab["actor"] == "Democrats") & (lab["term"] == term)]
    assert len(rows) == 1 and bool(rows["names_actor"].iloc[0]) is counted, lab[["actor", "kind", "term"]].to_dict(
        "records"
    )
    counts = label_counts(lab, pd.DataFrame({"doc_id": lab["doc_id"].unique(), "outlet": "X"}))
    assert (term in set(counts["term"])) is counted


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Lavrov arrived in Ankara on Monday.",
        "Sen. Lindsey Graham (R-S.C.) met Mr. Lavrov.",
        "Russia's Mr. Lavrov spoke, and Dr. Lavrov answered.",
    ],
)
def test_honorifics_and_party_tags_are_never_labels(text: str) -> None:
    lab = _labels(text)
    terms = set(lab["term"])
    assert not {t for t in terms if t.rstrip(".") in {"mr", "mrs", "ms", "dr"} or "r-s.c" in t}, terms


@pytest.mark.parametrize("text", ["", "Nobody is named here."])
def test_no_labels(text: str) -> None:
    if text:
        assert len(_labels(text)) == 0
    else:
        from analysis.ingest.actors import load_actors

        assert (
            len(
                find_labels(
                    pd.DataFrame(),
                    pd.DataFrame(),
                    pd.DataFrame(),
                    pd.DataFrame(columns=["doc_id", "text"]),
                    load_actors(),
                )
            )
            == 0
        )


def test_counts_and_distinctive_labels() -> None:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"]})
    labels = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "actor": "Syrian government",
            "kind": ["evaluative", "evaluative", "title", "title"],
            "term": ["regime", "regime", "president", "president"],
            "evaluative": [True, True, False, False],
        }
    )
    c = label_counts(labels, docs).set_index(["outlet", "term"])
    assert c.loc[("A", "regime"), "n"] == 2 and c.loc[("A", "regime"), "share"] == pytest.approx(2 / 3)
    fw = distinctive_labels(labels, docs)
    top_a = fw[(fw["group"] == "A")].sort_values("rank").iloc[0]
    assert top_a["term"] == "regime" and top_a["z"] > 0
    assert len(label_counts(labels.iloc[:0], docs)) == 0 and len(distinctive_labels(labels.iloc[:0], docs)) == 0


def evaluate_labels(labels: pd.DataFrame) -> dict:
    """Recall of gold descriptors: same document and actor, overlapping descriptor span."""
    with open(GOLD, encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    by_doc = dict(iter(labels.groupby(["doc_id", "actor"])))  # dict(groupby) would call GroupBy.keys
    misses, found = [], 0
    for g in gold:
        a, b = int(g["descriptor_start"]), int(g["descriptor_end"])
        cand = by_doc.get((g["doc_id"], g["actor"]))
        if cand is not None and ((cand["start"] < b) & (cand["end"] > a)).any():
            found += 1
        else:
            misses.append(f"{g['doc_id'][:3]} {g['actor']}: {g['mention']!r} {g['kind']} {g['descriptor']!r}")
    gold_spans = {(g["doc_id"], g["actor"], int(g["descriptor_start"]), int(g["descriptor_end"])) for g in gold}
    extra = [
        f"{r.doc_id[:3]} {r.actor}: {r.mention!r} {r.kind} {r.descriptor!r}"
        for r in labels.itertuples()
        if not any(d == r.doc_id and act == r.actor and s < r.end and r.start < e for d, act, s, e in gold_spans)
    ]
    return {
        "recall": found / len(gold),
        "n_gold": len(gold),
        "precision": 1 - len(extra) / max(1, len(labels)),
        "n_found": len(labels),
        "misses": misses,
        "extra": extra,
    }


def test_labels_against_gold(frame_run) -> None:
    labels = frame_run["labels"]
    labels = labels[labels["actor"] != "United States"]
    r = evaluate_labels(labels)
    print(
        f"\nlabels: recall {r['recall']:.3f} of {r['n_gold']} gold descriptors; "
        f"precision {r['precision']:.3f} of {r['n_found']} found"
    )
    for line in r["misses"]:
        print(f"  miss: {line}")
    for line in r["extra"]:
        print(f"  extra: {line}")
    assert r["recall"] >= 0.8


@pytest.mark.parametrize(
    ("words", "mention", "kind", "expected"),
    [
        # the parser took the name for a common noun: the name is no label of its bearer
        ([("Trump", "NOUN", "nsubj", 1), ("spoke", "VERB", "ROOT", 1)], [0], "person", []),
        # a labelling noun that opens the sentence stays one
        ([("Rebels", "NOUN", "nsubj", 1), ("retreated", "VERB", "ROOT", 1)], [0], "name", [("evaluative", "Rebels")]),
        # a hashtag mark in front of the name is no premodifier
        ([("#", "NOUN", "compound", 1), ("Trump", "PROPN", "nsubj", 2), ("won", "VERB", "ROOT", 2)], [1], "person", []),
    ],
)
def test_names_and_marks_are_no_labels(words, mention, kind, expected) -> None:
    from analysis.framing.labels import descriptors_of

    s = hand_parsed(words)
    got = [(k, " ".join(s.text[t] for t in toks)) for k, toks in descriptors_of(s, mention, kind=kind)]
    assert got == expected


@pytest.mark.parametrize(
    ("words", "person", "expected"),
    [
        # a person's name beside the actor is someone of their own, not a label
        ([("Kevin", "PROPN", "compound", 1), ("McCarthy", "PROPN", "appos", 1)], True, True),
        # a proper noun that is no person ("Senate") may be a label
        ([("Senate", "PROPN", "compound", 0)], False, False),
        ([("running", "VERB", "amod", 1), ("mate", "NOUN", "appos", 1)], False, False),
        # misparses: a pronoun or a verb as the descriptor's head
        ([("it", "PRON", "appos", 0)], False, True),
        ([("assails", "VERB", "appos", 0)], False, True),
        ([], False, False),  # nothing: nothing to refuse
    ],
)
def test_someone_else_is_no_label(words: list, person: bool, expected: bool) -> None:
    from analysis.framing.labels import _someone_else

    s = hand_parsed(words or [("x", "NOUN", "ROOT", 0)])
    if person:
        s.ent_type[:] = ["PERSON"] * len(s)
    assert _someone_else(s, list(range(len(words)))) is expected
