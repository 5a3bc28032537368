"""Article-level stance toward an article's main actor, against human coding.

    .venv/bin/python bench/article_stance.py prepare            # corpora + actor files under /tmp/astance
    .venv/bin/python bench/article_stance.py run                # the suite's full analysis on both
    .venv/bin/python bench/article_stance.py score --split dev  # every candidate measure, printed

Two sets of coded articles:
- persent: ../shared/data/persent/dev.csv, 578 articles, the author's sentiment toward the main
  person (crowd-coded Positive / Neutral / Negative). Its dev file is split in two by document
  index (even: dev, odd: test) so that thresholds chosen on one half are read on the other.
- gold: tests/gold/stance, 150 AllSides articles × their main actor, coded from written
  guidelines (tests/gold/stance/GUIDELINES.md) by annotators who saw only the guidelines and the
  texts; `split` dev / test in articles.csv.

Each article is analysed by ``python -m analysis run`` with an actor file naming each article's
main actor (its names as the coders wrote them); the measures read the run's stances table for
that (article, actor). Printed per measure: Spearman rho with the coded label (-1 / 0 / +1),
macro-F1 of the three-way label with the thresholds chosen on the dev split, and accuracy.
Skips with a message where ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.stance.article import ArticleMeasure, article_stance, label_article

DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "gold" / "stance"
WORK = Path("/tmp/astance")
LABEL = {"positive": 1, "neutral": 0, "negative": -1}
TABLES = ("stances", "sentences", "speakers", "stance_doc", "roles")


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _merge_shared(groups: dict[str, list[str]]) -> dict[str, str]:
    """Target -> the target it is merged with: targets that share a name ("President Trump" and
    "Donald Trump", both named "Trump") are one actor, as the run could not tell them apart."""
    parent = {a: a for a in groups}

    def find(a: str) -> str:
        while parent[a] != a:
            a = parent[a]
        return a

    owner: dict[str, str] = {}
    for actor in sorted(groups):
        for n in groups[actor]:
            key = n.lower()
            if key in owner:
                parent[find(actor)] = find(owner[key])
            else:
                owner[key] = actor
    return {a: find(a) for a in groups}


def _actor_file(targets: dict[str, list[str]], path: Path, persons: set[str]) -> None:
    """One actor per target (id = its name), its names as aliases (a person's as one person of
    the actor, so that "he" and "she" can refer to it); a name two targets share is left to
    neither (the run could not tell them apart)."""
    count: dict[str, int] = {}
    for names in targets.values():
        for n in set(names):
            count[n.lower()] = count.get(n.lower(), 0) + 1
    lines = []
    for actor, names in sorted(targets.items()):
        kept = [n for n in dict.fromkeys(names) if count[n.lower()] == 1 and len(n) > 1]
        if not kept:
            continue
        if actor in persons:
            first, rest = kept[0], ", ".join(_toml_str(n) for n in kept[1:])
            lines += [
                "[[actor]]",
                f"id = {_toml_str(actor)}",
                f"people = [{{ name = {_toml_str(first)}, aliases = [{rest}] }}]",
                "",
            ]
        else:
            lines += ["[[actor]]", f"id = {_toml_str(actor)}", f"names = [{', '.join(_toml_str(n) for n in kept)}]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _persent_names(entity: str) -> list[str]:
    words = entity.split()
    names = [entity]
    if len(words) >= 2 and words[-1][0].isupper() and len(words[-1]) > 2:
        names.append(words[-1])  # the surname, as news repeats it
    return names


def prepare() -> None:
    """Write /tmp/astance/{persent,gold}/corpus.parquet, actors.toml and targets.csv."""
    ps = DATA / "persent" / "dev.csv"
    if ps.exists():
        csv.field_size_limit(sys.maxsize)
        d = pd.read_csv(ps, engine="python")
        out = WORK / "persent"
        out.mkdir(parents=True, exist_ok=True)
        docs = pd.DataFrame(
            {
                "doc_id": "p" + d["DOCUMENT_INDEX"].astype(str),
                "outlet": "persent",
                "title": d["TITLE"].fillna("").astype(str),
                "text": d["DOCUMENT"].fillna("").astype(str),
            }
        )
        docs.to_parquet(out / "corpus.parquet", index=False)
        targets = pd.DataFrame(
            {
                "doc_id": docs["doc_id"],
                "actor": d["TARGET_ENTITY"].astype(str),
                "gold": d["TRUE_SENTIMENT"].str.lower(),
                "split": np.where(d["DOCUMENT_INDEX"] % 2 == 0, "dev", "test"),
            }
        )
        targets.to_csv(out / "targets.csv", index=False)
        groups: dict[str, list[str]] = {}
        for a in targets["actor"]:
            groups.setdefault(a, _persent_names(a))
        merged = _merge_shared(groups)
        targets["actor"] = targets["actor"].map(merged)
        targets.to_csv(out / "targets.csv", index=False)
        union: dict[str, list[str]] = {}
        for actor, names in groups.items():
            union.setdefault(merged[actor], []).extend(names)
        _actor_file(union, out / "actors.toml", set(union))  # PerSenT's targets are people
        print(f"persent: {len(docs)} articles, {len(groups)} actors -> {out}")
    else:
        print(f"PerSenT not found at {ps}: skipped")
    src = DATA / "allsides" / "articles.parquet"
    if not (GOLD / "labels.csv").exists() or not src.exists():
        print("AllSides or the stance gold not found: gold skipped")
        return
    arts = pd.read_csv(GOLD / "articles.csv")
    labels = pd.read_csv(GOLD / "labels.csv")
    a = pd.read_parquet(src, columns=["doc_id", "outlet", "date", "title", "text"])
    a = a[a["doc_id"].isin(arts["doc_id"])]
    out = WORK / "gold"
    out.mkdir(parents=True, exist_ok=True)
    a.to_parquet(out / "corpus.parquet", index=False)
    t = labels.merge(arts[["doc_id", "split"]], on="doc_id")
    t = t.assign(actor=t["main_actor"].str.strip(), gold=t["label"])
    t[["doc_id", "actor", "gold", "split"]].to_csv(out / "targets.csv", index=False)
    groups: dict[str, list[str]] = {}
    for r in t.itertuples():
        names = [n.strip() for n in str(r.names).split(";") if n.strip()] or [r.actor]
        groups.setdefault(r.actor, []).extend(names)
    merged = _merge_shared(groups)
    t["actor"] = t["actor"].map(merged)
    t[["doc_id", "actor", "gold", "split"]].to_csv(out / "targets.csv", index=False)
    union: dict[str, list[str]] = {}
    for actor, names in groups.items():
        union.setdefault(merged[actor], []).extend(names)
    _actor_file(union, out / "actors.toml", set(t.loc[t["actor_type"] == "person", "actor"]))
    print(f"gold: {len(a)} articles -> {out}")


def run(names: list[str]) -> None:
    """The suite's full analysis (accurate scorer, framing, references) on each prepared set."""
    for name in names:
        d = WORK / name
        if not (d / "corpus.parquet").exists():
            print(f"{name}: not prepared (run 'prepare' first)")
            continue
        cmd = [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--corpus",
            str(d / "corpus.parquet"),
            "--actors",
            str(d / "actors.toml"),
            "--out",
            str(d / "run"),
            "--in-memory",
            "--scorer",
            "accurate",
        ]
        print(" ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)


def _tables(name: str) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    d = WORK / name
    targets = pd.read_csv(d / "targets.csv")
    t = {
        k: pd.read_parquet(d / "run" / f"{k}.parquet")
        for k in ("stances", "sentences", "speakers", "stance_doc", "roles")
    }
    return targets, t


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(pd.Series(a).rank().corr(pd.Series(b).rank()))


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f = []
    for c in ("negative", "neutral", "positive"):
        tp = np.sum((pred == c) & (gold == c))
        p = tp / max(np.sum(pred == c), 1)
        r = tp / max(np.sum(gold == c), 1)
        f.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f))


def evaluate(targets: pd.DataFrame, t: dict[str, pd.DataFrame], m: ArticleMeasure) -> pd.DataFrame:
    """The targets with the measure's article score and label (0 / neutral where nothing scored)."""
    art = article_stance(t["stances"], sentences=t["sentences"], quotes=t["speakers"], roles=t["roles"], measure=m)
    out = targets.merge(art, on=["doc_id", "actor"], how="left")
    out["found"] = out["article_score"].notna()
    out["article_score"] = out["article_score"].fillna(0.0)
    out["article_label"] = out["article_label"].fillna("neutral")
    return out


def _best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    best, arg = -1.0, 0.3
    for th in np.round(np.arange(0.05, 0.95, 0.025), 3):
        pred = label_article(scores, float(th))
        f = _macro_f1(gold, pred)
        if f > best:
            best, arg = f, float(th)
    return arg


GRID = [
    ArticleMeasure(voices=("outlet", "quote"), polar=0.0, combine="mean", speech_weight=1.0),  # every sentence
    ArticleMeasure(voices=("outlet",), polar=0.0, combine="mean", speech_weight=1.0),
    *[
        ArticleMeasure(voices=v, polar=p, prior=pr, title_weight=tw, speech_weight=1.0)
        for v in (("outlet",), ("outlet", "quote"))
        for p in (0.3, 0.5, 0.7)
        for pr in (0.5, 1.0, 2.0)
        for tw in (1.0, 2.0)
    ],
    *[ArticleMeasure(speech_weight=w) for w in (0.0, 0.5, 1.0)],
    ArticleMeasure(voices=("outlet", "quote"), polar=0.0, combine="mean", speech_weight=0.0),
]


def score(split: str, *, names: list[str], show: int) -> None:
    """Every measure of GRID on both sets: rho and macro-F1 (threshold chosen on dev per set)."""
    loaded = {}
    for name in names:
        if not (WORK / name / "run" / "stances.parquet").exists():
            print(f"{name}: no run at {WORK / name / 'run'} (prepare, run first)")
            continue
        loaded[name] = _tables(name)
    rows = []
    for i, m in enumerate(GRID):
        row: dict = {
            "i": i,
            "measure": f"{m.combine} {'+'.join(m.voices)} polar={m.polar} prior={m.prior} title={m.title_weight}",
        }
        for name, (targets, t) in loaded.items():
            ev = evaluate(targets, t, m)
            dev = ev[ev["split"] == "dev"]
            th = _best_threshold(dev["article_score"].to_numpy(), dev["gold"].to_numpy())
            part = ev[ev["split"] == split]
            g = part["gold"].to_numpy()
            pred = np.where(
                part["article_score"] <= -th, "negative", np.where(part["article_score"] >= th, "positive", "neutral")
            )
            row[f"{name} rho"] = _spearman(part["article_score"].to_numpy(), part["gold"].map(LABEL).to_numpy())
            row[f"{name} F1"] = _macro_f1(g, pred)
            row[f"{name} acc"] = float(np.mean(pred == g))
            row[f"{name} th"] = th
            row[f"{name} found"] = float(part["found"].mean())
        rows.append(row)
    m = ArticleMeasure()  # the product's default, its threshold fixed (chosen on both dev halves together)
    what = f"DEFAULT polar={m.polar} prior={m.prior} speech={m.speech_weight} threshold={m.threshold}"
    row = {"i": "default", "measure": what}
    for name, (targets, t) in loaded.items():
        part = evaluate(targets, t, m)
        part = part[part["split"] == split]
        g, pred = part["gold"].to_numpy(), part["article_label"].to_numpy()
        row[f"{name} rho"] = _spearman(part["article_score"].to_numpy(), part["gold"].map(LABEL).to_numpy())
        row[f"{name} F1"] = _macro_f1(g, pred)
        row[f"{name} acc"] = float(np.mean(pred == g))
        row[f"{name} th"] = m.threshold
        row[f"{name} found"] = float(part["found"].mean())
        if show:
            print(f"{name} {split}: confusion (rows gold, columns measure)")
            print(pd.crosstab(part["gold"], part["article_label"]))
    rows.append(row)
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    print(f"split: {split} (thresholds chosen on dev)")
    print(table.round(3).to_string(index=False))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["prepare", "run", "score"])
    ap.add_argument("--split", default="dev", choices=["dev", "test"])
    ap.add_argument("--sets", default="persent,gold")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    names = args.sets.split(",")
    if not DATA.exists():
        print(f"{DATA} not found: nothing to measure")
        return 0
    if args.what == "prepare":
        prepare()
    elif args.what == "run":
        run(names)
    else:
        score(args.split, names=names, show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
