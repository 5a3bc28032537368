"""The mention finder: gold precision/recall on the seeds, and each matching rule on its own."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.actors import ActorSet, load_actors
from analysis.ingest.clean import clean_docs
from analysis.ingest.normalize import fold, normalize
from analysis.mentions.matching import (
    MENTION_COLUMNS,
    MODIFIER_SUFFIXES,
    PERSON_MODIFIED_NOUNS,
    PLACE_NOUNS,
    _trie_regex,
    find_mentions,
)
from analysis.mentions.surnames import SurnameContext
from analysis.text.sentences import doc_quote_spans, inside_span, split_sentences

GOLD = Path(__file__).parent / "gold" / "mentions_gold.csv"


def _mentions(text: str, **kw) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "para_id": [0],
            "start": [0],
            "end": [len(text)],
            "text": [text],
            "is_title": [False],
        }
    )
    return find_mentions(docs, sents, load_actors(**kw))


def test_gold_precision_recall(seed_run) -> None:
    """Against the hand-checked gold list: P and R >= 0.95 over the kept text; misses printed."""
    gold = pd.read_csv(GOLD, dtype={"doc_id": str})
    sents = seed_run["sentences"]
    kept = {(r.doc_id, i) for r in sents.itertuples() for i in range(r.start, r.end)}
    in_body = [(d, s) in kept for d, s in zip(gold.doc_id, gold.start)]
    furniture = gold[[not k for k in in_body]]
    gold = gold[in_body]
    m = seed_run["mentions"]
    m = m[m["counted"]]
    pred = set(zip(m.doc_id, m.actor, m.start, m.end))
    ref = set(zip(gold.doc_id, gold.actor, gold.start, gold.end))
    tp = len(pred & ref)
    precision, recall = tp / len(pred), tp / len(ref)
    texts = dict(zip(seed_run["docs"].doc_id, seed_run["docs"].text))
    print(
        f"\nmention finder: precision {precision:.3f}, recall {recall:.3f} ({tp} of {len(ref)} gold, {len(pred)} found)"
    )
    for label, rows in (("false positive", pred - ref), ("missed", ref - pred)):
        for d, a, s, e in sorted(rows):
            print(f"  {label}: {d} {a} {texts[d][s:e]!r} in ...{texts[d][max(0, s - 40) : e + 40]!r}...")
    print(f"  gold mentions in removed furniture (not searched): {len(furniture)}")
    for r in furniture.itertuples():
        print(f"    {r.doc_id} {r.actor} {r.surface!r} at {r.start}")
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (
            "Mevlüt Çavuşoğlu met Mevlut Cavusoglu and Mevlet Cavusoglu.",
            [("Mevlüt Çavuşoğlu", "person"), ("Mevlut Cavusoglu", "person"), ("Mevlet Cavusoglu", "person")],
        ),
        ("Turkey's and Ankara\u2019s stance", [("Turkey", "name"), ("Ankara", "metonym")]),
        ("the Kremlin-backed army and Turkish-backed rebels", [("Kremlin", "modifier"), ("Turkish", "modifier")]),
        ("in a Turkish resort town near the Turkish-Syrian border", [("Turkish", "place"), ("Turkish", "place")]),
        ("the Russian Federation and Russians", [("Russian Federation", "name"), ("Russians", "name")]),
        ("We ate turkey; a russian doll", []),
        ("TURKEY SEEKS ROLE WITH RUSSIA", [("TURKEY", "name"), ("RUSSIA", "name")]),
        ("President Recep Tayyip Erdogan and Erdogan", [("Recep Tayyip Erdogan", "person"), ("Erdogan", "person")]),
        ("Syria cease fireTurkey and Russia", [("Turkey", "name"), ("Russia", "name")]),
        ("the Moscow State Institute of International Relations", [("Moscow", "excluded")]),
        ("Binali Yıldırım and Yildirim", [("Binali Yıldırım", "person"), ("Yildirim", "person")]),
        ("Russian-Turkish relations", [("Russian", "adjective"), ("Turkish", "adjective")]),
        # a person's name before what belongs to the person is a modifier, not the person
        ("Putin's spokesman met an Erdogan aide", [("Putin", "modifier"), ("Erdogan", "modifier")]),
        ("Putin’s top adviser and the Lavrov camp", [("Putin", "modifier"), ("Lavrov", "modifier")]),
        ("Putin fired lawyers; Putin's plan", [("Putin", "person"), ("Putin", "person")]),
        ("Turkey's foreign minister", [("Turkey", "name")]),
    ],
)
def test_rules(text: str, expected: list[tuple[str, str]]) -> None:
    m = _mentions(text)
    assert list(zip(m["surface"], m["kind"])) == expected
    assert all(text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"]))


@pytest.mark.parametrize(
    ("listed", "text", "surfaces"),
    [
        ("FBI", "The F.B.I. and the FBI and the F.B.I.'s agents", ["F.B.I.", "FBI", "F.B.I."]),
        ("U.N.", "The UN and the U.N. met", ["UN", "U.N."]),
        ("FBI", "The fbi is not it, nor F.B.", []),
        # a handle listed as a name (suggest-aliases proposes them) is found as written
        (
            "@realDonaldTrump",
            "He posted (@realDonaldTrump) and @realDonaldTrump's fans, not @realDonaldTrump2.",
            ["@realDonaldTrump", "@realDonaldTrump"],
        ),
    ],
)
def test_abbreviations_match_with_or_without_dots(listed: str, text: str, surfaces: list[str], tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(f'[[actor]]\nid = "X"\nnames = ["{listed}"]\n', encoding="utf-8")
    actors = load_actors(tmp_path / "a.toml")
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "para_id": [0],
            "start": [0],
            "end": [len(text)],
            "text": [text],
            "is_title": [False],
        }
    )
    m = find_mentions(docs, sents, actors)
    assert m["surface"].tolist() == surfaces
    assert set(m["form"]) <= {listed}


def test_flags_and_persons() -> None:
    text = "Lavrov said \u201cTurkey\u2019s army\u201d acted, Turkey said."
    m = _mentions(text)
    assert m["actor"].tolist() == ["Russia", "Turkey", "Turkey"]
    assert m["person"].tolist() == ["Sergey Lavrov", "", ""]
    assert m["in_quote"].tolist() == [False, True, False]
    assert m["possessive"].tolist() == [False, True, False]
    assert m["counted"].all()


def test_optional_actors() -> None:
    text = "Russia backs Assad while rebels and the U.S. watch."
    assert _mentions(text)["actor"].tolist() == ["Russia"]
    m = _mentions(text, enable=["all"])
    assert m["actor"].tolist() == ["Russia", "Syrian government", "Syrian opposition", "United States"]


def test_no_sentences() -> None:
    docs = pd.DataFrame({"doc_id": [], "text": []})
    assert find_mentions(docs, pd.DataFrame(columns=["doc_id"]), load_actors()).empty


# --- The matcher against a straightforward per-sentence reference --------------------------------


def _reference_mentions(docs: pd.DataFrame, sentences: pd.DataFrame, actors: ActorSet) -> pd.DataFrame:
    """The mentions table computed the plain way: each sentence normalised and matched alone, with
    one alternation sorted longest first carrying both edge checks, and every not_actor phrase
    searched on its own."""

    def variants(form: str) -> set[str]:
        return {form, form[:1].upper() + form[1:], form.upper()}

    def dots(form: str) -> set[str]:
        if re.fullmatch(r"[A-Z]{2,6}", form):
            return {".".join(form) + "."}
        if re.fullmatch(r"(?:[A-Z]\.){2,6}", form):
            return {form.replace(".", "")}
        return set()

    lookup: dict[str, tuple[str, str, str, str]] = {}
    shared: dict[str, list[tuple[str, str, str, str]]] = {}
    excluded: list[tuple[re.Pattern[str], str]] = []
    for actor in actors.actors:
        for form, kind, person in actor.forms():
            for v in variants(fold(form)):
                entry = (actor.id, kind, form if kind != "person" else person, person)
                if v in lookup and lookup[v][3] != person and kind == "person" == lookup[v][1]:
                    shared.setdefault(v, [lookup[v]])
                    if entry not in shared[v]:
                        shared[v].append(entry)
                lookup.setdefault(v, entry)
    for actor in actors.actors:
        for form, kind, person in actor.forms():
            for v in dots(fold(form)):
                lookup.setdefault(v, (actor.id, kind, form if kind != "person" else person, person))
        for phrase in actor.not_actor:
            alts = "|".join(re.escape(v) for v in sorted(variants(fold(phrase)), key=len, reverse=True))
            excluded.append((re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)"), actor.id))
    alts = "|".join(re.escape(v) for v in sorted(lookup, key=len, reverse=True))
    pattern = re.compile(r"(?:(?<!\w)|(?<=[a-z]))(?:" + alts + r")(?![a-z0-9_])")
    modifier = re.compile(r"-(?:" + "|".join(MODIFIER_SUFFIXES) + r")\b")
    place = re.compile(r"(?:-[A-Z][a-z]+)*\s+(?:[a-z]+\s+)?(?:" + "|".join(PLACE_NOUNS) + r")\b")
    possessive = re.compile(r"'s?(?![A-Za-z])")
    words = r"(?:top|senior|former|longtime|chief|personal|close|key|own|deputy|presidential|political)"
    belongs = re.compile(r"(?:'s?)?\s+(?:" + words + r"\s+)?(?:" + "|".join(PERSON_MODIFIED_NOUNS) + r")\b")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    quotes = doc_quote_spans(docs, sentences)
    rows = []
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        names = SurnameContext(shared=shared)
        for sent_id, s_start, s_text, is_title in zip(
            group["sent_id"], group["start"], group["text"], group["is_title"]
        ):
            norm = normalize(s_text)
            t = norm.text
            blocked = [(m.start(), m.end(), act) for pat, act in excluded for m in pat.finditer(t)]
            for m in pattern.finditer(t):
                a, b = m.span()
                if m.group(0)[:1].islower() and a > 0 and t[a - 1].isalpha():
                    continue
                actor_id, kind, form, person = lookup[m.group(0)]
                if any(s <= a and b <= e and act == actor_id for s, e, act in blocked):
                    kind = "excluded"
                elif modifier.match(t[b:]) or (kind == "person" and belongs.match(t[b:])):
                    kind = "modifier"
                elif kind == "adjective" and place.match(t[b:]):
                    kind = "place"
                (actor_id, _, form, person), kind = names.decide(t, a, b, (actor_id, kind, form, person), kind)
                oa, ob = norm.to_original(a, b)
                start, end = s_start + oa, s_start + ob
                rows.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": int(sent_id),
                        "actor": actor_id,
                        "surface": texts[doc_id][start:end],
                        "start": start,
                        "end": end,
                        "kind": kind,
                        "form": form,
                        "person": person,
                        "possessive": bool(possessive.match(t[b:])),
                        "in_title": bool(is_title),
                        "in_quote": inside_span(quotes[doc_id], start, end) >= 0,
                        "counted": kind not in ("place", "excluded", "other_person", "ambiguous"),
                    }
                )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


OVERLAP_ACTORS = """
[[actor]]
id = "Turkey"
names = ["Turkey", "Turks"]
adjectives = ["Turkish"]
metonyms = ["Ankara"]
not_actor = ["Turkish Stream", "Russian-Turkish Stream project", "Turkey Turkey", "Ankara Turkey", "Turkey Ankara"]
people = [{ name = "Mevlüt Çavuşoğlu", aliases = ["Çavuşoğlu", "Cavusoglu"] }]

[[actor]]
id = "Russia"
names = ["Russia", "Russian Federation"]
adjectives = ["Russian"]
metonyms = ["Moscow", "Kremlin"]
not_actor = ["Russian-Turkish Stream", "Stream Russian", "Moscow State University", "Ankara Moscow Express"]
people = [{ name = "Sergey Lavrov", aliases = ["Lavrov"] }]

[[actor]]
id = "Rebels"
names = ["rebels", "rebel factions", "factions", "opposition forces"]
not_actor = ["rebels without a cause"]
"""

# Each document: headline line, body paragraphs, furniture lines that cleaning removes.
CONSTRUCTED_DOCS = [
    "Turkey and Russia talk\n\nRussia said so. Turkish officials agreed. Moscow: Ankara's Turkish resort town.\n",
    "TURKEY SEEKS ROLE WITH RUSSIA\n\nSyria cease fireTurkey and Russia met.\n"
    "The Kremlin-backed army and Turkish-backed rebels.\n",
    "Russians\n\nThe Russian-Turkish Stream project. Stream Russian ideas and the Turkish Stream.\n"
    "Turkey Turkey Turkey went. Moscow State University staff.\n",
    "Talks\n\n\u201cTurkey\u2019s army\u2026 will go,\u201d Lavrov said. \u201cRussia will stay.\n"
    "He added: \u201cAnkara\u2026 Moscow\u2026\u201d\n",
    "Mevlüt Çavuşoğlu meets Lavrov\n\nMevlu\u0308t C\u0327avus\u0327og\u0306lu (decomposed) "
    "and Çavuşoğlu\u2019s aide\u2026 "
    "Cavusoglu \u2014 Russia\u2019s ally? Türkiye and Turkey\u00a0Turkish\u00ad border.\n",
    "Rebels\n\nThe rebels and rebel factions met; prorebels and opposition forces-backed men. "
    "Some rebels without a cause. Rebels fought. Xrebel factions and xfactions.\n",
    'Quotes\n\n"Russia is here. Turkey is there." Moscow said. "Open quote Ankara\n\nRussia after.\n',
    "Furniture\n\nRussia spoke first.\nPhoto: Turkey AFP\nTags: Russia, Turkey\nTurkey spoke last.\n"
    "Read more: Russia plans\nRussia ended it.\n",
    "Edges\n\nRussia.Turkey said it. A Turkish-Syrian border town. Turkey' and Turkeys and Turkey's and TURKEY'S.\n"
    "Russia-led, Russia2 and Russia_x and RussiaTurkey and xRussia.\n",
    "",
    "Only a headline about Turkey",
]


def _pipeline_tables(texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(docs, sentences) of constructed texts through cleaning and the sentence splitter."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": "X", "text": texts})
    paragraphs, _ = clean_docs(docs)
    return docs, split_sentences(docs, paragraphs, train=False)


@pytest.fixture(scope="module")
def overlap_actors(tmp_path_factory) -> ActorSet:
    path = tmp_path_factory.mktemp("actors") / "overlap.toml"
    path.write_text(OVERLAP_ACTORS, encoding="utf-8")
    return load_actors(path)


def _assert_same(docs: pd.DataFrame, sents: pd.DataFrame, actors: ActorSet) -> pd.DataFrame:
    got = find_mentions(docs, sents, actors)
    pd.testing.assert_frame_equal(got, _reference_mentions(docs, sents, actors), check_exact=True)
    return got


def test_constructed_equal_reference(overlap_actors: ActorSet) -> None:
    docs, sents = _pipeline_tables(CONSTRUCTED_DOCS)
    got = _assert_same(docs, sents, overlap_actors)
    kinds = set(got["kind"])
    assert {"name", "adjective", "metonym", "person", "modifier", "place", "excluded"} <= kinds
    assert got["in_quote"].any() and got["in_title"].any() and got["possessive"].any()
    assert len(got) > 50
    _assert_same(docs, sents, load_actors(enable=["all"]))


def test_overlapping_exclusions(overlap_actors: ActorSet) -> None:
    """Phrases of two actors overlap; a phrase excludes only its own actor's forms; each phrase's
    matches do not overlap each other ("Turkey Turkey Turkey": the third is counted), but those
    of two phrases of one actor may ("Ankara Turkey Ankara": both phrases match)."""
    text = (
        "The Russian-Turkish Stream project. Turkey Turkey Turkey went. Ankara Turkey Ankara. Ankara Turkey. "
        "Moscow sees the Ankara Moscow Express."
    )
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    starts = [0, 36, 63, 85, 100]
    ends = [s - 1 for s in starts[1:]] + [len(text)]
    sents = pd.DataFrame(
        {
            "doc_id": "d",
            "sent_id": range(5),
            "para_id": 0,
            "start": starts,
            "end": ends,
            "text": [text[s:e] for s, e in zip(starts, ends)],
            "is_title": False,
        }
    )
    got = _assert_same(docs, sents, overlap_actors)
    assert list(zip(got["surface"], got["kind"])) == [
        ("Russian", "excluded"),
        ("Turkish", "excluded"),
        ("Turkey", "excluded"),
        ("Turkey", "excluded"),
        ("Turkey", "name"),
        ("Ankara", "excluded"),
        ("Turkey", "excluded"),
        ("Ankara", "excluded"),
        ("Ankara", "excluded"),
        ("Turkey", "excluded"),
        ("Moscow", "metonym"),
        ("Ankara", "metonym"),
        ("Moscow", "excluded"),
    ]


def test_sentence_edges_follow_the_sentence_not_the_document() -> None:
    """Sentences are slices of the text that need not touch whitespace: a form at a sentence start
    right after a letter, or at a sentence end right before one, is matched as in the sentence
    alone; sentences may leave gaps (removed lines) and arrive out of document order."""
    text = "XXRussiaTurkeyyy said Ankaraa and the Kremlin-backed Turks\u2026Moscow9"
    cuts = [
        (2, 8),
        (8, 14),
        (22, 28),
        (text.index(" the"), text.index("-backed")),
        (text.index("Turks"), len(text) - 1),
    ]
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, text]})
    rows = [("a", i, s, e) for i, (s, e) in enumerate(cuts)] + [("b", 0, 0, len(text))]
    rows = rows[3:5] + rows[5:] + rows[:3]
    sents = pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "sent_id": [r[1] for r in rows],
            "para_id": 0,
            "start": [r[2] for r in rows],
            "end": [r[3] for r in rows],
            "text": [text[r[2] : r[3]] for r in rows],
            "is_title": False,
        }
    )
    got = _assert_same(docs, sents, load_actors())
    assert list(zip(got["doc_id"], got["surface"], got["kind"])) == [
        ("a", "Kremlin", "metonym"),
        ("a", "Turks", "name"),
        ("a", "Moscow", "metonym"),
        ("a", "Russia", "name"),
        ("a", "Turkey", "name"),
        ("a", "Ankara", "metonym"),
        ("b", "Kremlin", "modifier"),
        ("b", "Turks", "name"),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_random_documents_equal_reference(seed: int, overlap_actors: ActorSet) -> None:
    """Documents stitched from forms, case variants, glue, punctuation and typography, cut into
    sentences at random places (also inside words), against the reference."""
    rng = random.Random(seed)
    pieces = [
        "Turkey",
        "TURKEY",
        "turkey",
        "Turkish",
        "Turks",
        "Russia",
        "Russian Federation",
        "Russian",
        "RUSSIAN",
        "Moscow",
        "Kremlin",
        "Ankara",
        "Lavrov",
        "Çavuşoğlu",
        "Cavusoglu",
        "Mevlüt Çavuşoğlu",
        "rebels",
        "Rebels",
        "rebel factions",
        "opposition forces",
        "Stream",
        "Turkish Stream",
        "Russian-Turkish Stream",
        "Moscow State University",
        "rebels without a cause",
        "resort town",
        "border",
        "-backed",
        "-led",
        "'s",
        "\u2019s",
        "'",
        "\u201c",
        "\u201d",
        '"',
        "\u2026",
        "\u2014",
        "\u00a0",
        "\u00ad",
        "e\u0301",
        " ",
        " ",
        " ",
        ". ",
        ", ",
        "x",
        "a",
        "2",
        "_",
        "-",
        "\n",
        "\nPhoto: AFP\n",
        "\n\n",
        "the",
        "said",
    ]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))) for _ in range(12)]
    docs, sents = _pipeline_tables(texts)
    _assert_same(docs, sents, overlap_actors)
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        bounds = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, 2 * rng.randint(1, 6))))
        for k, (s, e) in enumerate(zip(bounds[::2], bounds[1::2])):
            rows.append((doc_id, k, s, e, text[s:e], k == 0))
    cut = pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "is_title"]).assign(para_id=0)
    _assert_same(docs, cut, overlap_actors)
    _assert_same(docs, cut, load_actors(enable=["all"]))


def test_empty_inputs(overlap_actors: ActorSet) -> None:
    docs, sents = _pipeline_tables(["", "No actor here at all.", "Nor here."])
    for s in (sents, sents.iloc[:0]):
        got = find_mentions(docs, s, overlap_actors)
        pd.testing.assert_frame_equal(
            got, _reference_mentions(docs, s, overlap_actors) if len(s) else pd.DataFrame(columns=MENTION_COLUMNS)
        )
        assert got.empty and list(got.columns) == MENTION_COLUMNS


def test_trie_regex_is_longest_first_alternation() -> None:
    """The trie pattern picks, at every position, the same word as the alternation sorted longest first."""
    rng = random.Random(1)
    for _ in range(300):
        words = {"".join(rng.choice("abA-") for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))}
        text = "".join(rng.choice("abA- c") for _ in range(60))
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        for tail in ("", "(?![a-z0-9_])"):
            expected = [m.span() for m in re.finditer("(?:" + alternation + ")" + tail, text)]
            assert [m.span() for m in re.finditer(_trie_regex(words) + tail, text)] == expected, (words, text)
