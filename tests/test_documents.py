"""No article stops a run: an error in one document's analysis is caught at that document, which is
listed in the failed table with the stage and the error, and the other documents go on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import hand_parsed

import analysis.mentions.salience as salience_module
from analysis.framing.speakers import speaker_of as _speaker
from analysis.run.batch import run_batched
from analysis.run.documents import StageError, failed_rows, isolate_failures
from analysis.run.pipeline import run_pipeline
from analysis.tables import columns, read_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POISON = "PoisonPill"


@pytest.fixture()
def poisoned_salience(monkeypatch):
    """doc_salience raises for any batch holding a document whose text contains POISON."""
    real = salience_module.doc_salience

    def doc_salience(docs, *args, **kwargs):
        if docs["text"].str.contains(POISON).any():
            raise ZeroDivisionError("poisoned article")
        return real(docs, *args, **kwargs)

    monkeypatch.setattr("analysis.run.documents.doc_salience", doc_salience)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """The seeds plus one article that the poisoned stage chokes on."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(SEEDS.glob("*.txt")):
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "002b_poison.txt").write_text(
        f"Turkey and Russia\n\nTurkey met Russia. {POISON} here.\n", encoding="utf-8"
    )
    return folder


def test_one_failing_article_is_listed_and_the_rest_equal_a_run_without_it(corpus, poisoned_salience, tmp_path):
    got = run_pipeline(corpus, scorer="fast", framing=False)
    failed = got["failed"]
    assert list(failed.columns) == columns("failed")
    assert failed[["doc_id", "stage"]].values.tolist() == [["002b_poison", "salience"]]
    assert failed["error"].iloc[0] == "ZeroDivisionError: poisoned article"
    assert failed["where"].iloc[0].startswith("analysis/run/documents.py:")  # innermost frame in the package
    (corpus / "002b_poison.txt").unlink()
    clean = run_pipeline(corpus, scorer="fast", framing=False)
    for name in ("docs", "sentences", "mentions", "salience_doc", "stances", "salience_outlet", "similarity"):
        pd.testing.assert_frame_equal(got[name].reset_index(drop=True), clean[name].reset_index(drop=True), obj=name)


def test_the_batched_run_lists_the_same_failure(corpus, poisoned_salience, tmp_path):
    out = tmp_path / "run"
    run_batched(corpus, out, scorer="fast", framing=False, batch_size=2, workers=1)
    failed = read_table(out, "failed")
    assert failed[["doc_id", "stage"]].values.tolist() == [["002b_poison", "salience"]]
    docs = read_table(out, "docs")
    assert "002b_poison" not in set(docs["doc_id"]) and len(docs) == 5
    mem = run_pipeline(corpus, scorer="fast", framing=False)
    pd.testing.assert_frame_equal(read_table(out, "salience_doc"), mem["salience_doc"], obj="salience_doc")


def test_strict_exits_non_zero_only_when_asked(corpus, poisoned_salience, tmp_path, capsys):
    from analysis.cli import EXIT_STRICT, main

    args = ["run", "--corpus", str(corpus), "--scorer", "fast", "--no-framing", "--workers", "1"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "failed 1" in out and "002b_poison" in out and "salience" in out
    assert main([*args, "--out", str(tmp_path / "b"), "--strict"]) == EXIT_STRICT


def test_a_stance_failure_keeps_the_document_without_stance_rows(monkeypatch):
    import analysis.run.documents as documents

    real = documents.score_mentions

    def score(sentences, mentions, **kw):
        if sentences["doc_id"].eq("004_c5ce46074616caca").any():
            raise RuntimeError("scorer broke")
        return real(sentences, mentions, **kw)

    monkeypatch.setattr(documents, "score_mentions", score)
    got = run_pipeline(SEEDS, scorer="fast", framing=False)
    assert got["failed"][["doc_id", "stage"]].values.tolist() == [["004_c5ce46074616caca", "stance"]]
    assert "004_c5ce46074616caca" in set(got["docs"]["doc_id"]) and "004_c5ce46074616caca" in set(
        got["mentions"]["doc_id"]
    )
    assert "004_c5ce46074616caca" not in set(got["stances"]["doc_id"]) and len(got["stances"]) > 0


@pytest.mark.parametrize("n_docs,bad", [(0, []), (1, [0]), (3, []), (3, [1]), (4, [0, 3]), (3, [0, 1, 2])])
def test_isolate_failures(n_docs, bad):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n_docs)], "outlet": "o", "source": "s", "text": "t"})
    bad_ids = {f"d{i}" for i in bad}
    calls = []

    def analyse(part: pd.DataFrame) -> list[str]:
        calls.append(len(part))
        if set(part["doc_id"]) & bad_ids:
            raise StageError("mentions", KeyError("x"))
        return part["doc_id"].tolist()

    result, kept, failed = isolate_failures(docs, analyse)
    assert result == [d for d in docs["doc_id"] if d not in bad_ids] == kept["doc_id"].tolist()
    assert failed["doc_id"].tolist() == sorted(bad_ids, key=lambda d: int(d[1:]))
    assert set(failed["stage"]) <= {"mentions"} and all(e.startswith("KeyError") for e in failed["error"])
    assert calls[0] == n_docs


def test_an_error_no_single_document_raises_is_not_blamed_on_one():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": "o", "source": "s", "text": "t"})

    def analyse(part: pd.DataFrame) -> int:
        if len(part) > 1:
            raise StageError("sentences", MemoryError("together too big"))
        return 1

    with pytest.raises(MemoryError):
        isolate_failures(docs, analyse)


def test_failed_rows_of_nothing_has_the_registry_columns():
    frame = failed_rows(pd.DataFrame(columns=["doc_id"]), [])
    assert list(frame.columns) == columns("failed") and len(frame) == 0


def test_a_speaker_of_only_punctuation_is_no_speaker():
    """The crash of the first real run (IndexError in the speaker step): the parser made a quote
    mark the subject of "said"; the speaker is then unknown, not an exception."""
    s = hand_parsed([("\u201d", "PUNCT", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("Tuesday", "PROPN", "npadvmod", 1)])
    text = " ".join(s.text)

    class NoPeople:
        def actor_in(self, doc_id, a, b):
            return ""

    speaker, actor, a, b, how = _speaker(s, 1, text, NoPeople(), lambda pos, title=None: None)
    assert (speaker, actor, how) == ("", "unknown", "attribution")
    assert text[a:b] == "said"
