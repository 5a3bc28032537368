"""Sentence-level text reuse: who re-published whose sentences, and what they changed.

Every sentence is compared with the sentences of the other documents that share a word trigram or
a content-word bigram with it (an inverted index of shingles, so a large corpus never compares all
pairs; on a small corpus every pair is compared). The closest sentence in each other document is
classified with these thresholds, on lower-cased, diacritic-folded word tokens (hyphens split):

- **verbatim**: the same token sequence, or a difflib ratio >= 0.97 (a stray word at most);
- **near-verbatim**: ratio >= 0.70; or at least 60% of the shorter sentence's word trigrams (and
  at least 4 of them) reappear; or a run of at least 7 words is copied unchanged; or runs of 3+
  copied words cover at least half of the shorter sentence: copied with light edits, copied
  into a longer sentence, or split into two;
- **paraphrase**: Dice overlap of content words (stop words removed) >= 0.40 with at least 5
  shared content words: the same claim reworded;
- **unrelated**: anything else.

For near-verbatim pairs the word-level edits (difflib opcodes) are listed, and an edit that
touches an actor mention in either sentence (or whose changed words are an actor form) is
flagged: what an outlet did to the wire copy it ran.
"""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher
from dataclasses import dataclass

import numpy as np
import pandas as pd
from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .textnorm import normalize

__all__ = [
    "THRESHOLDS", "RELATIONS", "ALIGN_COLUMNS", "EDIT_COLUMNS", "sentence_tokens", "classify_pair",
    "candidate_pairs", "align_sentences", "reuse_summary", "reuse_matrix", "reuse_edits",
]

RELATIONS = ("verbatim", "near-verbatim", "paraphrase", "unrelated")
_RANK = {r: i for i, r in enumerate(RELATIONS)}
THRESHOLDS = {
    "verbatim_ratio": 0.97, "near_ratio": 0.70, "near_containment": 0.60, "near_min_shared": 4,
    "near_run": 8, "near_run_share": 0.3, "near_block_cover": 0.5, "block_min": 4, "cover_min_words": 8,
    "para_dice": 0.4, "para_min_shared": 5,
}
ALIGN_COLUMNS = [
    "doc_a", "sent_a", "doc_b", "sent_b", "relation", "ratio", "containment", "longest_run", "block_cover",
    "dice", "shared_content", "edits", "n_words_a", "outlet_a", "outlet_b",
]
EDIT_COLUMNS = [
    "doc_a", "sent_a", "doc_b", "sent_b", "outlet_a", "outlet_b", "op", "text_a", "text_b", "start_a", "end_a",
    "start_b", "end_b", "concerns_actor", "actor",
]
_TOK = RegexpTokenizer(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class SentTokens:
    """Tokens of one sentence: lower-cased forms and their spans in the sentence text."""

    toks: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def content(self) -> frozenset[str]:
        return frozenset(t for t in self.toks if t not in ENGLISH_STOP_WORDS and len(t) > 1)

    @property
    def trigrams(self) -> frozenset[tuple[str, ...]]:
        return frozenset(zip(self.toks, self.toks[1:], self.toks[2:]))


def sentence_tokens(text: str) -> SentTokens:
    """Folded lower-case word tokens of a sentence (hyphens split), with spans into ``text``."""
    norm = normalize(text)
    flat = norm.text.replace("-", " ")
    spans = [norm.to_original(a, b) for a, b in _TOK.span_tokenize(flat)]
    toks = tuple(flat[a:b].lower() for a, b in _TOK.span_tokenize(flat))
    return SentTokens(toks, tuple(spans))


def classify_pair(a: SentTokens, b: SentTokens, *, thresholds: dict = THRESHOLDS) -> dict:
    """The measures and relation of one sentence pair."""
    sm = SequenceMatcher(None, a.toks, b.toks, autojunk=False)
    ratio = sm.ratio() if (a.toks or b.toks) else 0.0
    ta, tb = a.trigrams, b.trigrams
    shared3 = len(ta & tb)
    containment = shared3 / min(len(ta), len(tb)) if ta and tb else 0.0
    ca, cb = a.content, b.content
    shared_c = len(ca & cb)
    dice = 2 * shared_c / (len(ca) + len(cb)) if ca or cb else 0.0
    edits = sum(1 for op in sm.get_opcodes() if op[0] != "equal")
    blocks = [blk.size for blk in sm.get_matching_blocks() if blk.size]
    longest = max(blocks, default=0)
    shorter = min(len(a.toks), len(b.toks))
    cover = sum(x for x in blocks if x >= thresholds["block_min"]) / shorter if shorter >= thresholds["cover_min_words"] else 0.0
    if a.toks and (a.toks == b.toks or ratio >= thresholds["verbatim_ratio"]):
        rel = "verbatim"
    elif (ratio >= thresholds["near_ratio"]
          or (containment >= thresholds["near_containment"] and shared3 >= thresholds["near_min_shared"])
          or (longest >= thresholds["near_run"] and longest >= thresholds["near_run_share"] * shorter)
          or cover >= thresholds["near_block_cover"]):
        rel = "near-verbatim"
    elif dice >= thresholds["para_dice"] and shared_c >= thresholds["para_min_shared"]:
        rel = "paraphrase"
    else:
        rel = "unrelated"
    return {"relation": rel, "ratio": ratio, "containment": containment, "longest_run": longest, "block_cover": cover,
            "dice": dice, "shared_content": shared_c, "edits": edits}


def _shingles(t: SentTokens) -> set:
    """Index keys of a sentence: its word trigrams and its content-word bigrams."""
    content = [w for w in t.toks if w not in ENGLISH_STOP_WORDS and len(w) > 1]
    return set(t.trigrams) | {("c",) + pair for pair in zip(content, content[1:])}


def candidate_pairs(keys: list[tuple[str, int]], toks: list[SentTokens], *, max_df: int = 50) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of sentences of different documents sharing a shingle.

    A shingle found in more than ``max_df`` sentences (boilerplate, common phrases) is not used
    as a key: it would pair everything with everything.
    """
    index: dict = defaultdict(list)
    for i, t in enumerate(toks):
        for sh in _shingles(t):
            index[sh].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2 or len(members) > max_df:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if keys[i][0] != keys[j][0]:
                    pairs.add((i, j))
    return pairs


def align_sentences(
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    exhaustive: bool | None = None,
    include_unrelated: bool | None = None,
    max_df: int = 50,
) -> pd.DataFrame:
    """For every sentence and every other document, the closest sentence there and the relation.

    ``exhaustive`` compares all pairs (default: when there are at most 50 documents); otherwise
    only shingle candidates are compared. ``include_unrelated`` keeps best matches classified
    unrelated (default: with exhaustive comparison), so a small corpus gets the full alignment.
    Headlines are compared too.
    """
    if len(sentences) == 0:
        return pd.DataFrame(columns=ALIGN_COLUMNS)
    n_docs = sentences["doc_id"].nunique()
    exhaustive = n_docs <= 50 if exhaustive is None else exhaustive
    include_unrelated = exhaustive if include_unrelated is None else include_unrelated
    keys = list(zip(sentences["doc_id"], sentences["sent_id"].astype(int)))
    toks = [sentence_tokens(t) for t in sentences["text"]]
    nwords = [len(t.toks) for t in toks]
    if exhaustive:
        pairs = {(i, j) for i in range(len(keys)) for j in range(i + 1, len(keys)) if keys[i][0] != keys[j][0]}
    else:
        pairs = candidate_pairs(keys, toks, max_df=max_df)
    best: dict[tuple[int, str], tuple[tuple, int, dict]] = {}
    for i, j in pairs:
        m = classify_pair(toks[i], toks[j])
        score = (-_RANK[m["relation"]], m["ratio"], m["containment"], m["dice"])
        for x, y in ((i, j), (j, i)):
            key = (x, keys[y][0])
            if key not in best or score > best[key][0] or (score == best[key][0] and y < best[key][1]):
                best[key] = (score, y, m)
    outlet = dict(zip(docs["doc_id"], docs["outlet"]))
    rows = []
    for (x, doc_b), (_, y, m) in best.items():
        if m["relation"] == "unrelated" and not include_unrelated:
            continue
        rows.append({"doc_a": keys[x][0], "sent_a": keys[x][1], "doc_b": doc_b, "sent_b": keys[y][1], **m,
                     "n_words_a": nwords[x], "outlet_a": outlet.get(keys[x][0], keys[x][0]), "outlet_b": outlet.get(doc_b, doc_b)})
    out = pd.DataFrame(rows, columns=ALIGN_COLUMNS)
    return out.sort_values(["doc_a", "sent_a", "doc_b"]).reset_index(drop=True)


def reuse_summary(align: pd.DataFrame, sentences: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per document: the share of its words in sentences that also appear elsewhere, and where first.

    ``share_copied`` counts verbatim and near-verbatim sentences, ``share_shared`` adds
    paraphrases. A reused sentence "first appears" in the earliest-dated document among those
    sharing it; ``first_elsewhere_share`` is the share of the document's reused words that appear
    earlier elsewhere, ``first_here_share`` the share it is the earliest for, and the rest is
    undetermined (dates missing or equal).
    """
    cols = ["doc_id", "outlet", "n_words", "n_sentences", "n_sentences_copied", "share_copied", "share_shared",
            "first_here_share", "first_elsewhere_share", "undetermined_share", "copied_from"]
    if len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(docs.set_index("doc_id")["date"], errors="coerce", format="%Y-%m-%d")
    copied = align[align["relation"].isin(["verbatim", "near-verbatim"])] if len(align) else align
    shared = align[align["relation"] != "unrelated"] if len(align) else align
    rows = []
    for doc_id, grp in sentences.groupby("doc_id", sort=False):
        nw = dict(zip(grp["sent_id"], grp["n_words"]))
        total = sum(nw.values()) or 1
        c = copied[copied["doc_a"] == doc_id] if len(copied) else copied
        s_ids = set(c["sent_a"]) if len(c) else set()
        sh_ids = set(shared[shared["doc_a"] == doc_id]["sent_a"]) if len(shared) else set()
        here = elsewhere = undetermined = 0
        sources: dict[str, int] = defaultdict(int)
        d0 = dates.get(doc_id)
        for sid, others in (c.groupby("sent_a")["doc_b"] if len(c) else []):
            od = [dates.get(o) for o in others]
            if pd.isna(d0) or any(pd.isna(x) for x in od):
                undetermined += nw[sid]
            elif all(d0 < x for x in od):
                here += nw[sid]
            elif any(x < d0 for x in od):
                elsewhere += nw[sid]
                earliest = min(zip(od, others))[1]
                sources[earliest] += nw[sid]
            else:
                undetermined += nw[sid]
        reused = sum(nw[s] for s in s_ids) or 1
        rows.append({
            "doc_id": doc_id, "outlet": docs.set_index("doc_id").at[doc_id, "outlet"], "n_words": total,
            "n_sentences": len(grp), "n_sentences_copied": len(s_ids),
            "share_copied": sum(nw[s] for s in s_ids) / total, "share_shared": sum(nw[s] for s in sh_ids) / total,
            "first_here_share": here / reused if s_ids else np.nan, "first_elsewhere_share": elsewhere / reused if s_ids else np.nan,
            "undetermined_share": undetermined / reused if s_ids else np.nan,
            "copied_from": "; ".join(f"{k} ({v} words)" for k, v in sorted(sources.items(), key=lambda kv: -kv[1])),
        })
    return pd.DataFrame(rows, columns=cols)


def reuse_matrix(align: pd.DataFrame, sentences: pd.DataFrame, *, relations: tuple[str, ...] = ("verbatim", "near-verbatim")) -> pd.DataFrame:
    """Long table (doc_a, doc_b, share): share of doc_a's words in sentences it shares with doc_b."""
    if len(align) == 0:
        return pd.DataFrame(columns=["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"])
    words = sentences.groupby("doc_id")["n_words"].sum()
    nw = sentences.set_index(["doc_id", "sent_id"])["n_words"]
    sub = align[align["relation"].isin(relations)].copy()
    sub["w"] = [nw[(d, s)] for d, s in zip(sub["doc_a"], sub["sent_a"])]
    out = sub.groupby(["doc_a", "doc_b", "outlet_a", "outlet_b"]).agg(w=("w", "sum"), n_sentences=("sent_a", "nunique")).reset_index()
    out["share"] = out["w"] / out["doc_a"].map(words)
    return out[["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"]]


def reuse_edits(align: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Word-level edits of every near-verbatim (and inexact verbatim) pair, actor edits first.

    Each pair appears once (doc_a < doc_b). An edit concerns an actor when its words overlap an
    actor mention in either sentence; ``actor`` names it.
    """
    if len(align) == 0:
        return pd.DataFrame(columns=EDIT_COLUMNS)
    pairs = align[align["relation"].isin(["verbatim", "near-verbatim"]) & (align["edits"] > 0) & (align["doc_a"] < align["doc_b"])]
    sent = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    ment = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    by_sent = {k: list(zip(g["start"], g["end"], g["actor"])) for k, g in ment.groupby(["doc_id", "sent_id"])} if len(ment) else {}
    rows = []
    for rec in pairs.itertuples():
        sa, ta = sent.loc[(rec.doc_a, rec.sent_a)]
        sb, tb = sent.loc[(rec.doc_b, rec.sent_b)]
        A, B = sentence_tokens(ta), sentence_tokens(tb)
        for op, i1, i2, j1, j2 in SequenceMatcher(None, A.toks, B.toks, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            a0 = A.spans[i1][0] if i1 < i2 else (A.spans[i1 - 1][1] if i1 > 0 else 0)
            a1 = A.spans[i2 - 1][1] if i1 < i2 else a0
            b0 = B.spans[j1][0] if j1 < j2 else (B.spans[j1 - 1][1] if j1 > 0 else 0)
            b1 = B.spans[j2 - 1][1] if j1 < j2 else b0
            abs_a, abs_b = (sa + a0, sa + a1), (sb + b0, sb + b1)
            actors = {act for s, e, act in by_sent.get((rec.doc_a, rec.sent_a), []) if s < abs_a[1] and abs_a[0] < e}
            actors |= {act for s, e, act in by_sent.get((rec.doc_b, rec.sent_b), []) if s < abs_b[1] and abs_b[0] < e}
            rows.append({"doc_a": rec.doc_a, "sent_a": rec.sent_a, "doc_b": rec.doc_b, "sent_b": rec.sent_b,
                         "outlet_a": rec.outlet_a, "outlet_b": rec.outlet_b, "op": op,
                         "text_a": ta[a0:a1], "text_b": tb[b0:b1], "start_a": abs_a[0], "end_a": abs_a[1],
                         "start_b": abs_b[0], "end_b": abs_b[1], "concerns_actor": bool(actors), "actor": ", ".join(sorted(actors))})
    out = pd.DataFrame(rows, columns=EDIT_COLUMNS)
    return out.sort_values(["concerns_actor", "doc_a", "doc_b", "start_a"], ascending=[False, True, True, True]).reset_index(drop=True)
