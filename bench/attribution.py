"""Attribution (who said what) against PolNeAR's hand-annotated attributions.

    python bench/attribution.py parse            # run the suite's parse once over the 840 articles
    python bench/attribution.py score [--split dev|test|all] [--misses N]
    python bench/attribution.py cues [--clausal]  # learn the cue verbs from dev into the package
    python bench/attribution.py cue-model [--lemma-only]  # the cue model(s) from dev into the package
    python bench/attribution.py score --split dev --cross-fit  # dev, each half with the other half's cue model
    python bench/attribution.py cue-rows --out rows.jsonl  # the candidate verbs, for training/train_cue.py
    python bench/attribution.py score --split dev --cross-fit --context --cue-logits logits.json
        # with the fine-tuned cue encoder (--cue-context): each half's logits from training/train_cue.py --cross-fit
    python bench/attribution.py noun-cues  # the noun and adjective cues from dev into the package
    python bench/attribution.py score --split dev --cross-fit --train-share 0.5  # a learning curve
    python bench/attribution.py score --split dev --oracle-cues  # the ceiling of a perfect cue model

PolNeAR (../shared/data/polnear-train/, README inside) marks every attribution in 840 US political
articles of 2015-16: its source (who), cue (the verb or phrase) and content (what was said). The
articles are split by a hash of their name: 70% ``dev`` (for choosing and tuning rules), 30%
``test`` (held back, read once after choosing). ``parse`` writes the document tables (docs,
sentences, syntax, mentions, references) under /work/scratch/polnear (or --cache) so that ``score``
runs only :func:`analysis.framing.quotes.find_quotes` over them.

Scoring rule (the Gender Gap Tracker's): a found attribution matches a gold one when their
contents overlap by at least 30% of the gold content's characters (``--overlap 0.8`` for the
stricter figure); each gold attribution matches one found one at most (greedy, largest overlap
first); the parts of one split quotation (same ``group``) are one attribution. Direct quotations
are gold attributions whose content is inside quote marks, and found ones of kind ``direct``.
Speaker: right when the found speaker shares a word with the gold source, or the gold source
(a pronoun, say) lies inside the found speaker's span and a speaker was named for it (PolNeAR does
not say whom a pronoun means, so that name is not checked; the figure for named sources alone,
checked in full, is printed too). Verb: right when the found reporting verb
is a word of the gold cue. Content (two symmetric checks that an over-long content does not
win): the characters of the matched pairs' contents, and of every found and gold content, as
precision and recall of characters.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from analysis.text.syntax import Sentence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-train"
CACHE = Path("/work/scratch/polnear")
ACTORS = ROOT / "bench" / "us_actors.toml"
QUOTE_CHARS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb'
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "him", "her", "them", "me", "us", "his", "their"}
STOP = {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "and", "'s", "his", "her", "their", "its", "to"}


@dataclass
class Gold:
    """One gold attribution: content fragments, source and cue spans."""

    doc_id: str
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False


def split_of(name: str) -> str:
    """``dev`` for 70% of the articles, ``test`` for the rest, by a hash of the name."""
    return "dev" if int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 10 < 7 else "test"


def _raw_spans(field_: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field_.split(";"))]


def _offset_maps(raw: str, text: str) -> tuple[list[int], list[int]]:
    """Where each character offset of ``raw`` lies in ``text``, the same article after the suite
    repaired its mojibake on load ("JuliÃ¡n" -> "Julián" is one character shorter): one map for
    span starts, one for span ends (an end inside a repaired run goes to the run's end)."""
    starts, ends = [0] * (len(raw) + 1), [0] * (len(raw) + 1)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
        for i in range(i1, i2 + 1):
            equal = op == "equal"
            starts[i] = j1 + (i - i1) if equal else (j1 if i < i2 else j2)
            ends[i] = j1 + (i - i1) if equal else (j2 if i > i1 else j1)
    return starts, ends


def read_gold(name: str, annotator: str, text: str) -> list[Gold]:
    """The attributions of one article from its brat file. The annotation's offsets count
    characters of the article as distributed; where the suite repaired the text on load, they are
    carried over to the repaired text (20 of the 840 articles; without it 848 spans, "aid" for
    "said", were read one or more characters off)."""
    path = POLNEAR / "attributions" / f"{name}_{annotator}.ann"
    raw_path = POLNEAR / "text" / f"{name}.txt"
    raw = raw_path.read_text(encoding="utf-8") if raw_path.exists() else text
    maps = _offset_maps(raw, text) if raw != text else None
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            found = _raw_spans(where)
            spans[parts[0]] = (kind, [(maps[0][a], maps[1][b]) for a, b in found] if maps else found)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(p.split(":", 1) for p in parts[1].split()))
    out: list[Gold] = []
    for e in events:
        content = [s for k, v in e.items() if k.startswith("Content") for s in spans.get(v, ("", []))[1]]
        if not content:
            continue
        g = Gold(
            doc_id=name,
            content=sorted(content),
            source=[s for k, v in e.items() if k.startswith("Source") for s in spans.get(v, ("", []))[1]],
            cue=[s for k, v in e.items() if k.startswith("Cue") for s in spans.get(v, ("", []))[1]],
        )
        a, b = g.content[0][0], g.content[-1][1]
        body = text[a:b].strip()
        before = text[max(0, a - 1) : a]
        after = text[b : b + 1]
        two = "''"  # the two-apostrophe quotation mark of the NYT's archive text
        opens = body[:1] in QUOTE_CHARS or before in QUOTE_CHARS or body.startswith(two) or text[a - 2 : a] == two
        closes = (
            body.rstrip(".,;:!?")[-1:] in QUOTE_CHARS
            or after in QUOTE_CHARS
            or body[-1:] in QUOTE_CHARS
            or body.rstrip(".,;:!?").endswith(two)
            or text[b : b + 2] == two
        )
        g.direct = bool(opens and closes)
        out.append(g)
    return out


def articles(split: str) -> pd.DataFrame:
    """The articles of the split (name, annotator, publisher)."""
    if not POLNEAR.exists():
        sys.exit(f"skipped: {POLNEAR} is absent (PolNeAR is needed for this benchmark)")
    meta = pd.read_csv(POLNEAR / "metadata.tsv", sep="\t", dtype=str)
    meta["annotator"] = meta["annotators"].str.split("|").str[0].str.strip()
    meta["split"] = meta["filename"].map(split_of)
    return meta if split == "all" else meta[meta["split"] == split]


def parse(cache: Path) -> None:
    """Run the document steps of the suite (no stance) over every article; keep the tables."""
    from analysis.run.pipeline import run_pipeline

    corpus = cache / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for p in sorted((POLNEAR / "text").glob("*.txt")):
        (corpus / p.name).write_bytes(p.read_bytes())
    t = run_pipeline(corpus, actors=ACTORS, scorer=None, similarity=False)
    for name in ("docs", "sentences", "syntax", "mentions", "references", "quotes", "skipped"):
        frame = t.get(name)
        if frame is not None:
            frame.to_parquet(cache / f"{name}.parquet", index=False)
    print(f"parsed {len(t['docs'])} articles into {cache}; skipped {len(t['skipped'])}")


def learn_cues(cache: Path, *, min_rate: float = 0.5, min_count: int = 8, clausal: bool = False) -> pd.DataFrame:
    """The verbs that are attribution cues in most of their uses, learned from the dev split:
    per lemma, how many of its verb tokens lie inside a gold cue span (``n_cue``) of all its verb
    tokens (``n_verb``); kept where the rate is at least ``min_rate`` over ``min_count`` cues.
    ``clausal``: counting only the verb tokens that govern a clause (a ``ccomp`` child: "polls
    show that ...", "he believes the deal ..."), and leaving out the verbs that are cues anyway."""
    meta = articles("dev")
    syn = pd.read_parquet(cache / "syntax.parquet")
    docs = pd.read_parquet(cache / "docs.parquet")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    syn = syn[syn["doc_id"].isin(set(meta["filename"]))]
    if clausal:  # and outside quotation marks, where the suite looks for reporting verbs
        ccomp = syn[syn["dep"] == "ccomp"]
        governs = set(zip(ccomp["doc_id"], ccomp["sent_id"], ccomp["head"]))
        syn = syn[[k in governs for k in zip(syn["doc_id"], syn["sent_id"], syn["tok"])]]
        from analysis.text.sentences import doc_quote_spans

        quotes = doc_quote_spans(docs, pd.read_parquet(cache / "sentences.parquet"))
        syn = syn[[not any(a <= x < b for a, b in quotes.get(d, ())) for d, x in zip(syn["doc_id"], syn["start"])]]
    syn = syn[syn["pos"].isin(["VERB", "AUX"])]
    cues: dict[str, list[tuple[int, int]]] = {}
    for name, annot in zip(meta["filename"], meta["annotator"]):
        if name in texts:
            cues[name] = [c for g in read_gold(name, annot, texts[name]) for c in g.cue]
    inside = [
        any(a <= s and e <= b for a, b in cues.get(d, ())) for d, s, e in zip(syn["doc_id"], syn["start"], syn["end"])
    ]
    t = syn.assign(cue=inside, lemma=syn["lemma"].str.lower()).groupby("lemma")["cue"].agg(["sum", "count"])
    t = t.rename(columns={"sum": "n_cue", "count": "n_verb"})
    t["rate"] = (t["n_cue"] / t["n_verb"]).round(3)
    t = t[(t["rate"] >= min_rate) & (t["n_cue"] >= min_count)].sort_values("rate", ascending=False)
    if clausal:
        from analysis.framing.cues import attribution_cues

        t = t[~t.index.isin(attribution_cues())]
    return t.reset_index()


def learn_speaker_nouns(cache: Path, *, min_count: int = 3) -> pd.DataFrame:
    """The nouns that head a gold attribution's source ("officials said", "the poll shows") at
    least ``min_count`` times in the dev articles, leaving out the articles of the hand-coded
    they/it sample (tests/gold/pronoun_speakers/they_cases.csv) that the nouns are measured on:
    per lemma, ``n_source`` such heads of ``n_noun`` uses as a noun."""
    meta = articles("dev")
    held = set(pd.read_csv(ROOT / "tests" / "gold" / "pronoun_speakers" / "they_cases.csv")["doc_id"])
    meta = meta[~meta["filename"].isin(held)]
    syn = pd.read_parquet(cache / "syntax.parquet")
    syn = syn[syn["doc_id"].isin(set(meta["filename"]))]
    docs = pd.read_parquet(cache / "docs.parquet")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    by_doc = dict(list(syn.groupby("doc_id")))
    heads: dict[str, int] = {}
    for name, annot in zip(meta["filename"], meta["annotator"]):
        if name not in texts or name not in by_doc:
            continue
        toks = by_doc[name]
        for g in read_gold(name, annot, texts[name]):
            if not g.source:
                continue
            a, b = g.source[0]
            inside = toks[(toks["start"] >= a) & (toks["end"] <= b)]
            ids = set(zip(inside["sent_id"], inside["tok"]))
            top = inside[[(s, h) not in ids for s, h in zip(inside["sent_id"], inside["head"])]]
            if len(top) and top["pos"].iloc[0] == "NOUN":
                lemma = str(top["lemma"].iloc[0]).lower()
                heads[lemma] = heads.get(lemma, 0) + 1
    nouns = syn[syn["pos"] == "NOUN"]["lemma"].str.lower().value_counts()
    t = pd.DataFrame({"n_source": pd.Series(heads, dtype=int)})
    t["n_noun"] = [int(nouns.get(w, 0)) for w in t.index]
    t = t[t["n_source"] >= min_count].sort_values(["n_source"], ascending=False, kind="stable")
    return t.rename_axis("lemma").reset_index()


def _dev_tables(
    cache: Path, names: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str], dict[str, list[tuple[int, int]]]]:
    """For the dev articles ``names``: their metadata, the cached syntax table, the texts and the
    quotation spans, for the learners."""
    from analysis.text.sentences import doc_quote_spans

    meta = articles("dev")
    meta = meta[meta["filename"].isin(names)]
    syn = pd.read_parquet(cache / "syntax.parquet")
    syn = syn[syn["doc_id"].isin(names)]
    docs = pd.read_parquet(cache / "docs.parquet")
    docs = docs[docs["doc_id"].isin(names)]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sents = pd.read_parquet(cache / "sentences.parquet")
    return meta, syn, texts, doc_quote_spans(docs, sents[sents["doc_id"].isin(names)])


def learn_noun_cues(cache: Path, names: set[str]) -> pd.DataFrame:
    """The noun and adjective cue table learned from the dev articles ``names``: per form and
    lemma (:func:`~analysis.framing.noun_cues.candidate`, outside quotation marks), the uses and
    those inside a gold cue whose content the candidate's content covers by at least 30%."""
    from analysis.framing.noun_cues import candidate
    from analysis.text.syntax import iter_parsed

    meta, syn, texts, quotes = _dev_tables(cache, names)
    gold = {n: read_gold(n, a, texts[n]) for n, a in zip(meta["filename"], meta["annotator"]) if n in texts}
    counts: dict[tuple[str, str], list[int]] = {}
    for s in iter_parsed(syn):
        spans = quotes.get(s.doc_id, ())
        for k in range(len(s)):
            if s.pos[k] not in ("NOUN", "ADJ") or any(a <= s.start[k] < b for a, b in spans):
                continue
            found = candidate(s, k)
            if found is None:
                continue
            a, b = s.start[found[1][0]], s.end[found[1][-1]]
            hit = any(
                any(x <= s.start[k] < y for x, y in g.cue)
                and _overlap(a, b, g.content) >= 0.3 * (sum(y - x for x, y in g.content) or 1)
                for g in gold.get(s.doc_id, ())
            )
            c = counts.setdefault((found[0], s.lemma[k].lower()), [0, 0])
            c[0] += 1
            c[1] += hit
    t = pd.DataFrame([(f, w, n, h) for (f, w), (n, h) in counts.items()], columns=["form", "lemma", "n", "hits"])
    return t.sort_values(["form", "n", "lemma"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _use_noun_cues(table: pd.DataFrame) -> None:
    """Make the package read ``table`` (:func:`learn_noun_cues`) as its noun cue table."""
    import analysis.framing.noun_cues as module

    got = {(f, w): (int(n), int(h)) for f, w, n, h in table[["form", "lemma", "n", "hits"]].itertuples(index=False)}
    module.noun_cue_table = lambda: got  # type: ignore[assignment]


def _share(name: str) -> float:
    """Where an article falls in [0, 1), independent of its fold: ``--train-share`` keeps the
    training articles below the share (a learning curve)."""
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 1000 / 1000


def _use_oracle_cues(meta: pd.DataFrame, texts: dict[str, str]) -> None:
    """Make the suite's learned-cue decision the gold's: a verb the lists do not know, with
    something to attribute, is a cue where it lies inside a gold cue (``--oracle-cues``: the F1
    a perfect cue model would reach with everything else as it is)."""
    import analysis.framing.quotes as quotes_module
    from analysis.framing.cues import is_cue_candidate, is_reporting

    gold_cues = {
        n: [c for g in read_gold(n, a, texts[n]) for c in g.cue]
        for n, a in zip(meta["filename"], meta["annotator"])
        if n in texts
    }

    def oracle(s: Sentence, k: int, **_: object) -> bool:
        inside = any(a <= s.start[k] < b for a, b in gold_cues.get(s.doc_id, ()))
        return inside and not is_reporting(s, k) and is_cue_candidate(s, k)

    quotes_module.is_learned_cue = oracle  # type: ignore[assignment]


def _fold(name: str) -> int:
    """Which half of the dev articles an article is in, for cross-fitting the cue model."""
    return int(hashlib.md5(name.encode()).hexdigest(), 16) % 2


def train_cue_model(
    cache: Path,
    names: set[str],
    *,
    c: float = 0.5,
    min_count: int = 2,
    lemma: bool = False,
    scale: float = 0.1,
) -> tuple[float, dict[str, float]]:
    """The cue model learned from the articles ``names`` (dev articles only): a logistic
    regression over :func:`~analysis.framing.cues.cue_features` of every verb outside quotation
    marks that the cue lists do not know and that has something to attribute; the label is whether
    the verb lies inside a gold cue. Features seen fewer than ``min_count`` times are left out.
    ``lemma``: the lemma-vector model (the default model above the gate), with the vector of the
    verb's lemma read alone (:func:`~analysis.framing.cue_context.lemma_vector`, standardised and
    times ``scale``) as features ``vec:0`` ..., the standardisation folded into the weights and
    the intercept."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from analysis.framing.cue_context import lemma_vector
    from analysis.framing.cues import cue_features

    rows: list[dict[str, int]] = []
    labels: list[bool] = []
    vectors: list[np.ndarray] = []
    for s, k, label in _cue_candidates(cache, names):
        rows.append(dict.fromkeys(cue_features(s, k), 1))
        labels.append(label)
        if lemma:
            vectors.append(lemma_vector(s.lemma[k].lower()))
    counts: dict[str, int] = {}
    for r in rows:
        for f in r:
            counts[f] = counts.get(f, 0) + 1
    rows = [{f: 1 for f in r if counts[f] >= min_count} for r in rows]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    if lemma:
        v = np.asarray(vectors, dtype=np.float64)
        mu, sd = v.mean(axis=0), v.std(axis=0) + 1e-6
        x = sp.hstack([x, sp.csr_matrix((v - mu) / sd * scale)]).tocsr()
    clf = LogisticRegression(C=c, max_iter=5000).fit(x, np.array(labels))
    names_ = list(vec.get_feature_names_out())
    coef = clf.coef_[0]
    weights = {f: float(w) for f, w in zip(names_, coef[: len(names_)]) if abs(w) >= 1e-3}
    intercept = float(clf.intercept_[0])
    if lemma:  # w * scale * (x - mu) / sd: the weight on x and a constant
        wv = coef[len(names_) :] * scale / sd
        intercept -= float(np.dot(wv, mu))
        weights.update({f"vec:{i}": float(w) for i, w in enumerate(wv)})
    return intercept, weights


def _use_cue_model(model: tuple[float, dict[str, float]], lemma: tuple[float, dict[str, float]] | None) -> None:
    """Make the package read ``model`` as its cue model and ``lemma`` as its lemma-vector model
    (for cross-fitted scoring); ``lemma`` None: the sparse model alone decides (no verb reaches
    the gate)."""
    import analysis.framing.cue_context as context_module
    import analysis.framing.cues as cues_module

    cues_module.cue_model = lambda: model  # type: ignore[assignment]
    if lemma is not None:
        sparse, vec = context_module.split_weights(lemma[1])
        context_module.lemma_model = lambda m=(lemma[0], sparse, vec): m  # type: ignore[assignment]
    context_module.GATE = context_module.GATE if lemma is not None else 1.01  # type: ignore[misc]


_NO_LOGIT: list[str] = []  # the verbs asked about that the logits file has not (printed by score)


def _use_cue_logits(path: Path) -> None:
    """Make the fine-tuned encoder's decision (``--cue-context``) read each verb's logit from
    ``path`` (``doc_id<TAB>start`` -> logit, written by ``training/train_cue.py --cross-fit``: each
    dev half's from the model trained on the other half)."""
    import json

    import analysis.framing.cue_context as context_module

    if not path.is_file():
        raise SystemExit(f"{path}: no such file (write it with training/train_cue.py --cross-fit {path})")
    logits = json.loads(path.read_text(encoding="utf-8"))

    def cross_fitted(s: Sentence, k: int) -> float:
        key = f"{s.doc_id}\t{s.start[k]}"
        if key not in logits:  # inside quotation marks: never a learned cue
            _NO_LOGIT.append(key)
            return 0.0
        return 1.0 / (1.0 + math.exp(-logits[key]))

    context_module.finetuned_probability = cross_fitted  # type: ignore[assignment]


def _cue_candidates(cache: Path, names: set[str]) -> Iterator[tuple[Sentence, int, bool]]:
    """Every verb of the dev articles ``names`` outside quotation marks that the cue lists do not
    know and that has something to attribute, and whether it lies inside a gold cue."""
    from analysis.framing.cues import is_cue_candidate, is_reporting
    from analysis.text.syntax import iter_parsed

    meta, syn, texts, quotes = _dev_tables(cache, names)
    cues = {
        n: [c for g in read_gold(n, a, texts[n]) for c in g.cue] for n, a in zip(meta["filename"], meta["annotator"])
    }
    for s in iter_parsed(syn):
        spans = quotes.get(s.doc_id, ())
        for k in range(len(s)):
            if not is_cue_candidate(s, k) or is_reporting(s, k) or any(a <= s.start[k] < b for a, b in spans):
                continue
            yield s, k, any(a <= s.start[k] < b for a, b in cues.get(s.doc_id, ()))


def cue_rows(cache: Path, out: Path) -> int:
    """Write the dev articles' candidate verbs by sentence as JSON lines for
    ``training/train_cue.py``: the article, its cross-fitting half, the sentence's text, each
    verb's character offsets in it and in the article, and whether it lies inside a gold cue.
    Returns the number of sentences."""
    import json

    from analysis.framing.cue_context import sentence_text

    by_sentence: dict[tuple[str, int], dict[str, Any]] = {}
    for s, k, label in _cue_candidates(cache, set(articles("dev")["filename"])):
        row = by_sentence.setdefault(
            (s.doc_id, s.start[0]),
            {
                "doc": s.doc_id,
                "fold": _fold(s.doc_id),
                "text": sentence_text(s),
                "verbs": [],
                "starts": [],
                "labels": [],
            },
        )
        row["verbs"].append([s.start[k] - s.start[0], s.end[k] - s.start[0]])
        row["starts"].append(s.start[k])
        row["labels"].append(label)
    with open(out, "w", encoding="utf-8") as f:
        for row in by_sentence.values():
            f.write(json.dumps(row) + "\n")
    return len(by_sentence)


def _overlap(a: int, b: int, spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in spans)


def match(
    gold: list[list[tuple[int, int]]], found: list[list[tuple[int, int]]], *, overlap: float
) -> list[tuple[int, int]]:
    """The (gold, found) index pairs the scoring rule matches: found content covering at least
    ``overlap`` of the gold content's characters; one-to-one, greedy, largest share first."""
    pairs = []
    for i, g in enumerate(gold):
        glen = sum(b - a for a, b in g) or 1
        for j, f in enumerate(found):
            share = sum(_overlap(a, b, g) for a, b in f) / glen
            if share >= overlap:
                pairs.append((share, i, j))
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_f:
            used_g.add(i)
            used_f.add(j)
            out.append((i, j))
    return out


def content_cover(
    length: int, gold: list[list[tuple[int, int]]], found: list[list[tuple[int, int]]]
) -> tuple[int, int, int]:
    """The characters of a text of ``length`` inside some gold content and some found content,
    inside some found content, and inside some gold content (each character counted once, however
    many contents hold it): a check of contents' extent that an over-long content does not win."""
    in_gold, in_found = np.zeros(length, bool), np.zeros(length, bool)
    for spans, mask in ((gold, in_gold), (found, in_found)):
        for parts in spans:
            for a, b in parts:
                mask[a:b] = True
    return int((in_gold & in_found).sum()), int(in_found.sum()), int(in_gold.sum())


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", s.lower()) if w not in STOP}


def load_tables(cache: Path, names: set[str]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame | None]:
    """The cached document tables (docs, sentences, syntax, mentions) and the references (None
    where the cache has none) of the articles ``names``."""
    tabs = {n: pd.read_parquet(cache / f"{n}.parquet") for n in ("docs", "sentences", "syntax", "mentions")}
    tabs = {n: f[f["doc_id"].isin(names)] for n, f in tabs.items()}
    refs = cache / "references.parquet"
    references = pd.read_parquet(refs) if refs.exists() else None
    return tabs, references[references["doc_id"].isin(names)] if references is not None else None


def suite_quotes(
    tabs: dict[str, pd.DataFrame], references: pd.DataFrame | None, *, context: bool = False, nouns: bool = True
) -> pd.DataFrame:
    """The suite's quotes table over the tables of :func:`load_tables` (the bench's actor file);
    ``context``: with the contextual cue model (``--cue-context``); ``nouns``: with noun and
    adjective cues."""
    from analysis.framing.quotes import find_quotes
    from analysis.ingest.actors import load_actors

    actors = load_actors(ACTORS)
    return find_quotes(
        tabs["syntax"],
        tabs["sentences"],
        tabs["mentions"],
        tabs["docs"],
        actors,
        references=references,
        context=context,
        nouns=nouns,
    )


def speaker_agrees(source: str, spans: list[tuple[int, int]], speaker: str, a: int, b: int) -> bool:
    """The speaker rule: ``speaker`` (its attribution span ``a``-``b``) agrees with a gold source
    (its text and ``spans``) when it shares a word with it, or names someone for a gold source
    that lies inside the span (a pronoun, say, whose referent PolNeAR does not give)."""
    inside = all(a <= x and y <= b for x, y in spans)
    return bool(speaker) and (bool(_words(source) & _words(speaker)) or inside)


def cue_words(text: str) -> set[str]:
    """The words (and a colon or a dash) of a cue, lower-cased, for the verb rule."""
    return set(re.findall(r"[\w']+|[:\-–—]", text.lower()))


_HEAD_ORDER = {"VERB": 0, "ADJ": 1, "NOUN": 2, "ADP": 3, "AUX": 4}


def miss_type(g: Gold, found: list[list[tuple[int, int]]], words: dict[int, tuple[str, str]]) -> str:
    """What kind of miss gold attribution ``g`` is: ``content found in part`` where a found
    content (``found``) overlaps it but under the rule's share; else by its cue's head word (a verb
    before an adjective, a noun, a preposition, an auxiliary; ``words``: the document's tokens,
    start -> (part of speech, lemma)): ``listed verb`` (a reporting verb of the lists, its content
    not found), ``other verb``, ``adjective``, ``noun``, ``preposition``, ``no cue word`` (a colon,
    a dash, none)."""
    from analysis.framing.cues import attribution_cues

    if any(_overlap(a, b, g.content) for f in found for a, b in f):
        return "content found in part"
    heads = [words[x] for a, b in g.cue for x in range(a, b) if words.get(x, ("", ""))[0] in _HEAD_ORDER]
    if not heads:
        return "no cue word"
    pos, lemma = min(heads, key=lambda w: _HEAD_ORDER[w[0]])
    if pos in ("VERB", "AUX"):
        return "listed verb" if lemma.lower() in attribution_cues() else "other verb"
    return {"ADJ": "adjective", "NOUN": "noun", "ADP": "preposition"}[pos]


def score(
    *,
    split: str,
    cache: Path,
    overlap: float,
    misses: int,
    cross_fit: bool = False,
    context: bool = False,
    nouns: bool = True,
    lemma: bool = True,
    train_share: float = 1.0,
    oracle_cues: bool = False,
    cue_logits: Path | None = None,
) -> int:
    meta = articles(split)
    keep = set(meta["filename"])
    sub, refs_sub = load_tables(cache, keep)
    docs = sub["docs"]
    if oracle_cues:
        _use_oracle_cues(meta, dict(zip(docs["doc_id"], docs["text"])))
    if cue_logits is not None:
        _use_cue_logits(cue_logits)
    if cross_fit:  # each half of dev scored with the cue model learned from the other half
        found_parts = []
        for f in (0, 1):
            other = {n for n in keep if _fold(n) != f and _share(n) < train_share}
            lem = train_cue_model(cache, other, lemma=True) if lemma else None
            _use_cue_model(train_cue_model(cache, other), lem)
            _use_noun_cues(learn_noun_cues(cache, other))
            part = {n for n in keep if _fold(n) == f}
            fs = {n: x[x["doc_id"].isin(part)] for n, x in sub.items()}
            rs = refs_sub[refs_sub["doc_id"].isin(part)] if refs_sub is not None else None
            found_parts.append(suite_quotes(fs, rs, context=context, nouns=nouns))
        quotes = pd.concat(found_parts, ignore_index=True)
    else:
        if not lemma:  # the shipped models, the sparse one alone deciding
            import analysis.framing.cue_context as context_module

            context_module.GATE = 1.01  # type: ignore[misc]
        quotes = suite_quotes(sub, refs_sub, context=context, nouns=nouns)
    quotes = quotes[quotes["is_speech"].astype(bool)]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    stats = {"direct": [0, 0, 0], "all": [0, 0, 0]}  # tp, found, gold
    spk = [0, 0]
    named = [0, 0]
    verb = [0, 0]
    chars = [0, 0, 0]  # matched pairs' content: shared, found, gold characters
    cover = [0, 0, 0]  # every row's content: characters in both, in the found, in the gold
    missed: list[tuple[str, str]] = []
    kinds: dict[str, int] = {}
    syn = sub["syntax"]
    words = {
        d: dict(zip(x["start"], zip(x["pos"], x["lemma"])))
        for d, x in syn[["doc_id", "start", "pos", "lemma"]].groupby("doc_id")
    }
    wrong_speaker: list[tuple[str, str, str]] = []
    spurious: list[tuple[str, str]] = []
    for name, annot in zip(meta["filename"], meta["annotator"]):
        if name not in texts:
            continue
        text = texts[name]
        gold = read_gold(name, annot, text)
        q = quotes[quotes["doc_id"] == name]
        found = []
        for _, g in q.groupby("group", sort=False):
            found.append(
                {
                    "spans": list(zip(g["start"], g["end"])),
                    "kind": g["kind"].iloc[0],
                    "speaker": str(g["speaker"].iloc[0]),
                    "sa": int(g["attribution_start"].iloc[0]),
                    "sb": int(g["attribution_end"].iloc[0]),
                    "verb": str(g["verb_text"].iloc[0]),
                    "how": str(g["how"].iloc[0]),
                }
            )
        for i, n in enumerate(content_cover(len(text), [g.content for g in gold], [f["spans"] for f in found])):
            cover[i] += n
        for which in ("direct", "all"):
            gs = [g for g in gold if g.direct] if which == "direct" else gold
            fs = [f for f in found if f["kind"] == "direct"] if which == "direct" else found
            used_g: set[int] = set()
            used_f: set[int] = set()
            for i, j in match([g.content for g in gs], [f["spans"] for f in fs], overlap=overlap):
                used_g.add(i)
                used_f.add(j)
                if which == "all":
                    g, f = gs[i], fs[j]
                    chars[0] += sum(_overlap(a, b, g.content) for a, b in f["spans"])
                    chars[1] += sum(b - a for a, b in f["spans"])
                    chars[2] += sum(b - a for a, b in g.content)
                    if g.source:
                        src = " ".join(text[a:b] for a, b in g.source)
                        ok = speaker_agrees(src, g.source, f["speaker"], f["sa"], f["sb"])
                        spk[0] += ok
                        spk[1] += 1
                        if not set(src.lower().split()) <= PRONOUNS:  # a named source: checked in full
                            named[0] += ok
                            named[1] += 1
                        if not ok:
                            wrong_speaker.append((name, src, f"{f['speaker']!r} ({f['how']})"))
                    if g.cue and f["verb"]:
                        verb[0] += f["verb"].lower() in cue_words(" ".join(text[a:b] for a, b in g.cue))
                        verb[1] += 1
            st = stats[which]
            st[0] += len(used_g)
            st[1] += len(fs)
            st[2] += len(gs)
            if which == "all":
                for i, g in enumerate(gs):
                    if i not in used_g:
                        kind = miss_type(g, [f["spans"] for f in fs], words.get(name, {}))
                        kinds[kind] = kinds.get(kind, 0) + 1
                        cue = " ".join(text[a:b] for a, b in g.cue)
                        missed.append(
                            (cue.lower(), f"{name}: [{cue}] {text[g.content[0][0] : g.content[-1][1]][:100]}")
                        )
                for j, f in enumerate(fs):
                    if j not in used_f:
                        a, b = f["spans"][0]
                        spurious.append((f["verb"], f"{name}: [{f['verb']}] {text[a:b][:100]}"))
    print(f"split {split}: {len(meta)} articles, content overlap >= {overlap:.0%} of the gold content")
    for which, (tp, nf, ng) in stats.items():
        p = tp / nf if nf else float("nan")
        r = tp / ng if ng else float("nan")
        f1 = 2 * p * r / (p + r) if p + r else float("nan")
        print(f"  {which:7s} gold {ng:5d} found {nf:5d} matched {tp:5d}  P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    print(f"  speaker right {spk[0]}/{spk[1]} = {spk[0] / max(spk[1], 1):.3f}")
    print(
        f"  speaker right where the gold source is not a pronoun {named[0]}/{named[1]}"
        f" = {named[0] / max(named[1], 1):.3f}"
    )
    print(f"  verb right    {verb[0]}/{verb[1]} = {verb[0] / max(verb[1], 1):.3f}")
    cp, cr = chars[0] / max(chars[1], 1), chars[0] / max(chars[2], 1)
    print(
        f"  content of the matched (characters): P {cp:.3f} R {cr:.3f} F1 {2 * cp * cr / max(cp + cr, 1e-9):.3f}"
        " (the found content's characters inside the gold content, and the gold's found)"
    )
    cp, cr = cover[0] / max(cover[1], 1), cover[0] / max(cover[2], 1)
    print(f"  content of every row (characters): P {cp:.3f} R {cr:.3f} F1 {2 * cp * cr / max(cp + cr, 1e-9):.3f}")
    print(
        "  missed attributions by type:", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))
    )
    cues = pd.Series([c for c, _ in missed]).value_counts()
    print("  missed attributions by cue (top 25):", ", ".join(f"{c!r} {n}" for c, n in cues.head(25).items()))
    if cue_logits is not None:
        print(f"  verbs asked about that {cue_logits} has no logit for (inside quotation marks): {len(set(_NO_LOGIT))}")
    if misses:
        for _, line in missed[:misses]:
            print("   miss:", line)
        for line in wrong_speaker[:misses]:
            print("   speaker:", line)
        for _, line in spurious[:misses]:
            print("   spurious:", line)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parse")
    p.add_argument("--cache", type=Path, default=CACHE)
    c = sub.add_parser("cues", help="learn the cue verbs from the dev split and write them into the package")
    c.add_argument("--cache", type=Path, default=CACHE)
    c.add_argument("--min-rate", type=float, default=0.5)
    c.add_argument("--clausal", action="store_true", help="the verbs that are cues when they govern a clause")
    s = sub.add_parser("score")
    s.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    s.add_argument("--cache", type=Path, default=CACHE)
    s.add_argument("--overlap", type=float, default=0.3)
    s.add_argument("--misses", type=int, default=0)
    s.add_argument("--cross-fit", action="store_true", help="dev only: each half with the cue model of the other half")
    s.add_argument("--context", action="store_true", help="with the fine-tuned cue encoder (the run's --cue-context)")
    s.add_argument(
        "--cue-logits",
        type=Path,
        help="with --cross-fit --context: the fine-tuned encoder logits of training/train_cue.py --cross-fit",
    )
    s.add_argument("--no-nouns", action="store_true", help="without the noun and adjective cues")
    s.add_argument("--no-lemma", action="store_true", help="the sparse cue model alone (no lemma-vector model)")
    s.add_argument(
        "--train-share",
        type=float,
        default=1.0,
        help="with --cross-fit: learn from this share of the other half only (a learning curve)",
    )
    s.add_argument(
        "--oracle-cues",
        action="store_true",
        help="the gold decides which verbs outside the lists are cues: the ceiling of a perfect cue model",
    )
    n = sub.add_parser("speaker-nouns", help="learn the nouns that speak from the dev split, into the package")
    n.add_argument("--cache", type=Path, default=CACHE)
    m = sub.add_parser("cue-model", help="learn the cue model from the dev split and write it into the package")
    m.add_argument("--cache", type=Path, default=CACHE)
    m.add_argument("--lemma-only", action="store_true", help="only the lemma-vector model (the others kept)")
    r = sub.add_parser("cue-rows", help="the dev split's candidate verbs by sentence, for training/train_cue.py")
    r.add_argument("--cache", type=Path, default=CACHE)
    r.add_argument("--out", type=Path, required=True)
    nc = sub.add_parser("noun-cues", help="learn the noun and adjective cues from the dev split, into the package")
    nc.add_argument("--cache", type=Path, default=CACHE)
    a = ap.parse_args()
    if a.cmd == "score" and a.train_share < 1 and not a.cross_fit:
        ap.error("--train-share needs --cross-fit (the shipped models learned from every dev article)")
    if a.cmd == "score" and a.cross_fit and a.context and a.cue_logits is None:
        ap.error(
            "--cross-fit --context needs --cue-logits (the fine-tuned encoder is trained by training/train_cue.py)"
        )
    if a.cmd == "score" and a.cue_logits is not None and not (a.cross_fit and a.context):
        ap.error("--cue-logits needs --cross-fit --context (without them the shipped encoder decides)")
    if a.cmd == "cue-rows":
        print(f"wrote {cue_rows(a.cache, a.out)} sentences to {a.out}")
        return 0
    if a.cmd == "parse":
        parse(a.cache)
        return 0
    if a.cmd == "speaker-nouns":
        t = learn_speaker_nouns(a.cache)
        out = ROOT / "analysis" / "framing" / "models" / "speaker_nouns.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# Nouns that head an attribution's source in PolNeAR's dev split at least 3 times (the articles\n")
            f.write(
                "# of tests/gold/pronoun_speakers/they_cases.csv left out), by bench/attribution.py speaker-nouns\n"
            )
            t.to_csv(f, sep="\t", index=False)
        print(f"wrote {len(t)} nouns to {out}")
        return 0
    if a.cmd == "cue-model":
        dev = set(articles("dev")["filename"])
        kinds = ["lemma"] if a.lemma_only else ["sparse", "lemma"]
        for kind in kinds:
            context = kind != "sparse"
            intercept, weights = train_cue_model(a.cache, dev, lemma=context)
            name = {"sparse": "model", "lemma": "lemma"}[kind]
            name = f"attribution_cue_{name}.tsv"
            out = ROOT / "analysis" / "framing" / "models" / name
            with open(out, "w", encoding="utf-8") as f:
                f.write("# Attribution cue model learned from PolNeAR's dev split by bench/attribution.py cue-model\n")
                f.write("# (logistic regression, C 0.5, features seen twice or more; feature, weight)\n")
                if context:
                    f.write("# with its lemma's vector read alone (vec:i; standardised, times 0.1, folded in)\n")
                f.write(f"(intercept)\t{intercept:.6f}\n")
                for name in sorted(
                    weights, key=lambda f: (f.startswith("vec:"), int(f[4:]) if f.startswith("vec:") else 0, f)
                ):
                    f.write(f"{name}\t{weights[name]:.6f}\n")
            print(f"wrote {len(weights)} feature weights to {out}")
        return 0
    if a.cmd == "noun-cues":
        t = learn_noun_cues(a.cache, set(articles("dev")["filename"]))
        out = ROOT / "analysis" / "framing" / "models" / "attribution_noun_cues.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# Noun and adjective cues learned from PolNeAR's dev split by bench/attribution.py noun-cues\n")
            f.write("# (per form and lemma: uses outside quotation marks, and those inside a gold cue whose content\n")
            f.write("# they cover by 30% or more; analysis.framing.noun_cues.is_noun_cue reads it)\n")
            t.to_csv(f, sep="\t", index=False)
        print(f"wrote {len(t)} (form, lemma) rows to {out}")
        return 0
    if a.cmd == "cues":
        t = learn_cues(a.cache, min_rate=a.min_rate, clausal=a.clausal)
        name = "attribution_cues_clausal.tsv" if a.clausal else "attribution_cues.tsv"
        out = ROOT / "analysis" / "framing" / "models" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            flag = " --clausal" if a.clausal else ""
            f.write(f"# Attribution cue verbs learned from PolNeAR's dev split by bench/attribution.py cues{flag}\n")
            if a.clausal:
                f.write("# (of the lemma's verb uses outside quotation marks that govern a clause, ")
                f.write(f"the share inside a gold cue >= {a.min_rate}, at least 8 cues; the other cues apart)\n")
            else:
                f.write(f"# (share of the lemma's verb uses inside a gold cue >= {a.min_rate}, at least 8 cues)\n")
            t.to_csv(f, sep="\t", index=False)
        print(f"wrote {len(t)} cue verbs to {out}")
        return 0
    return score(
        split=a.split,
        cache=a.cache,
        overlap=a.overlap,
        misses=a.misses,
        cross_fit=a.cross_fit,
        context=a.context,
        nouns=not a.no_nouns,
        lemma=not a.no_lemma,
        train_share=a.train_share,
        oracle_cues=a.oracle_cues,
        cue_logits=a.cue_logits,
    )


if __name__ == "__main__":
    raise SystemExit(main())
