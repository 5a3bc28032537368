"""Pronouns resolved to actors (analysis.mentions.resolve, entities, references): each kind of
pronoun, quotations ("I" is the speaker, "we" the side a speaker speaks for), competitors that
keep a pronoun away from an actor, and the empty cases."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.actors import load_actors
from analysis.mentions.entities import first_name_gender
from analysis.mentions.matching import find_mentions
from analysis.mentions.references import REFERENCE_COLUMNS, find_references
from analysis.text.sentences import doc_quote_spans, split_sentences
from analysis.text.syntax import parse_sentences

ACTORS = """
[[actor]]
id = "Trump"
people = [{ name = "Donald Trump", aliases = ["Trump"] }]

[[actor]]
id = "Clinton"
people = [{ name = "Hillary Clinton", aliases = ["Clinton", "Mrs. Clinton"] }]

[[actor]]
id = "Republicans"
names = ["Republicans", "Republican Party"]

[[actor]]
id = "Walmart"
names = ["Walmart"]

[[actor]]
id = "Turkey"
names = ["Turkey"]
people = [{ name = "Mevlut Cavusoglu", aliases = ["Cavusoglu"] }]
"""


def _references(text: str, tmp_path: Path) -> pd.DataFrame:
    (tmp_path / "actors.toml").write_text(ACTORS, encoding="utf-8")
    actors = load_actors(tmp_path / "actors.toml")
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    paras = pd.DataFrame(
        {"doc_id": "d", "para_id": range(len(spans)), "start": [a for a, _ in spans], "end": [b for _, b in spans]}
    ).assign(is_title=False)
    sents = split_sentences(docs, paras, train=False)
    ments = find_mentions(docs, sents, actors)
    refs = find_references(parse_sentences(sents), sents, ments, docs, actors, quotes=doc_quote_spans(docs, sents))
    for r in refs.itertuples():
        assert text[r.start : r.end] == r.surface
        if r.antecedent_start >= 0:
            assert text[r.antecedent_start : r.antecedent_end] == r.antecedent
    return refs


def _pairs(refs: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(refs["surface"], refs["actor"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # personal and possessive pronouns, the most salient agreeing person
        ("Donald Trump spoke on Monday. He said his plan would work.", [("He", "Trump"), ("his", "Trump")]),
        # gender from the honorific keeps "she" away from Trump
        ("Mrs. Clinton met Trump. She said the talks went well.", [("She", "Clinton")]),
        # an organisation is "it"; a plural party name is "they"
        ("Walmart cut prices. It said its sales rose.", [("It", "Walmart"), ("its", "Walmart")]),
        (
            "Republicans met on Monday. They said their bill would pass.",
            [("They", "Republicans"), ("their", "Republicans")],
        ),
        # a pronoun that opens the sentence before the name (cataphora)
        ("Before he spoke, Trump waved to the crowd.", [("he", "Trump")]),
        # ... also where someone else was named before: the subject the fronted phrase leads to
        ("Joe Biden spoke on Monday. On his way to the rally, Trump waved to the crowd.", [("his", "Trump")]),
        # a possessive in the object of its verb: that verb's subject, however often another was named
        (
            "Joe Biden spoke on Monday. Biden praised the plan. Biden said the talks went well. "
            "Trump then defended his record.",
            [("his", "Trump")],
        ),
        # the object of a clause that shares its subject with the main verb is not that subject
        (
            "Trump spoke in Ohio. Trump thanked Cavusoglu on Monday, describing him as a friend.",
            [("him", "Turkey")],
        ),
    ],
)
def test_pronoun_kinds(text: str, expected: list[tuple[str, str]], tmp_path: Path) -> None:
    refs = _references(text, tmp_path)
    assert _pairs(refs) == expected
    assert refs["confidence"].between(0, 1).all() and set(refs["kind"]) == {"pronoun"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "him" as the object of Trump's own verb is not Trump; no other person: unresolved
        ("Trump praised him on Monday.", []),
        # an unnamed person is the more salient antecedent: "he" is the lawyer, not Trump
        ("Trump left early. A lawyer arrived later, and he said nothing.", []),
        # "they" after two actors joined: both, not either
        ("Trump and Clinton met on Monday. They agreed on nothing.", []),
        # pleonastic "it"
        ("Walmart cut prices. It is clear that shoppers noticed.", []),
        # nobody named: nothing to resolve to
        ("He said it would rain.", []),
        ("", []),
    ],
)
def test_pronouns_left_alone(text: str, expected: list[tuple[str, str]], tmp_path: Path) -> None:
    if not text:
        (tmp_path / "actors.toml").write_text(ACTORS, encoding="utf-8")
        empty = pd.DataFrame(columns=["doc_id", "text"])
        refs = find_references(
            pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), empty, load_actors(tmp_path / "actors.toml")
        )
        assert list(refs.columns) == REFERENCE_COLUMNS and len(refs) == 0
        return
    assert _pairs(_references(text, tmp_path)) == expected


def test_quotations_first_person_is_the_speaker(tmp_path: Path) -> None:
    text = (
        "Trump spoke in Ohio on Monday. “I will win this state,” he said. "
        "Cavusoglu answered him. “We want a ceasefire,” Cavusoglu said."
    )
    refs = _references(text, tmp_path).set_index("surface")
    assert refs.loc["I", "actor"] == "Trump" and refs.loc["I", "rule"] == "quote_speaker"
    assert refs.loc["I", "antecedent"] == "he" and bool(refs.loc["I", "in_quote"])
    assert refs.loc["We", "actor"] == "Turkey"  # a person speaking for a country: "we" is the country
    assert refs.loc["he", "actor"] == "Trump"


def test_an_organisations_we_is_itself(tmp_path: Path) -> None:
    text = "Walmart answered on Monday. “We regret the error and our stores will change,” Walmart said."
    refs = _references(text, tmp_path).set_index("surface")
    assert refs.loc["We", "actor"] == "Walmart" and refs.loc["our", "actor"] == "Walmart"
    assert (refs["rule"] == "quote_speaker").all()
    # a person speaking for no actor has no "we"; a person actor's own "we" is not the person
    refs = _pairs(_references("“We regret it,” Trump said on Monday.", tmp_path))
    assert not any(surface == "We" for surface, _ in refs)


def test_third_person_in_a_quote_is_not_the_speaker(tmp_path: Path) -> None:
    text = "Trump met Clinton on Monday. “He is wrong about everything,” Clinton said."
    refs = _references(text, tmp_path)
    assert ("He", "Clinton") not in _pairs(refs)


def test_speaker_of_a_quotation_before_the_next_paragraph(tmp_path: Path) -> None:
    # the speaker is the "Clinton said" before the quotation, not the "Trump did not say" after it
    text = (
        "“Trump moved the goal posts,” Clinton said. “He said he would cut taxes.”\n\n"
        "Later, Trump did not say it again."
    )
    assert _pairs(_references(text, tmp_path)) == [("He", "Trump"), ("he", "Trump")]


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Bernie Sanders", "m"), ("Hillary Clinton", "f"), ("Sanders", ""), ("Zzyzx Smith", ""), ("", "")],
)
def test_first_name_gender(name: str, gender: str) -> None:
    assert first_name_gender(name) == gender


def test_first_name_gender_keeps_she_from_a_man(tmp_path: Path) -> None:
    # Sanders is the more salient subject, but "Bernie" is a man's name: "She" is Clinton
    text = "Bernie Sanders spoke before Hillary Clinton on Monday. She said her plan was better."
    assert _pairs(_references(text, tmp_path)) == [("She", "Clinton"), ("her", "Clinton")]


def test_actor_named_once(tmp_path: Path) -> None:
    text = "Hillary Clinton arrived in Iowa. She toured a farm. Later she spoke to farmers about her plan."
    assert _pairs(_references(text, tmp_path)) == [("She", "Clinton"), ("she", "Clinton"), ("her", "Clinton")]


def test_with_references_adds_only_sentences_that_do_not_name_the_actor(tmp_path: Path) -> None:
    from analysis.mentions.references import with_references

    text = "Donald Trump spoke on Monday, and his aides cheered. He said his plan would work."
    refs = _references(text, tmp_path)
    assert _pairs(refs) == [("his", "Trump"), ("He", "Trump"), ("his", "Trump")]
    (tmp_path / "actors.toml").write_text(ACTORS, encoding="utf-8")
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = split_sentences(
        docs,
        pd.DataFrame({"doc_id": ["d"], "para_id": [0], "start": [0], "end": [len(text)], "is_title": [False]}),
        train=False,
    )
    ments = find_mentions(docs, sents, load_actors(tmp_path / "actors.toml"))
    targets = with_references(ments, refs)
    added = targets.iloc[len(ments) :]
    # sentence 0 names Trump: its "his" is not added; sentence 1 only refers to him: both pronouns are
    assert added["surface"].tolist() == ["He", "his"] and set(added["kind"]) == {"pronoun"}
    assert added["possessive"].tolist() == [False, True] and added["counted"].all()
    assert with_references(ments, None) is ments and with_references(ments, refs.iloc[:0]) is ments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title written before the name, repeated as a description
        ("President Trump arrived on Monday. The president said little.", [("The president", "Trump")]),
        ("Sen. Ted Cruz spoke first. Trump answered, and the senator left.", []),  # Cruz is not an actor
        # a kind of body: the most recent organisation
        ("Walmart Inc. cut prices on Monday. The company said sales rose.", [("The company", "Walmart")]),
        # a phrase that names someone else, or holds a name, is left alone
        ("President Trump arrived. The president of France left.", []),
        ("Walmart cut prices. Amazon's company grew.", []),
        # a noun written before the name, outside the title list
        ("Special counsel Donald Trump spoke. Later the special counsel left.", [("the special counsel", "Trump")]),
        # an apposition, then the same noun
        ("Donald Trump, a billionaire, spoke. Voters cheered the billionaire.", [("the billionaire", "Trump")]),
        # the most recent person described with the noun wins, and only one described with it
        (
            "Donald Trump, a candidate, spoke. Joe Smith, a candidate, answered. The candidate left.",
            [],
        ),
        # "former" is kept apart: a former president is not "the president"
        ("Former President Donald Trump spoke. The president was absent.", []),
        ("Former President Donald Trump spoke. The former president left.", [("The former president", "Trump")]),
        # the generic head of an organisation's name, and a synonym of it
        (
            "The Republican Party met on Monday. The party voted, and the panel rose.",
            [("The party", "Republicans")],
        ),
        # a name inside a description of a person does not stop it (Arizona is no actor), but the
        # person must have been described with it
        ("Arizona Sen. Donald Trump spoke. The Arizona senator left.", [("The Arizona senator", "Trump")]),
        ("Libertarian nominee Donald Trump spoke. The Republican nominee left.", []),
        # a phrase holding an actor's name is the mention finder's
        ("President Donald Trump met the Turkey president.", []),
        # "his country": the actor the possessor belongs to; a person who is an actor has none
        ("Cavusoglu spoke on Monday. He said his country wants peace.", [("his country", "Turkey")]),
        ("Donald Trump spoke on Monday. He said his country wants peace.", []),
    ],
)
def test_descriptions(text: str, expected: list[tuple[str, str]], tmp_path: Path) -> None:
    refs = _references(text, tmp_path)
    desc = refs[(refs["kind"] == "description") & (refs["rule"] != "appositive")]
    assert _pairs(desc) == expected
    assert (desc["rule"] == "description").all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Donald Trump, a billionaire, spoke on Monday.", [("a billionaire", "Trump")]),
        ("Donald Trump, the former chief of the company, spoke.", [("the former chief", "Trump")]),
        ("The chairman, Donald Trump, spoke on Monday.", [("The chairman", "Trump")]),
        ("Turkey, a NATO member, objected.", [("a NATO member", "Turkey")]),
        # a party member's noun, which the parser tags as a name
        ("Donald Trump, the top Republican in the race, spoke.", [("the top Republican", "Trump")]),
        ("“We will win,” Sen. Donald Trump, Florida Republican, said.", [("Florida Republican", "Trump")]),
        # but not another name beside it
        ("Donald Trump, Florida, spoke on Monday.", []),
        # a list is no apposition; nor a plural beside a person; nor a phrase after a colon
        ("Donald Trump and Hillary Clinton, the candidates, spoke.", []),
        ("Turkey, its biggest city and its schools must pay.", []),
        ("Turkey: the cloud over the region.", []),
        # an adjective of the actor is not its name
        ("Some Turkish experts, such as Joe Smith, a professor, disagree.", []),
        # not a person's title before a person's name
        ("To trigger this scenario, Donald Trump, who was indicted, must resign.", []),
        ("", []),
    ],
)
def test_appositives(text: str, expected: list[tuple[str, str]], tmp_path: Path) -> None:
    refs = _references(text, tmp_path)
    got = refs[refs["rule"] == "appositive"] if len(refs) else refs
    assert _pairs(got) == expected
    assert (got["kind"] == "description").all() and (got["antecedent_start"] >= 0).all()


def _framing(text: str, tmp_path: Path, *, resolve: bool = True) -> dict[str, pd.DataFrame]:
    """quotes, roles and labels of one text, with (or without) the references table."""
    from analysis.framing.labels import find_labels
    from analysis.framing.quotes import find_quotes
    from analysis.framing.roles import mention_roles

    (tmp_path / "actors.toml").write_text(ACTORS, encoding="utf-8")
    actors = load_actors(tmp_path / "actors.toml")
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    paras = pd.DataFrame({"doc_id": ["d"], "para_id": [0], "start": [0], "end": [len(text)], "is_title": [False]})
    sents = split_sentences(docs, paras, train=False)
    ments = find_mentions(docs, sents, actors)
    syntax = parse_sentences(sents)
    refs = find_references(syntax, sents, ments, docs, actors) if resolve else None
    return {
        "quotes": find_quotes(syntax, sents, ments, docs, actors, references=refs),
        "roles": mention_roles(syntax, ments, docs, references=refs),
        "labels": find_labels(syntax, ments, sents, docs, actors, references=refs),
    }


@pytest.mark.parametrize(
    ("text", "speaker", "actor", "how"),
    [
        # the resolver weighs both people: Cavusoglu is the subject, Trump only a prepositional object
        (
            "Cavusoglu spoke after the talks with Trump. “We want peace,” he said.",
            "Mevlut Cavusoglu",
            "Turkey",
            "attribution (pronoun)",
        ),
        # an organisation speaks through "it"
        ("Walmart cut prices on Monday. “Sales rose,” it said.", "Walmart", "Walmart", "attribution (pronoun)"),
        # nobody it could be: no speaker rather than a guess
        ("The talks ended. “We want peace,” she said.", "", "unknown", "attribution (pronoun)"),
        # two men named, both subjects (no single person to take): the resolver's link, no actor's
        (
            "Marco Rubio spoke in Miami on Monday, a day after John Kasich left Ohio. Rubio was cheered "
            "by the crowd. “It was a great day,” he said.",
            "Marco Rubio",
            "other",
            "attribution (pronoun, salience)",
        ),
    ],
)
def test_pronoun_speakers_come_from_the_resolver(text: str, speaker: str, actor: str, how: str, tmp_path: Path) -> None:
    q = _framing(text, tmp_path)["quotes"]
    assert q[["speaker", "speaker_actor", "how"]].values.tolist() == [[speaker, actor, how]]


def test_roles_and_labels_read_references(tmp_path: Path) -> None:
    text = "President Trump arrived on Monday. He vetoed the bill, and the president left."
    got = _framing(text, tmp_path)
    roles = got["roles"].set_index("mention")
    assert roles.loc["He", ["actor", "role", "verb", "target"]].tolist() == ["Trump", "agent", "veto", "reference"]
    assert roles.loc["Trump", "target"] == "name"
    labels = got["labels"]
    desc = labels[labels["kind"] == "description"]
    assert desc[["actor", "mention", "term"]].values.tolist() == [["Trump", "the president", "president"]]
    off = _framing(text, tmp_path, resolve=False)  # resolution off: names only, as before
    assert set(off["roles"]["target"]) == {"name"} and "description" not in set(off["labels"]["kind"])


def test_an_apposition_is_counted_once_in_roles_and_labels(tmp_path: Path) -> None:
    """ "Donald Trump, a billionaire, vetoed ...": the apposition is a reference, but its role and
    its label are the name's (one agent row, one apposition label), not counted again."""
    got = _framing("Donald Trump, a billionaire, vetoed the bill on Monday.", tmp_path)
    roles = got["roles"]
    assert roles[["mention", "role", "target"]].values.tolist() == [["Donald Trump", "agent", "name"]]
    labels = got["labels"]
    assert labels[["kind", "term"]].values.tolist() == [["apposition", "billionaire"]]
