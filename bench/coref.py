"""Reference resolution and sentence splitting against their gold sets, with the misses.

    .venv/bin/python bench/coref.py news --split dev [--misses]   # pronouns vs tests/gold/coref
    .venv/bin/python bench/coref.py gap --part development         # GAP pronoun-name links
    .venv/bin/python bench/coref.py sentences --split dev          # splitter vs tests/gold/sentences
    .venv/bin/python bench/coref.py speakers --split dev           # "he said": nearest person vs resolver
    .venv/bin/python bench/coref.py news --model analysis/mentions/models/coref-minilm --below 0.7
    .venv/bin/python bench/coref.py cost --run /tmp/as1k/run        # resolver time on a finished run
    .venv/bin/python bench/coref.py share --run /tmp/as1k/run       # sentences per actor, before/after

news: the gold references of the five seeds and 40 AllSides articles (tests/gold/coref/README.md),
annotated from written guidelines by an annotator who saw only the guidelines and the texts.
Each article's actors are given their names as the gold marks them (an oracle actor file: this
measures what resolution adds, not name matching); the seeds use the suite's preset actor file.
Scores the pronouns (third person everywhere, first person inside quotations): a predicted
reference is right when the gold marks the same span for the same actor.

gap: GAP (../shared/data/gap/), F1 of the pronoun-name links (A and B, true or false), by the
pronoun's gender, the resolver running with no actors on every named entity of the passage.

sentences: sentence-boundary precision and recall on 120 AllSides paragraphs from 16 outlets,
for the splitter untrained and trained on 400 AllSides articles (as a run trains it).
cost: the resolver alone (find_references) on the tables of a finished run (median of 3),
beside the run's own time from its run.json. share: per actor, the sentences that name it
against those that name or refer to it, on a finished run's tables.
speakers: the quotes' pronoun speakers, nearest-person rule against the reference resolver, on
the news gold's AllSides articles. --model adds the learned antecedent model (news, gap, cost).
Skips with a message where ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.ingest.actors import ActorSet, load_actors
from analysis.mentions.antecedents import AntecedentScorer
from analysis.mentions.descriptions import resolve_all
from analysis.mentions.entities import doc_entity_mentions
from analysis.mentions.matching import find_mentions
from analysis.mentions.resolve import FIRST_PERSON, FIRST_PLURAL, PRONOUNS, resolve_pronouns
from analysis.text.punkt import make_splitter
from analysis.text.sentences import doc_quote_spans, parse_text, split_sentences, split_spans
from analysis.text.syntax import iter_parsed, parse_sentences

DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
ALL_PRONOUNS = PRONOUNS.keys() | FIRST_PERSON | FIRST_PLURAL
SCORER: AntecedentScorer | None = None  # set by --model
GENDERS = False  # the gold gives each person a gender; the product learns it from "Mr."/"Ms." only


def _allsides_texts(ids: set[str]) -> dict[str, str]:
    """headline + "\\n" + body of the AllSides articles, as the corpus reader builds them."""
    frame = pd.read_parquet(DATA / "allsides" / "articles.parquet", columns=["doc_id", "title", "text"])
    frame = frame[frame["doc_id"].isin(ids)]
    return {r.doc_id: r.title.strip() + "\n" + r.text for r in frame.itertuples()}


def _paragraph_starts(text: str) -> list[int]:
    """Offsets of the non-empty lines (stripped), as the gold numbers its paragraphs."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(pos + line.index(line.strip()))
        pos += len(line) + 1
    return out


def _oracle_actors(actors: pd.DataFrame, refs: pd.DataFrame) -> ActorSet:
    """An actor file giving each gold actor the names and honorific forms the gold marks for it."""
    used: set[str] = set()
    entries: list[tuple[str, bool, list[str]]] = []
    for a in actors.itertuples():
        forms = sorted(
            {r.surface for r in refs.itertuples() if r.actor == a.actor and r.kind in ("name", "honorific")} - used
        )
        used |= set(forms)
        if not forms:
            continue
        entries.append(
            (a.actor, a.type == "person", [f for f in forms if f != a.actor] if a.type == "person" else forms)
        )
    return _actor_file(entries)


def _resolve_document(
    doc: str, text: str, acts: ActorSet, kinds: dict[str, str], genders: dict[str, str]
) -> tuple[list, pd.DataFrame, pd.DataFrame]:
    """The resolver's references for one document, run as the pipeline runs its stages, and the
    document's mentions and sentences tables."""
    docs = pd.DataFrame({"doc_id": [doc], "text": [text], "outlet": ["x"]})
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    paras = pd.DataFrame(
        {
            "doc_id": doc,
            "para_id": range(len(spans)),
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "is_title": [i == 0 for i in range(len(spans))],
        }
    )
    sents = split_sentences(docs, paras, train=False)
    ments = find_mentions(docs, sents, acts)
    parsed = list(iter_parsed(parse_sentences(sents)))
    index = {s.sent_id: i for i, s in enumerate(parsed)}
    named = [
        (index[m.sent_id], m.start, m.end, m.actor, m.person)
        for m in ments.itertuples()
        if m.counted and m.sent_id in index
    ]
    titles = {p.name: p.role for a in acts.actors for p in a.people if p.role}
    em = doc_entity_mentions(parsed, named, actor_kinds=kinds, genders=genders, titles=titles)
    bodies = frozenset(a.id for a in acts.actors if a.names)
    found = resolve_all(parsed, em, quotes=doc_quote_spans(docs, sents)[doc], scorer=SCORER, bodies=bodies)
    return found, ments, sents


def _score_descriptions(
    doc: str,
    text: str,
    gold: dict,
    found: list,
    ments: pd.DataFrame,
    sents: pd.DataFrame,
    counts: Counter,
    lines: list[str],
) -> None:
    """Descriptions: right when a gold description of the same actor overlaps the found span.
    Counted twice: all of them, and apart (``unnamed``) those in a sentence where the mentions
    table does not name the actor, the ones that give a per-actor measure a sentence it would not
    otherwise see."""
    wanted = [(span, r) for span, r in gold.items() if r.kind == "description"]
    keep = ments["counted"].astype(bool) & (ments["kind"] != "modifier") if len(ments) else []
    named = set(zip(ments["sent_id"][keep], ments["actor"][keep])) if len(ments) else set()
    bounds = list(zip(sents["start"], sents["end"], sents["sent_id"]))

    def unnamed(a: int, actor: str) -> bool:
        sid = next((i for x, y, i in bounds if x <= a < y), None)
        return sid is None or (sid, actor) not in named

    hit: set = set()
    for x in found:
        match = [span for span, r in wanted if span[0] < x.end and x.start < span[1] and r.actor == x.entity.actor]
        cls = ("description", "unnamed") if unnamed(x.start, x.entity.actor) else ("description",)
        for c in cls:
            counts[(c, "tp" if match else "fp")] += 1
        if match:
            hit.update(match)
        else:
            lines.append(
                f"FP {doc} {text[x.start : x.end]!r} -> {x.entity.actor} …{text[max(0, x.start - 80) : x.end + 30]!r}"
            )
    inside = list(zip(ments["start"][keep], ments["end"][keep], ments["actor"][keep])) if len(ments) else []
    for span, r in wanted:
        if span not in hit:
            for c in ("description", "unnamed") if unnamed(span[0], r.actor) else ("description",):
                counts[(c, "fn")] += 1
            # "his Russian counterpart", "the Russian government": the phrase holds a counted
            # mention of the actor, so the suite sees the actor there, though not the phrase
            held = any(a < span[1] and span[0] < b and actor == r.actor for a, b, actor in inside)
            counts[("held", "n")] += held
            tag = "FN (held by a mention inside)" if held else "FN"
            lines.append(f"{tag} {doc} {r.surface!r} -> {r.actor} …{text[max(0, span[0] - 80) : span[1] + 30]!r}")


def _plain_actors(actors: pd.DataFrame) -> ActorSet:
    """An actor file as a user would first write it: each person's full name and surname, each
    other actor's name as the annotator gave it (no other spellings, no roles)."""
    entries = []
    for a in actors.itertuples():
        last = a.actor.split()[-1]
        if a.type == "person":
            entries.append((a.actor, True, [last] if last != a.actor else []))
        else:
            entries.append((a.actor, False, [a.actor]))
    return _actor_file(entries)


def _actor_file(entries: list[tuple[str, bool, list[str]]]) -> ActorSet:
    """Load an actor file written from (id, is a person, forms): a person gets its id as name and
    the forms as aliases, any other actor the forms as names."""
    blocks = []
    for actor, person, forms in entries:
        if person:
            blocks.append(
                f"[[actor]]\nid = {json.dumps(actor)}\n"
                f"people = [{{ name = {json.dumps(actor)}, aliases = {json.dumps(forms)} }}]\n"
            )
        else:
            blocks.append(f"[[actor]]\nid = {json.dumps(actor)}\nnames = {json.dumps(forms)}\n")
    path = Path(tempfile.mkdtemp()) / "actors.toml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return load_actors(path)


def _score_names(doc: str, text: str, gold: dict, mentions: pd.DataFrame, counts: Counter, lines: list[str]) -> None:
    """Names (the mentions table's counted rows, modifiers apart) against the gold's names,
    honorific forms and adjectives of the same actor, matched by overlap."""
    wanted = [(span, r) for span, r in gold.items() if r.kind in ("name", "honorific", "adjective")]
    hit: set = set()
    keep = mentions["counted"].astype(bool) & (mentions["kind"] != "modifier")
    for m in mentions[keep].itertuples():
        match = [span for span, r in wanted if span[0] < m.end and m.start < span[1] and r.actor == m.actor]
        if match:
            counts[("name", "tp")] += 1
            hit.update(match)
        else:
            counts[("name", "fp")] += 1
            lines.append(f"FP name {doc} {m.surface!r} -> {m.actor} …{text[max(0, m.start - 60) : m.end + 30]!r}")
    for span, r in wanted:
        if span not in hit:
            counts[("name", "fn")] += 1
            lines.append(f"FN name {doc} {r.surface!r} -> {r.actor} …{text[max(0, span[0] - 60) : span[1] + 30]!r}")


def news(split: str, *, misses: bool, plain: bool = False) -> None:
    """Pronoun references (and descriptions; with ``plain`` also names) against the news gold."""
    refs = pd.read_csv(GOLD / "coref" / "refs.csv", keep_default_na=False)
    actors = pd.read_csv(GOLD / "coref" / "actors.csv", keep_default_na=False)
    if split != "all":
        refs = refs[refs["split"] == split]
    texts = _allsides_texts(set(refs["doc_id"]))
    texts.update({p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("0*.txt") if p.stem in set(refs["doc_id"])})
    counts: Counter = Counter()
    lines = []
    for doc, gold_rows in refs.groupby("doc_id"):
        text = texts[doc]
        starts = _paragraph_starts(text)
        gold = {(starts[r.p] + r.offset, starts[r.p] + r.offset + len(r.surface)): r for r in gold_rows.itertuples()}
        assert all(text[a:b] == r.surface for (a, b), r in gold.items()), doc
        mine = actors[actors["doc_id"] == doc]
        seed = doc in {p.stem for p in SEEDS.glob("0*.txt")}
        acts = load_actors() if seed else (_plain_actors(mine) if plain else _oracle_actors(mine, gold_rows))
        genders = {r.actor: r.gender for r in mine.itertuples() if r.gender in ("m", "f")}
        everything, ments, sents = _resolve_document(doc, text, acts, {}, genders if GENDERS else {})
        resolved = [x for x in everything if x.entity.actor]
        found = {(x.start, x.end): x for x in resolved if x.rule not in ("description", "appositive")}
        _score_descriptions(
            doc,
            text,
            gold,
            [x for x in resolved if x.rule in ("description", "appositive")],
            ments,
            sents,
            counts,
            lines,
        )
        if plain:
            _score_names(doc, text, gold, ments, counts, lines)
        for span, x in found.items():
            r = gold.get(span)
            cls = PRONOUNS.get(x.surface.lower(), ("first",))[0]
            if r is not None and r.actor == x.entity.actor:
                counts[(cls, "tp")] += 1
            elif r is None or r.kind == "pronoun":
                counts[(cls, "fp")] += 1
                lines.append(
                    f"FP {doc} {x.surface!r} -> {x.entity.actor} (gold: {r.actor if r is not None else '-'}; {x.rule}) "
                    f"…{text[max(0, x.start - 80) : x.end + 30]!r}"
                )
        for span, r in gold.items():
            if r.kind != "pronoun" or r.surface.lower() not in ALL_PRONOUNS:
                continue
            x = found.get(span)
            if x is None or x.entity.actor != r.actor:
                counts[(PRONOUNS.get(r.surface.lower(), ("first",))[0], "fn")] += 1
                lines.append(
                    f"FN {doc} {r.surface!r} -> {r.actor} (found: {x.entity.actor if x else '-'}) "
                    f"…{text[max(0, span[0] - 80) : span[1] + 30]!r}"
                )
    what = "names (plain actor file), pronouns and descriptions" if plain else "pronouns and descriptions (names given)"
    print(f"news gold, {split}: {what}; 'all' counts every row above")
    for cls in (
        ("person", "thing", "group", "first", "description", "unnamed") + (("name",) if plain else ()) + ("all",)
    ):
        tp = sum(v for (c, k), v in counts.items() if k == "tp" and (c == cls or (cls == "all" and c != "unnamed")))
        fp = sum(v for (c, k), v in counts.items() if k == "fp" and (c == cls or (cls == "all" and c != "unnamed")))
        fn = sum(v for (c, k), v in counts.items() if k == "fn" and (c == cls or (cls == "all" and c != "unnamed")))
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        print(f"  {cls:7s} precision {p:.3f} recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
        if cls in ("description", "all") and counts[("held", "n")]:
            held = counts[("held", "n")]
            print(
                f"  {'':7s} recall {(tp + held) / (tp + fn):.3f} counting the {held} missed descriptions whose phrase "
                "holds a counted mention of the actor ('his Russian counterpart')"
            )
    if misses:
        print("\n".join(lines))


def _links(chosen: object, ments: list, name: str, at: int) -> bool:
    """True if the pronoun was resolved to the entity of the name at ``at``."""
    if chosen is None:
        return False
    key = chosen.entity.key  # type: ignore[attr-defined]
    same = any(m.entity.key == key and m.start < at + len(name) and at < m.end for m in ments)
    return same or key.endswith(":" + name.split()[-1])


def gap(part: str, *, held_back: bool = False) -> None:
    """F1 of GAP's pronoun-name links (``held_back``: only the development passages that
    training/train_coref.py held back from training, chosen by the same seeded shuffle)."""
    frame = pd.read_csv(DATA / "gap" / f"gap-{part}.tsv", sep="\t")
    if held_back:
        order = list(range(len(frame)))
        random.Random(20).shuffle(order)
        frame = frame.iloc[sorted(order[: int(len(frame) * 0.15)])]
    counts: Counter = Counter()
    for r in frame.itertuples(index=False):
        text, off = r.Text, r[3]
        sents = parse_text(text)
        ments = doc_entity_mentions(sents, [])
        chosen = next((x for x in resolve_pronouns(sents, ments, scorer=SCORER) if x.start == off), None)

        pa, pb = _links(chosen, ments, r.A, r[5]), _links(chosen, ments, r.B, r[8])
        if pa and pb:
            pa = pb = False
        gender = "feminine" if r.Pronoun.lower() in ("she", "her", "hers", "herself") else "masculine"
        for pred, gold in ((pa, bool(r[6])), (pb, bool(r[9]))):
            key = "tp" if pred and gold else "fp" if pred else "fn" if gold else "tn"
            counts[(gender, key)] += 1
            counts[("all", key)] += 1
    print(f"GAP {part} ({len(frame)} passages): pronoun-name links")
    for g in ("masculine", "feminine", "all"):
        tp, fp, fn = counts[(g, "tp")], counts[(g, "fp")], counts[(g, "fn")]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(f"  {g:9s} F1 {f1:.3f}  precision {tp / max(1, tp + fp):.3f} recall {tp / max(1, tp + fn):.3f}")


def sentences(split: str, *, misses: bool) -> None:
    """Sentence-boundary precision and recall against the splitting gold."""
    gold = pd.read_csv(GOLD / "sentences" / "gold.csv")
    if split != "all":
        gold = gold[gold["split"] == split]
    frame = pd.read_parquet(DATA / "allsides" / "articles.parquet", columns=["doc_id", "text"])
    texts = dict(zip(frame["doc_id"], frame["text"]))
    train = "\n\n".join(frame.sample(n=400, random_state=3)["text"])[:300_000]
    for name, splitter in (
        ("untrained", make_splitter()),
        ("trained on 400 articles", make_splitter(train_text=train)),
    ):
        tp = fp = fn = 0
        lines = []
        for r in gold.itertuples():
            para = [x.strip() for x in texts[r.doc_id].split("\n")][r.para]
            want = {e for _, e in json.loads(r.spans)[:-1]}
            got = {e for _, e in split_spans(para, splitter=splitter)[:-1]}
            tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
            lines += [
                f"FP {r.outlet}: …{para[max(0, e - 50) : e]!r} | {para[e : e + 30]!r}" for e in sorted(got - want)
            ]
            lines += [
                f"FN {r.outlet}: …{para[max(0, e - 50) : e]!r} | {para[e : e + 30]!r}" for e in sorted(want - got)
            ]
        print(
            f"sentences, {split}, {name}: boundary precision {tp / max(1, tp + fp):.3f} "
            f"recall {tp / max(1, tp + fn):.3f}  (tp {tp}, fp {fp}, fn {fn})"
        )
        if misses:
            print("\n".join("  " + x for x in lines))


def cost(run: Path, actors: Path) -> None:
    """Median time of find_references on a finished run's tables, against the run's time."""
    import time

    from analysis.mentions.references import find_references
    from analysis.tables import read_table

    docs, sents = read_table(run, "docs"), read_table(run, "sentences")
    ments, syntax = read_table(run, "mentions"), read_table(run, "syntax")
    acts = load_actors(actors)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        refs = find_references(syntax, sents, ments, docs, acts, scorer=SCORER)
        times.append(time.perf_counter() - t0)
        if SCORER is not None:
            SCORER._cache.clear()  # each repeat pays for the model again
    mid = sorted(times)[1]
    meta = json.loads((run / "run.json").read_text(encoding="utf-8")) if (run / "run.json").exists() else {}
    whole = sum((meta.get("seconds") or {}).values())
    print(
        f"references: {len(refs):,} on {len(docs):,} articles; median {mid:.1f} s "
        f"({1000 * mid / len(docs):.1f} ms/article)"
    )
    if whole:
        print(f"the run itself: {whole:.1f} s (phases {meta['seconds']}); resolver / run = {mid / whole:.1%}")


def share(run: Path, actors: Path) -> None:
    """Sentences naming each actor against sentences naming or referring to it (a finished run's tables)."""
    from analysis.mentions.references import find_references
    from analysis.tables import read_table

    docs, sents = read_table(run, "docs"), read_table(run, "sentences")
    ments, syntax = read_table(run, "mentions"), read_table(run, "syntax")
    refs = find_references(syntax, sents, ments, docs, load_actors(actors), scorer=SCORER)
    keep = ments["counted"].astype(bool) & (ments["kind"] != "modifier")
    named = ments[keep][["doc_id", "sent_id", "actor"]].drop_duplicates()
    both = pd.concat([named, refs[["doc_id", "sent_id", "actor"]]]).drop_duplicates()
    table = pd.DataFrame({"naming": named.groupby("actor").size(), "naming or referring": both.groupby("actor").size()})
    table["gain"] = (table["naming or referring"] / table["naming"] - 1).map("{:+.1%}".format)
    print(f"{len(sents):,} sentences in {len(docs):,} articles")
    print(table.to_string())
    print(f"all actors: {len(named):,} -> {len(both):,} ({len(both) / len(named) - 1:+.1%})")


def speakers(split: str, *, misses: bool) -> None:
    """Pronoun speakers of quotes ("he said"): the nearest-person rule (``--no-resolve``) against
    the reference resolver, on the news gold's AllSides articles (the gold says which actor each
    pronoun refers to; a pronoun the gold leaves out refers to no actor)."""
    from analysis.framing.quotes import find_quotes
    from analysis.mentions.references import find_references
    from analysis.text.syntax import parse_sentences

    refs = pd.read_csv(GOLD / "coref" / "refs.csv", keep_default_na=False)
    actors = pd.read_csv(GOLD / "coref" / "actors.csv", keep_default_na=False)
    refs = refs[(refs["split"] == split) & ~refs["doc_id"].isin({p.stem for p in SEEDS.glob("0*.txt")})]
    texts = _allsides_texts(set(refs["doc_id"]))
    counts: Counter = Counter()
    lines = []
    for doc, rows in refs.groupby("doc_id"):
        text = texts[doc]
        starts = _paragraph_starts(text)
        gold = {starts[r.p] + r.offset: r.actor for r in rows.itertuples() if r.kind == "pronoun"}
        acts = _oracle_actors(actors[actors["doc_id"] == doc], rows)
        docs = pd.DataFrame({"doc_id": [doc], "text": [text], "outlet": ["x"]})
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
        paras = pd.DataFrame(
            {"doc_id": doc, "para_id": range(len(spans)), "start": [a for a, _ in spans],
             "end": [b for _, b in spans], "is_title": [i == 0 for i in range(len(spans))]}
        )  # fmt: skip
        sents = split_sentences(docs, paras, train=False)
        ments = find_mentions(docs, sents, acts)
        syntax = parse_sentences(sents)
        found = find_references(syntax, sents, ments, docs, acts, scorer=SCORER)
        old = find_quotes(syntax, sents, ments, docs, acts)
        new = find_quotes(syntax, sents, ments, docs, acts, references=found)
        for qo, qn in zip(old.itertuples(), new.itertuples()):
            pron = re.search(r"\b(he|she|they|it)\b", text[qn.attribution_start : qn.attribution_end], re.I)
            if not qo.how.startswith("attribution (pronoun") or pron is None:
                continue
            at = qn.attribution_start + pron.start()
            truth = gold.get(at, "-")
            for name, q in (("nearest person", qo), ("resolver", qn)):
                got = q.speaker_actor if q.speaker_actor not in ("unknown", "other", "") else "-"
                counts[(name, "n")] += 1
                counts[(name, "right")] += got == truth
                counts[(name, "named")] += got != "-"
                counts[(name, "named right")] += got != "-" and got == truth
                counts[(name, "gold")] += truth != "-"
            if qo.speaker_actor != qn.speaker_actor:
                lines.append(
                    f"{doc} {pron.group()!r} gold {truth}: nearest {qo.speaker_actor}, resolver {qn.speaker_actor}"
                )
    print(f"pronoun speakers of quotes, news gold {split} (AllSides articles)")
    for name in ("nearest person", "resolver"):
        c = {k: counts[(name, k)] for k in ("n", "right", "named", "named right", "gold")}
        print(
            f"  {name:14s} right {c['right']}/{c['n']}; actor speakers precision {c['named right']}/{c['named']}, "
            f"recall {c['named right']}/{c['gold']}"
        )
    if misses:
        print("\n".join(lines))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["news", "gap", "sentences", "speakers", "cost", "share"])
    ap.add_argument("--run", type=Path, help="cost: a finished run's tables folder")
    ap.add_argument("--actors", type=Path, default=ROOT / "bench" / "us_actors.toml", help="cost: its actor file")
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument("--part", default="development", choices=["development", "validation"])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--model", type=Path, help="news/gap: the learned antecedent model folder (default: rules only)")
    ap.add_argument("--threshold", type=float, default=0.5, help="with --model: its choice wins at this probability")
    ap.add_argument(
        "--below", type=float, default=1.0, help="with --model: asked where the rules' confidence is under this"
    )
    ap.add_argument("--held-back", action="store_true", help="gap development: the passages training held back")
    ap.add_argument(
        "--plain", action="store_true", help="news: actor files with full names and surnames only; score names too"
    )
    args = ap.parse_args()
    global SCORER
    if args.model is not None:
        SCORER = AntecedentScorer(model_dir=args.model, threshold=args.threshold, below=args.below)
        SCORER.actors_only = args.what != "gap"  # GAP names no actors: every person is at stake
    if args.what in ("cost", "share"):
        (cost if args.what == "cost" else share)(args.run, args.actors)
        return 0
    need = {
        "news": DATA / "allsides",
        "gap": DATA / "gap",
        "sentences": DATA / "allsides",
        "speakers": DATA / "allsides",
    }[args.what]
    if not need.exists():
        print(f"skipped: {need} is absent (the data live in ../shared/data/)")
        return 0
    if args.what == "news":
        news(args.split, misses=args.misses, plain=args.plain)
    elif args.what == "speakers":
        speakers(args.split, misses=args.misses)
    elif args.what == "gap":
        gap(args.part, held_back=args.held_back)
    else:
        sentences(args.split, misses=args.misses)
    if SCORER is not None:
        print(f"learned model asked {SCORER.calls} times")
    return 0


if __name__ == "__main__":
    sys.exit(main())
