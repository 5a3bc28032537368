"""Typography normalisation keeps a map back to the original offsets."""

from __future__ import annotations

import pytest

from analysis.textnorm import fold, normalize


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("", ""),
        ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"),
        ("Binali Yıldırım", "Binali Yildirim"),
        ("Ankara\u2019s \u201cdeal\u201d \u2014 done", "Ankara's \"deal\" - done"),
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
