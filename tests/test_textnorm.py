"""Typography normalisation keeps a map back to the original offsets."""

from __future__ import annotations

import pytest

from analysis.ingest.normalize import fold, normalize


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("", ""),
        ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"),
        ("Binali Yıldırım", "Binali Yildirim"),
        ("Ankara\u2019s \u201cdeal\u201d \u2014 done", 'Ankara\'s "deal" - done'),
        ("Cafe\u0301", "Cafe"),  # decomposed accent
        ("wait\u2026", "wait..."),
        ("a\u00a0b", "a b"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_offsets_map_back_to_original() -> None:
    raw = "\u201cIt\u2019s Çavuşoğlu\u2026\u201d said Cafe\u0301 X"
    norm = normalize(raw)
    i = norm.text.index("Cavusoglu")
    a, b = norm.to_original(i, i + len("Cavusoglu"))
    assert raw[a:b] == "Çavuşoğlu"
    j = norm.text.index("Cafe")
    a, b = norm.to_original(j, j + 4)
    assert raw[a:b] == "Cafe\u0301"  # the combining mark belongs to the match
    k = norm.text.index("...")
    assert norm.to_original(k, k + 3) == (raw.index("\u2026"), raw.index("\u2026") + 1)


def test_keep_diacritics_when_asked() -> None:
    assert normalize("Çavuşoğlu", fold_diacritics=False).text == "Çavuşoğlu"


@pytest.mark.parametrize("span", [(-1, 2), (3, 2), (0, 99)])
def test_bad_span_raises(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        normalize("abc").to_original(*span)


def _normalize_reference(text: str, *, fold_diacritics: bool) -> tuple[str, list[int], list[int]]:
    """normalize as first written: every cluster mapped one by one, offsets extended per piece."""
    import re

    from analysis.ingest.normalize import _COMB, _map_cluster

    out, starts, ends, pos = [], [], [], 0
    for m in re.finditer(r"[\s\S][" + _COMB + r"]+|[^\x00-\x7f]", text):
        i, j = m.span()
        out.append(text[pos:i])
        starts += range(pos, i)
        ends += range(pos + 1, i + 1)
        rep = _map_cluster(m.group(0), fold_diacritics=fold_diacritics)
        out.append(rep)
        starts += [i] * len(rep)
        ends += [j] * len(rep)
        pos = j
    out.append(text[pos:])
    starts += range(pos, len(text) + 1)
    ends += range(pos + 1, len(text) + 1)
    return "".join(out), starts, ends


def test_normalize_equals_cluster_by_cluster_reference() -> None:
    """The translated fast path and the cluster walk give the reference copy and offset maps, on
    random text mixing ASCII, one-to-one mappings, expansions, deletions and combining marks."""
    import random

    parts = list("ab .'\"\n") + [
        "é",
        "e\u0301",
        "\u0301",
        "\u0301\u0302",
        "\u2026",
        "ß",
        "æ",
        "“",
        "”",
        "’",
        "—",
        "\u00a0",
        "\ufeff",
        "\u00ad",
        "\u2126",
        "\u212b",
        "\u0f73",
        "ǿ",
        "й",
        "и\u0306",
        "Ç",
        "ı",
        "İ",
        "ø",
        "\ud800",
        "😀",
        "\u1ab0",
        "\ufe20",
        "ﬁ",
        "\u2033",
        "\u3000",
    ]
    rnd = random.Random(5)
    seen_identity = 0
    for _ in range(5000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 20)))
        for fold_diacritics in (False, True):
            norm = normalize(text, fold_diacritics=fold_diacritics)
            ref_text, ref_starts, ref_ends = _normalize_reference(text, fold_diacritics=fold_diacritics)
            assert norm.text == ref_text
            identity = (ref_starts, ref_ends) == (list(range(len(text) + 1)), list(range(1, len(text) + 1)))
            if text.isascii():
                assert norm.starts is None and norm.ends is None
            elif norm.starts is None:  # the identity, without building it: only where it is the identity
                assert identity and norm.ends is None
                seen_identity += 1
            else:
                assert (list(norm.starts), list(norm.ends)) == (ref_starts, ref_ends)
    assert seen_identity > 100  # non-ASCII text with one-to-one replacements only was drawn


def test_fold_equals_the_whole_string_translation_on_random_text():
    """fold replaces only the characters present; the result equals one translate over the text."""
    import random
    import unicodedata

    from analysis.ingest.normalize import _CHAR_MAP, _MARKS, _MULTI_MAP, fold

    table = {ord(k): v for k, v in {**_CHAR_MAP, **_MULTI_MAP}.items()}

    def reference(text: str) -> str:
        out = _MARKS.sub("", unicodedata.normalize("NFD", text)).translate(table)
        return out if out.isascii() else unicodedata.normalize("NFC", out)

    rng = random.Random(7)
    pool = [chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000] + list("\u2019\u201c\u2026\u00df")
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    texts += ["Mevlüt Çavuşoğlu’s “talks” … straße", "ascii only", ""]
    assert [fold(t) for t in texts] == [reference(t) for t in texts]
