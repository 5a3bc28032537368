"""Who is speaking in a quoted sentence: a first, rule-based attribution.

A quoted sentence is attributed to the actor-file person named outside the quotes in the same
paragraph, nearest to the quote, preferring a name next to a reporting verb ("said Cavusoglu",
"Lavrov told"). A paragraph with a quote but no named person takes the speaker of the paragraph
before when it opens with the quote (news style continues a speaker's quote in the next
paragraph). Unknown speakers stay empty: nothing is guessed from pronouns alone.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["REPORTING_VERBS", "sentence_speakers"]

REPORTING_VERBS = (
    "said", "says", "told", "tells", "added", "declared", "stated", "warned", "claimed", "insisted",
    "noted", "stressed", "argued", "asked", "replied", "explained", "announced", "acknowledged",
    "according to", "quoted", "wrote", "tweeted", "urged", "accused",
)
_QUOTED_RE = re.compile(r"[\u201c\u201e\u00ab][^\u201d\u201f\u00bb]*[\u201d\u201f\u00bb]?|\"[^\"]*\"?")
_VERB_RE = re.compile(r"\b(?:" + "|".join(REPORTING_VERBS) + r")\b", re.I)


def sentence_speakers(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, sent_id, speaker, speaker_actor) for quoted sentences whose speaker is named.

    Speakers are the canonical names of ``person`` mentions (so "Mevlet Cavusoglu" and
    "Cavusoglu" are one speaker) and their actor.
    """
    cols = ["doc_id", "sent_id", "speaker", "speaker_actor"]
    if len(sentences) == 0 or len(mentions) == 0:
        return pd.DataFrame(columns=cols)
    persons = mentions[(mentions["kind"] == "person") & ~mentions["in_quote"].astype(bool)]
    rows: list[dict] = []
    for doc_id, doc_s in sentences.groupby("doc_id", sort=False):
        doc_p = persons[persons["doc_id"] == doc_id]
        prev_speaker: tuple[str, str] | None = None
        for _, para in doc_s.groupby("para_id", sort=True):
            quoted = para[para["quote_share"] > 0]
            p_start, p_end = int(para["start"].min()), int(para["end"].max())
            cands = doc_p[(doc_p["start"] >= p_start) & (doc_p["end"] <= p_end)]
            speaker: tuple[str, str] | None = None
            if len(cands) and len(quoted):
                text = dict(zip(para["sent_id"], zip(para["start"], para["text"])))
                best = None
                for rec in cands.itertuples():
                    s_start, s_text = text[rec.sent_id]
                    a, b = rec.start - s_start, rec.end - s_start
                    near_verb = bool(_VERB_RE.search(s_text[max(0, a - 25):a]) or _VERB_RE.search(s_text[b:b + 25]))
                    q_dist = min(abs(int(qs) - rec.start) for qs in quoted["start"])
                    key = (not near_verb, q_dist)
                    if best is None or key < best[0]:
                        best = (key, (rec.person, rec.actor))
                speaker = best[1] if best else None
            elif (len(quoted) and prev_speaker is not None and para.iloc[0]["quote_share"] > 0.5
                  and not _VERB_RE.search(_QUOTED_RE.sub(" ", " ".join(para["text"])))):
                speaker = prev_speaker  # an unattributed quote paragraph continues the last speaker
            if speaker is not None:
                for sid in quoted["sent_id"]:
                    rows.append({"doc_id": doc_id, "sent_id": int(sid), "speaker": speaker[0], "speaker_actor": speaker[1]})
            prev_speaker = speaker
    return pd.DataFrame(rows, columns=cols)
