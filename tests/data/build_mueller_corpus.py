"""Build tests/data/mueller/: a second real corpus for the tests, from NewsMTSC sentences.

NewsMTSC (training/data/newsmtsc, MIT) keeps, for each sentence, the collection, story and
article it came from in ``primary_gid`` ("allsides_<story>_<article>_<sentence>_..." or
"polusa_v1_<article>_-1_<sentence>_..."). This script takes every article of which at least three sentences survive and
one mentions Mueller, puts its sentences back in order (one paragraph per sentence; the first
sentence is the headline line, the others the body), and names the outlet after the collection the article
came from, since NewsMTSC does not keep outlet names. Run it from the repository root; the
output is committed, so the tests do not depend on running it.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "mueller"
OUTLETS = {"allsides": "AllSides sample", "polusa": "POLUSA sample"}


def main() -> None:
    articles: dict[tuple[str, str, str], dict[int, str]] = defaultdict(dict)
    for name in ("train.jsonl", "devtest_rw.jsonl"):
        for line in (ROOT / "training" / "data" / "newsmtsc" / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            parts = rec["primary_gid"].split("_")
            # allsides_<story>_<article>_<sentence>_...; polusa_v1_<article>_-1_<sentence>_...
            sent = int(parts[4]) if parts[0] == "polusa" else int(parts[3])
            articles[(parts[0], parts[1], parts[2])][sent] = rec["sentence_normalized"]
    chosen = sorted(
        k for k, v in articles.items() if len(v) >= 3 and any("Mueller" in s for s in v.values()) and k[0] in OUTLETS
    )
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for source, story, article in chosen:
        sents = [articles[(source, story, article)][i] for i in sorted(articles[(source, story, article)])]
        stem = f"{source}_{story}_{article}"
        (OUT / f"{stem}.txt").write_text(sents[0] + "\n\n" + "\n\n".join(sents[1:]) + "\n", encoding="utf-8")
        rows.append(
            {
                "file": f"{stem}.txt",
                "doc_id": stem,
                "outlet": OUTLETS[source],
                "date": "",
                "url": "",
                "note": f"NewsMTSC {source} {story} article {article}, sentences in order",
            }
        )
    with open(OUT / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} articles -> {OUT}")


if __name__ == "__main__":
    main()
