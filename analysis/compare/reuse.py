"""Sentence-level text reuse: who re-published whose sentences, and what they changed.

Every sentence is compared with the sentences of the other documents that share a word trigram or
a content-word bigram with it (an inverted index of shingles, so a large corpus never compares all
pairs; on a small corpus every pair is compared, :mod:`analysis.compare.exhaustive` finding what
classifying every pair would find without classifying most of them). The closest sentence in
each other document is classified with these thresholds, on lower-cased, diacritic-folded word
tokens (hyphens split):

- **verbatim**: the same token sequence, or a difflib ratio >= 0.97 (a stray word at most);
- **near-verbatim**: ratio >= 0.70; or at least 60% of the shorter sentence's word trigrams (and
  at least 4 of them) reappear; or a run of at least 7 words is copied unchanged; or runs of 3+
  copied words cover at least half of the shorter sentence: copied with light edits, copied
  into a longer sentence, or split into two;
- **paraphrase**: Dice overlap of content words (stop words removed) >= 0.40 with at least 5
  shared content words: the same claim reworded;
- **unrelated**: anything else.

A copied pair that is the same quotation carried by both documents (``same_quote``, see
:mod:`analysis.compare.quoted`) stays in the alignment but is not counted as copied in the
summary, the matrix and the per-outlet copied share.

For near-verbatim pairs the word-level edits are listed by :mod:`analysis.compare.edits`.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import pandas as pd
from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.compare.exhaustive import closest_pairs
from analysis.compare.minhash import sentence_signatures
from analysis.compare.quoted import (
    copied_rows,
    quote_shares,
    quoted_share,
    quoted_spans,
    same_quotation,
    same_quote_rows,
)
from analysis.ingest.normalize import normalize
from analysis.tables.registry import columns

__all__ = [
    "ALIGN_COLUMNS",
    "RELATIONS",
    "THRESHOLDS",
    "align_sentences",
    "classify_pair",
    "outlet_reuse_matrix",
    "reuse_matrix",
    "reuse_summary",
    "reused_pairs",
    "sentence_tokens",
]

RELATIONS = ("verbatim", "near-verbatim", "paraphrase", "unrelated")
_RANK = {r: i for i, r in enumerate(RELATIONS)}
THRESHOLDS = {
    "verbatim_ratio": 0.97,
    "near_ratio": 0.70,
    "near_containment": 0.60,
    "near_min_shared": 4,
    "near_run": 8,
    "near_run_share": 0.3,
    "near_block_cover": 0.5,
    "block_min": 4,
    "cover_min_words": 8,
    "para_dice": 0.4,
    "para_min_shared": 5,
}
COPIED = ("verbatim", "near-verbatim")
ALIGN_COLUMNS = columns("reuse_alignment")
_TOK = RegexpTokenizer(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class SentTokens:
    """Tokens of one sentence: lower-cased forms, their spans, content words and word trigrams."""

    toks: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    content: frozenset[str]
    trigrams: frozenset[tuple[str, ...]]
    quoted: tuple[bool, ...] = ()


def sentence_tokens(text: str, *, quote_share: float | None = None) -> SentTokens:
    """Folded lower-case word tokens of a sentence (hyphens split), with spans into ``text`` and
    whether each lies inside quotation marks (see :func:`quoted_spans`)."""
    norm = normalize(text)
    flat = norm.text.replace("-", " ")
    spans = [norm.to_original(a, b) for a, b in _TOK.span_tokenize(flat)]
    toks = tuple(flat[a:b].lower() for a, b in _TOK.span_tokenize(flat))
    content = frozenset(t for t in toks if t not in ENGLISH_STOP_WORDS and len(t) > 1)
    quotes = quoted_spans(text, quote_share)
    quoted = tuple(any(qa <= a and b <= qb for qa, qb in quotes) for a, b in spans) if quotes else (False,) * len(toks)
    return SentTokens(toks, tuple(spans), content, frozenset(zip(toks, toks[1:], toks[2:])), quoted)


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
    matching = [blk for blk in sm.get_matching_blocks() if blk.size]
    blocks = [blk.size for blk in matching]
    longest = max(blocks, default=0)
    shorter = min(len(a.toks), len(b.toks))
    cover = (
        sum(x for x in blocks if x >= thresholds["block_min"]) / shorter
        if shorter >= thresholds["cover_min_words"]
        else 0.0
    )
    if a.toks and (a.toks == b.toks or ratio >= thresholds["verbatim_ratio"]):
        rel = "verbatim"
    elif (
        ratio >= thresholds["near_ratio"]
        or (containment >= thresholds["near_containment"] and shared3 >= thresholds["near_min_shared"])
        or (longest >= thresholds["near_run"] and longest >= thresholds["near_run_share"] * shorter)
        or cover >= thresholds["near_block_cover"]
    ):
        rel = "near-verbatim"
    elif dice >= thresholds["para_dice"] and shared_c >= thresholds["para_min_shared"]:
        rel = "paraphrase"
    else:
        rel = "unrelated"
    quoted, n_shared = quoted_share(a, b, matching)
    return {
        "relation": rel,
        "ratio": ratio,
        "containment": containment,
        "longest_run": longest,
        "block_cover": cover,
        "dice": dice,
        "shared_content": shared_c,
        "edits": edits,
        "quoted_share": quoted,
        "same_quote": rel in COPIED and bool(same_quotation(quoted, n_shared)),
    }


# the tokens of sentence_tokens (hyphens split words) in a folded, lower-cased text
def _align_lsh(
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    signatures: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Scalable reuse: LSH clusters of near-duplicate sentences, members linked to their cluster's first."""
    from analysis.compare.lsh import ArrayKeys, band_keys, copy_links, link_rows

    sig, seq, lens = signatures if signatures is not None else sentence_signatures(sentences["text"])
    doc = _positions(docs).reindex(sentences["doc_id"].to_numpy()).to_numpy(dtype=np.int64)
    seq, lens = np.asarray(seq, dtype=np.int64), np.asarray(lens, dtype=np.int64)
    links = copy_links(ArrayKeys(band_keys(sig)), doc, seq, lens)
    quote = quote_shares(sentences)
    return link_rows(links, doc, sentences["sent_id"].to_numpy(dtype=np.int64), lens, docs, quote=quote)


def _positions(docs: pd.DataFrame) -> pd.Series:
    """Each document's position in corpus order (the docs table's order), by doc_id."""
    return pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy())


def _lookup(keys: pd.Series, mapping: pd.Series, *, missing: float = np.nan) -> np.ndarray:
    """``mapping``'s values for ``keys`` (``missing`` where absent): a hash lookup of the distinct
    keys, without ``Series.map``'s element-wise path and re-casting for Arrow-backed strings."""
    if len(mapping) == 0:
        return np.full(len(keys), missing)
    codes, uniques = pd.factorize(keys)
    where = mapping.index.get_indexer(uniques)
    values = mapping.to_numpy()
    found = (
        values[where]
        if np.issubdtype(values.dtype, np.integer) and (where >= 0).all()
        else np.where(where >= 0, values[np.maximum(where, 0)], missing)
    )
    return found[codes] if len(codes) else found[:0]


def align_sentences(
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    exhaustive: bool | None = None,
    include_unrelated: bool | None = None,
    max_df: int = 50,
    signatures: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """For every sentence and every other document, the closest sentence there and the relation.

    ``exhaustive`` compares all pairs (default: when there are at most 50 documents). Otherwise
    (large corpora) copies are found with MinHash / LSH over word trigrams: sentences whose
    signatures collide are clustered, and every member of a cluster spanning several documents is
    linked to the cluster's first sentence, classified verbatim (same tokens) or near-verbatim
    (estimated trigram Jaccard >= 0.5). Work and output grow linearly with the corpus (a wire
    sentence run by hundreds of outlets is one cluster, not a quadratic set of pairs); paraphrases
    are not looked for at scale. ``include_unrelated`` keeps best matches classified
    unrelated (default: with exhaustive comparison), so a small corpus gets the full alignment.
    Headlines are compared too. ``signatures`` are the sentences' :func:`sentence_signatures`
    when already computed (batch by batch).
    """
    if len(sentences) == 0:
        return pd.DataFrame(columns=ALIGN_COLUMNS)
    n_docs = sentences["doc_id"].nunique()
    exhaustive = n_docs <= 50 if exhaustive is None else exhaustive
    include_unrelated = exhaustive if include_unrelated is None else include_unrelated
    if not exhaustive:
        return _align_lsh(sentences, docs, signatures)
    keys = list(zip(sentences["doc_id"], sentences["sent_id"].astype(int)))
    shares = sentences["quote_share"] if "quote_share" in sentences else pd.Series(None, index=sentences.index)
    toks = [sentence_tokens(t, quote_share=q) for t, q in zip(sentences["text"], shares)]
    nwords = [len(t.toks) for t in toks]
    best = closest_pairs(
        toks,
        [k[0] for k in keys],
        classify_pair,
        lambda m: (-_RANK[m["relation"]], m["ratio"], m["containment"], m["dice"]),
        near_ratio=min(THRESHOLDS["near_ratio"], THRESHOLDS["verbatim_ratio"]),
        para_min_shared=int(THRESHOLDS["para_min_shared"]),
    )
    outlet = dict(zip(docs["doc_id"], docs["outlet"]))
    rows = []
    for (x, doc_b), (y, m) in best.items():
        if m["relation"] == "unrelated" and not include_unrelated:
            continue
        rows.append(
            {
                "doc_a": keys[x][0],
                "sent_a": keys[x][1],
                "doc_b": doc_b,
                "sent_b": keys[y][1],
                **m,
                "n_words_a": nwords[x],
                "outlet_a": outlet.get(keys[x][0], keys[x][0]),
                "outlet_b": outlet.get(doc_b, doc_b),
            }
        )
    out = pd.DataFrame(rows, columns=ALIGN_COLUMNS)
    pos = _positions(docs)
    order = np.lexsort((_lookup(out["doc_b"], pos), out["sent_a"].to_numpy(), _lookup(out["doc_a"], pos)))
    return out.iloc[order].reset_index(drop=True)


def reuse_summary(align: pd.DataFrame, sentences: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per document: the share of its words in sentences that also appear elsewhere, and where first.

    ``share_copied`` counts verbatim and near-verbatim sentences that are not only the same
    quotation carried by both (``same_quote``; those are ``share_same_quote``), ``share_shared``
    counts every sentence with a counterpart (copies, shared quotations, paraphrases). A copied
    sentence "first appears" in the earliest-dated document among those sharing it;
    ``first_elsewhere_share`` is the share of the document's copied words that appear earlier
    elsewhere, ``first_here_share`` the share it is the earliest for, and the rest is undetermined
    (dates missing or equal).
    """
    cols = columns("reuse_summary")
    if len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(docs.set_index("doc_id")["date"], errors="coerce", format="%Y-%m-%d")
    outlet = docs.set_index("doc_id")["outlet"]
    g = sentences.groupby("doc_id", sort=False)
    out = g.agg(n_words=("n_words", "sum"), n_sentences=("sent_id", "size")).reset_index()
    nw = sentences.set_index(["doc_id", "sent_id"])["n_words"]
    copied = align[copied_rows(align)] if len(align) else align
    quoted = align[same_quote_rows(align)] if len(align) else align
    shared = align[align["relation"] != "unrelated"] if len(align) else align

    def words_of(pairs: pd.DataFrame) -> pd.Series:
        """Words per document over the distinct (doc_a, sent_a) of some alignment rows."""
        if len(pairs) == 0:
            return pd.Series(dtype=float)
        keys = pairs[["doc_a", "sent_a"]].drop_duplicates()
        w = nw.reindex(pd.MultiIndex.from_frame(keys)).to_numpy()
        return pd.Series(w, index=keys["doc_a"].to_numpy()).groupby(level=0).sum()

    copied_words = pd.Series(_lookup(out["doc_id"], words_of(copied), missing=0))
    if len(quoted) and len(copied):  # sentences copied with one document and only quoted with another
        keys = pd.MultiIndex.from_frame(quoted[["doc_a", "sent_a"]])
        quoted = quoted[~keys.isin(pd.MultiIndex.from_frame(copied[["doc_a", "sent_a"]]))]
    quoted_words = pd.Series(_lookup(out["doc_id"], words_of(quoted), missing=0))
    shared_words = pd.Series(_lookup(out["doc_id"], words_of(shared), missing=0))
    n_copied = pd.Series(
        _lookup(
            out["doc_id"],
            copied.drop_duplicates(["doc_a", "sent_a"]).groupby("doc_a").size()
            if len(copied)
            else pd.Series(dtype=int),
            missing=0,
        )
    ).astype(int)
    here = elsewhere = undetermined = pd.Series(0.0, index=out["doc_id"])
    copied_from = pd.Series("", index=out["doc_id"], dtype=object)
    if len(copied):
        c = copied[["doc_a", "sent_a", "doc_b"]].copy()
        c["d0"] = c["doc_a"].map(dates).to_numpy()
        c["db"] = c["doc_b"].map(dates).to_numpy()
        c["nat"] = c["d0"].isna() | c["db"].isna()
        c["later"] = c["d0"] < c["db"]
        c["earlier"] = c["db"] < c["d0"]
        per = c.groupby(["doc_a", "sent_a"], sort=True).agg(
            nat=("nat", "any"), later=("later", "all"), earlier=("earlier", "any")
        )
        per["w"] = nw.reindex(per.index).to_numpy()
        cat = np.where(per["nat"], "u", np.where(per["later"], "h", np.where(per["earlier"], "e", "u")))
        by_doc = pd.DataFrame({"doc": per.index.get_level_values(0), "cat": cat, "w": per["w"].to_numpy()})
        sums = by_doc.pivot_table(index="doc", columns="cat", values="w", aggfunc="sum", fill_value=0)
        here, elsewhere, undetermined = (
            sums.get(k, pd.Series(dtype=float)).reindex(out["doc_id"]).fillna(0) for k in "heu"
        )
        first = c.sort_values(["doc_a", "sent_a", "db", "doc_b"], kind="stable").drop_duplicates(["doc_a", "sent_a"])
        first = first.set_index(["doc_a", "sent_a"]).loc[per.index[cat == "e"]]
        if len(first):
            src = pd.DataFrame(
                {
                    "doc": first.index.get_level_values(0),
                    "sent": first.index.get_level_values(1),
                    "source": first["doc_b"].to_numpy(),
                    "w": nw.reindex(first.index).to_numpy(),
                }
            )
            src = src.groupby(["doc", "source"], sort=False).agg(w=("w", "sum"), s=("sent", "min")).reset_index()
            src = src.sort_values(["doc", "w", "s"], ascending=[True, False, True], kind="stable")
            src["txt"] = src["source"].astype(str) + " (" + src["w"].astype(int).astype(str) + " words)"
            copied_from = src.groupby("doc", sort=False)["txt"].agg("; ".join).reindex(out["doc_id"]).fillna("")
    total = out["n_words"].where(out["n_words"] > 0, 1).to_numpy(dtype=float)
    reused = np.where(copied_words.to_numpy() > 0, copied_words.to_numpy(), 1.0)
    has = n_copied.to_numpy() > 0
    out = pd.DataFrame(
        {
            "doc_id": out["doc_id"],
            "outlet": out["doc_id"].map(outlet),
            "n_words": out["n_words"].where(out["n_words"] > 0, 1),
            "n_sentences": out["n_sentences"],
            "n_sentences_copied": n_copied.to_numpy(),
            "share_copied": copied_words.to_numpy() / total,
            "share_same_quote": quoted_words.to_numpy() / total,
            "share_shared": shared_words.to_numpy() / total,
            "first_here_share": np.where(has, here.to_numpy() / reused, np.nan),
            "first_elsewhere_share": np.where(has, elsewhere.to_numpy() / reused, np.nan),
            "undetermined_share": np.where(has, undetermined.to_numpy() / reused, np.nan),
            "copied_from": copied_from.to_numpy(),
        }
    )
    return out[cols]


def reuse_matrix(
    align: pd.DataFrame,
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    relations: tuple[str, ...] = ("verbatim", "near-verbatim"),
) -> pd.DataFrame:
    """Long table (doc_a, doc_b, share): share of doc_a's words in sentences it shares with doc_b.

    Rows in corpus order of (doc_a, doc_b); ``sentences`` needs only the rows of the documents
    in ``align``'s doc_a, so ranges of documents can be done one at a time. Pairs that only carry
    the same quotation (``same_quote``) are left out.
    """
    sub = align[align["relation"].isin(relations) & ~same_quote_rows(align)].copy() if len(align) else align
    if len(sub) == 0:  # nothing copied: an empty matrix, not a type error on empty columns
        return pd.DataFrame(columns=["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"])
    words = sentences.groupby("doc_id")["n_words"].sum()
    nw = sentences.set_index(["doc_id", "sent_id"])["n_words"]
    sub["w"] = nw.reindex(pd.MultiIndex.from_arrays([sub["doc_a"], sub["sent_a"]])).to_numpy(dtype="float64")
    out = (
        sub.groupby(["doc_a", "doc_b", "outlet_a", "outlet_b"])
        .agg(w=("w", "sum"), n_sentences=("sent_a", "nunique"))
        .reset_index()
    )
    out["share"] = out["w"] / _lookup(out["doc_a"], words)
    pos = _positions(docs)
    out = out.iloc[np.lexsort((_lookup(out["doc_b"], pos), _lookup(out["doc_a"], pos)))].reset_index(drop=True)
    return out[["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"]]


def outlet_reuse_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """The reuse matrix per outlet pair: mean share (in %) of the row outlet's words copied with the column's."""
    if len(matrix) == 0:
        return pd.DataFrame(columns=["outlet_a", "outlet_b", "share"])
    return matrix.groupby(["outlet_a", "outlet_b"])["share"].mean().mul(100).reset_index()


def reused_pairs(align: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each reused sentence pair once (doc_a < doc_b, unrelated left out), with both sentences' text."""
    cols = list(ALIGN_COLUMNS) + ["text_a", "text_b"]
    if len(align) == 0:
        return pd.DataFrame(columns=cols)
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    pairs = align[(align["relation"] != "unrelated") & (align["doc_a"] < align["doc_b"])].copy()
    pairs["text_a"] = [text[k] for k in zip(pairs["doc_a"], pairs["sent_a"])]
    pairs["text_b"] = [text[k] for k in zip(pairs["doc_b"], pairs["sent_b"])]
    return pairs[cols].reset_index(drop=True)
