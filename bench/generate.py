"""Generate a synthetic corpus of N articles from real news sentences (NewsMTSC), for benchmarks.

Each article takes a headline and 12–28 body sentences resampled from the NewsMTSC sentences
(train + devtest_rw, 8,825 sentences of US news), an outlet (one of --outlets), a date, and actor
mentions: in a share of sentences the coded target mention is replaced by a Turkey or Russia form
(name, adjective, capital, person). A share of articles re-publish sentences of an earlier
"wire" article, some with a light edit (a word dropped or replaced), so that reuse detection has
real work to do. Deterministic for a given --seed.

    .venv/bin/python bench/generate.py --n 10000 --out bench/out/corpus-10k.jsonl   (or .parquet)
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data" / "newsmtsc"
FORMS = {
    "Turkey": ["Turkey", "Turkish", "Ankara", "Erdogan", "Cavusoglu", "Turkey's"],
    "Russia": ["Russia", "Russian", "Moscow", "the Kremlin", "Putin", "Lavrov", "Russia's"],
}


def load_sentences() -> list[tuple[str, list[tuple[int, int]]]]:
    """(sentence, target spans) of every NewsMTSC sentence shipped in training/data."""
    out = []
    for name in ("train.jsonl", "devtest_rw.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out.append((rec["sentence_normalized"], [(t["from"], t["to"]) for t in rec["targets"]]))
    return out


def _with_actor(rng: random.Random, sentence: str, spans: list[tuple[int, int]]) -> str:
    """Replace the first coded target mention with an actor form."""
    a, b = spans[0]
    actor = rng.choice(sorted(FORMS))
    return sentence[:a] + rng.choice(FORMS[actor]) + sentence[b:]


def _light_edit(rng: random.Random, sentence: str) -> str:
    """Drop or replace one word (a copy editor's touch)."""
    words = sentence.split(" ")
    if len(words) < 6:
        return sentence
    i = rng.randrange(1, len(words) - 1)
    if rng.random() < 0.5:
        del words[i]
    else:
        words[i] = rng.choice(["reportedly", "also", "officially", "again", "now"])
    return " ".join(words)


_SYLLABLES = ("ka", "lo", "mir", "va", "sen", "dor", "ti", "bra", "nes", "qu", "el", "ran", "zo", "pa", "hul", "gri")
_CAP_WORD = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b")


def _name(rng: random.Random) -> str:
    """A made-up proper name (two or three syllables): a story's people and places."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _story_names(seed: int, story: int) -> list[str]:
    """The eight made-up names of a story (the same for every article of it)."""
    rng = random.Random(seed * 1_000_003 + story)
    return [_name(rng) for _ in range(8)]


def _in_story(sentence: str, names: list[str]) -> str:
    """The sentence with its capitalised words after the first (names, places) replaced by the story's names."""
    skip = {f for forms in FORMS.values() for f in forms}
    return _CAP_WORD.sub(
        lambda m: m.group(0) if m.group(0) in skip else names[sum(map(ord, m.group(0))) % len(names)], sentence
    )


def generate(
    n: int,
    *,
    outlets: int = 200,
    seed: int = 0,
    actor_share: float = 0.3,
    reuse_share: float = 0.3,
    stories: bool = False,
) -> Iterator[dict]:
    """Yield n article records: doc_id, outlet, date, title, text.

    With ``stories`` the corpus has the structure of real coverage: 80% of the articles belong to
    one of n/20 stories, take 60% of their sentences from the story's own pool of 40 sentences
    and have their capitalised words (people, places) replaced by the story's made-up names, and
    copy wire sentences from an earlier article of the same story. Without it every article is
    an independent resample (no neighbour structure: the hardest case for a neighbour search).
    """
    rng = random.Random(seed)
    pool = load_sentences()
    wires: list[list[str]] = []
    story_wires: dict[int, list[list[str]]] = {}
    n_stories = max(1, n // 20)
    for k in range(n):
        story = rng.randrange(n_stories) if stories and rng.random() < 0.8 else None
        names = _story_names(seed, story if story is not None else n_stories + k) if stories else None
        own = random.Random(seed * 7_919 + story) if story is not None else None
        story_pool = [pool[own.randrange(len(pool))] for _ in range(40)] if own is not None else None
        body = []
        for _ in range(rng.randint(12, 28)):
            src = story_pool if story_pool is not None and rng.random() < 0.6 else pool
            sent, spans = src[rng.randrange(len(src))]
            body.append(_with_actor(rng, sent, spans) if spans and rng.random() < actor_share else sent)
        if names is not None:
            body = [_in_story(b, names) for b in body]
        candidates = story_wires.get(story, []) if story is not None else wires
        if candidates and rng.random() < reuse_share:
            wire = candidates[rng.randrange(len(candidates))]
            take = rng.sample(range(len(wire)), k=min(len(wire), rng.randint(3, 10)))
            for j, t in enumerate(sorted(take)):
                copied = wire[t] if rng.random() < 0.6 else _light_edit(rng, wire[t])
                body.insert(min(len(body), j * 2), copied)
        elif story is not None:
            story_wires.setdefault(story, []).append(body)
            story_wires[story] = story_wires[story][-20:]
        else:
            wires.append(body)
            wires = wires[-500:]
        title_sent, title_spans = pool[rng.randrange(len(pool))]
        title = (_with_actor(rng, title_sent, title_spans) if title_spans else title_sent)[:120].replace("\n", " ")
        if names is not None:
            title = _in_story(title, names)
        yield {
            "doc_id": f"g{k:07d}",
            "outlet": f"Outlet {rng.randrange(outlets):03d}",
            "date": f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "title": title,
            "text": " ".join(body),
        }


def write(records: Iterator[dict], out: Path, *, chunk: int = 20_000) -> int:
    """Write records as JSONL, or as Parquet (row groups of ``chunk``) when ``out`` ends in .parquet."""
    n = 0
    if out.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        buf: list[dict] = []
        for rec in records:
            buf.append(rec)
            n += 1
            if len(buf) >= chunk:
                table = pa.Table.from_pylist(buf)
                writer = writer or pq.ParquetWriter(out, table.schema)
                writer.write_table(table)
                buf = []
        if buf or writer is None:
            table = (
                pa.Table.from_pylist(buf)
                if buf
                else pa.table({k: pa.array([], pa.string()) for k in ["doc_id", "outlet", "date", "title", "text"]})
            )
            writer = writer or pq.ParquetWriter(out, table.schema)
            writer.write_table(table)
        writer.close()
        return n
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--outlets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stories", action="store_true", help="articles grouped in stories (see generate())")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write(generate(args.n, outlets=args.outlets, seed=args.seed, stories=args.stories), args.out)
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
