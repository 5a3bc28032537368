"""Copied sentences at scale: band keys, clusters and links, in memory and from batch files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare.lsh import ArrayKeys, FileKeys, LinkIndex, band_keys, copy_links, link_rows
from analysis.compare.minhash import sentence_signatures
from analysis.compare.reuse import ALIGN_COLUMNS

WIRE = (
    "Turkey and Russia agreed on Thursday in the resort town of Alanya to work together on a ceasefire covering "
    "the whole of Syria, the two foreign ministers told reporters after talks that lasted more than three hours"
)
OTHER = "The foreign ministers met in the resort town of Alanya for talks that lasted more than three hours"
EDITED = WIRE.replace("Thursday", "Friday")


def _keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sig, seq, lens = sentence_signatures(texts)
    return band_keys(sig), seq, lens


def test_band_keys_pack_four_16_bit_values_per_band():
    sig = np.arange(32, dtype=np.int64).reshape(1, 32) + (1 << 20)  # only the low 16 bits are kept
    keys = band_keys(sig)
    assert keys.shape == (1, 8) and keys.dtype == np.uint64
    low = (sig & 0xFFFF).astype(np.uint64)
    assert keys[0, 1] == low[0, 4] | (low[0, 5] << 16) | (low[0, 6] << 32) | (low[0, 7] << 48)


def test_copies_link_to_the_first_sentence_in_corpus_order():
    texts = [OTHER, WIRE, "Short one.", WIRE, EDITED, WIRE, OTHER + " again"]
    doc = np.array([0, 0, 1, 1, 2, 2, 3])
    keys, seq, lens = _keys(texts)
    links = copy_links(ArrayKeys(keys), doc, seq, lens)
    # the WIRE cluster's first sentence is 1 (doc 0); 3 and 5 are verbatim, 4 an edited copy;
    # 5 and 4 share doc 2, both linked; sentence 2 has fewer than three words
    pairs = dict(zip(links.x.tolist(), links.rep.tolist()))
    assert pairs[3] == 1 and pairs[5] == 1 and pairs[4] == 1
    same = dict(zip(links.x.tolist(), links.same.tolist()))
    assert same[3] and same[5] and not same[4]
    jac = dict(zip(links.x.tolist(), links.jaccard.tolist()))
    assert jac[3] == 1.0 and 0.5 <= jac[4] < 1.0
    assert 2 not in pairs and 1 not in pairs


def test_a_duplicate_inside_one_document_is_no_copy():
    texts = [WIRE, WIRE, OTHER]
    keys, seq, lens = _keys(texts)
    links = copy_links(ArrayKeys(keys), np.array([0, 0, 1]), seq, lens)
    assert len(links.x) == 0


@pytest.mark.parametrize("texts", [[], ["One two"], [WIRE]])
def test_nothing_to_link(texts):
    keys, seq, lens = _keys(texts)
    links = copy_links(ArrayKeys(keys), np.zeros(len(texts), dtype=np.int64), seq, lens)
    assert len(links.x) == len(links.rep) == len(links.jaccard) == 0


def _reference(keys: np.ndarray, doc: np.ndarray, lens: np.ndarray) -> list[tuple[int, int]]:
    """Union-find over every pair of valid sentences that share a band key (quadratic)."""
    n = len(doc)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    valid = [i for i in range(n) if lens[i] >= 3]
    for a in valid:
        for b in valid:
            if a < b and (keys[a] == keys[b]).any():
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
    out = []
    for i in valid:
        first = min(j for j in valid if find(j) == find(i))
        if doc[i] != doc[first]:
            out.append((i, first))
    return out


@pytest.mark.parametrize("pairs_at_once", [1, 7, 2_000_000])
def test_clusters_equal_a_quadratic_reference_on_random_copies(monkeypatch, pairs_at_once):
    """Whatever the number of pairs whose keys are compared together."""
    monkeypatch.setattr("analysis.compare.lsh.PAIRS_AT_ONCE", pairs_at_once)
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(40)]
    base = [" ".join(rng.choice(words, size=rng.integers(2, 14))) for _ in range(30)]
    texts, doc = [], []
    for d in range(25):
        for _ in range(6):
            t = base[rng.integers(len(base))].split()
            if len(t) > 4 and rng.random() < 0.4:
                t[rng.integers(len(t))] = "edit"
            texts.append(" ".join(t))
            doc.append(d)
    keys, seq, lens = _keys(texts)
    doc = np.array(doc)
    links = copy_links(ArrayKeys(keys), doc, seq, lens)
    assert list(zip(links.x.tolist(), links.rep.tolist())) == _reference(keys, doc, lens)
    assert len(links.x) > 50 and 0 < links.jaccard.min() and (links.jaccard[links.same] == 1).all()


@pytest.mark.parametrize("n,edges", [(1, []), (5, []), (6, [(0, 1), (2, 3), (4, 5)]), (7, [(6, 0), (3, 6), (1, 1)])])
def test_joining_edges_band_after_band_equals_one_components_pass(n, edges):
    from analysis.compare.lsh import _join, components

    rng = np.random.default_rng(n)
    bands = [edges] + [[tuple(rng.integers(0, n, 2)) for _ in range(rng.integers(0, 4))] for _ in range(4)]
    lab = np.arange(n, dtype=np.int32)
    for band in bands:
        src, dst = (np.array([e[i] for e in band], dtype=np.int32) for i in (0, 1))
        lab = _join(lab, src, dst)
    every = [e for band in bands for e in band]
    comp = components(
        n, np.array([e[0] for e in every], dtype=np.int64), np.array([e[1] for e in every], dtype=np.int64)
    )
    smallest = [min(j for j in range(n) if comp[j] == comp[i]) for i in range(n)]
    assert lab.tolist() == smallest


def test_file_keys_equal_array_keys(tmp_path):
    keys, _, _ = _keys([WIRE, OTHER, EDITED, "a b c d e", WIRE + " too"])
    files = []
    for n, (lo, hi) in enumerate([(0, 2), (2, 2), (2, 5)]):  # an empty batch in the middle
        files.append(tmp_path / f"bands-{n:06d}.npy")
        np.save(files[-1], np.ascontiguousarray(keys[lo:hi].T))
    store, mem = FileKeys(files), ArrayKeys(keys)
    for b in range(8):
        assert np.array_equal(store.band(b), mem.band(b))
    for idx in (np.array([4, 0, 2]), np.array([3, 3, 1, 4, 0]), np.zeros(0, dtype=np.int64)):
        assert np.array_equal(store.rows(idx), mem.rows(idx))


def test_link_rows_ranges_concatenate_to_the_whole():
    texts = [WIRE, OTHER, WIRE, OTHER, EDITED, WIRE, OTHER]
    doc = np.array([0, 0, 1, 1, 2, 3, 3])
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["A", "B", "C", "D"]})
    keys, seq, lens = _keys(texts)
    links = copy_links(ArrayKeys(keys), doc, seq, lens)
    sent = np.array([1, 2, 1, 2, 1, 1, 2])
    whole = link_rows(links, doc, sent, lens, docs)
    parts = pd.concat(
        [link_rows(links, doc, sent, lens, docs, lo=lo, hi=hi) for lo, hi in [(0, 1), (1, 3), (3, 4)]],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(whole, parts)
    index = LinkIndex.of(links, doc)  # built once, then every range found by binary search
    indexed = pd.concat(
        [link_rows(None, doc, sent, lens, docs, lo=lo, hi=hi, index=index) for lo, hi in [(0, 2), (2, 4)]],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(whole, indexed)
    assert len(link_rows(None, doc, sent, lens, docs, lo=2, hi=2, index=index)) == 0
    assert list(whole.columns) == ALIGN_COLUMNS
    # doc a's first sentences are linked to each document holding a copy, once per document
    first = whole[(whole["doc_a"] == "a") & (whole["sent_a"] == 1)]
    assert first["doc_b"].tolist() == ["b", "c", "d"]
    assert first["relation"].tolist() == ["verbatim", "near-verbatim", "verbatim"]
    assert set(whole["relation"]) == {"verbatim", "near-verbatim"}
    assert (whole[["doc_a", "sent_a", "doc_b"]].duplicated()).sum() == 0
