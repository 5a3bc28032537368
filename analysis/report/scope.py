"""What a report shows of a large run: the largest outlets (by articles) and the most mentioned
actors, the rest named under the charts, and a few articles per shown outlet whose rows the
evidence sections read (so that a run of a million articles is not read into the kernel)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.report.access import Run, actor_ids, count_by, doc_outlets, read

__all__ = ["Scope", "actors_note", "rest_note", "scope_of"]


@dataclass(frozen=True)
class Scope:
    """The outlets and actors a report shows, and the documents its evidence is read from.

    ``articles`` counts every outlet's articles (most first, ties by name); ``outlets`` are the
    first ``max_outlets`` of them. ``mentions`` counts each actor's counted mentions in the whole
    run; ``actors`` are the mentioned ones (at most ``max_actors``, the most mentioned, kept in the
    actor file's order); ``unmentioned`` the actors no article names. ``evidence_docs`` are the
    first few articles (corpus order) of each shown outlet."""

    articles: pd.Series
    outlets: list[str]
    mentions: pd.Series
    actors: list[str]
    unmentioned: list[str]
    evidence_docs: list[str] = field(default_factory=list)
    docs_per_outlet: int = 5

    @property
    def n_docs(self) -> int:
        """Articles analysed in the run."""
        return int(self.articles.sum())

    @property
    def n_outlets(self) -> int:
        """Outlets in the run."""
        return len(self.articles)

    @property
    def rest(self) -> pd.Series:
        """Articles of the outlets not shown, most first."""
        return self.articles.iloc[len(self.outlets) :]

    @property
    def cut(self) -> bool:
        """True when some outlets are left out of the charts."""
        return len(self.rest) > 0


def _articles(run: Run) -> pd.Series:
    docs = doc_outlets(run)
    if len(docs) == 0:
        return pd.Series(dtype="int64", name="articles")
    counts = docs.groupby("outlet").size().rename("articles")
    order = sorted(counts.index, key=lambda o: (-int(counts[o]), str(o)))
    return counts.reindex(order).astype("int64")


def _mentions(run: Run, actors: list[str]) -> pd.Series:
    sal = read(run, "salience_outlet", columns=["actor", "n_mentions"])
    if len(sal):
        per = sal.groupby("actor")["n_mentions"].sum()
    else:
        per = count_by(run, "mentions", ["actor"], where={"counted": True}).set_index("actor")["n"]
    return per.reindex(actors).fillna(0).astype("int64").rename("mentions")


def scope_of(run: Run, *, outlets: int = 8, actors: int = 8, docs_per_outlet: int = 5) -> Scope:
    """The scope of a report on ``run``: at most ``outlets`` outlets, ``actors`` actors and
    ``docs_per_outlet`` evidence articles per shown outlet."""
    articles = _articles(run)
    shown = [str(o) for o in articles.index[: max(0, outlets)]]
    ids = actor_ids(run)
    mentions = _mentions(run, ids)
    mentioned = [a for a in ids if mentions.get(a, 0) > 0]
    top = set(sorted(mentioned, key=lambda a: (-int(mentions[a]), ids.index(a)))[: max(0, actors)])
    docs = doc_outlets(run)
    docs = docs[docs["outlet"].isin(shown)]
    evidence = list(docs.groupby("outlet", sort=False).head(docs_per_outlet)["doc_id"]) if len(docs) else []
    return Scope(
        articles=articles,
        outlets=shown,
        mentions=mentions,
        actors=[a for a in ids if a in top],
        unmentioned=[a for a in ids if mentions.get(a, 0) == 0],
        evidence_docs=evidence,
        docs_per_outlet=docs_per_outlet,
    )


def rest_note(scope: Scope, *, limit: int = 40) -> str:
    """The sentence under a chart that shows only the largest outlets: the others by name and
    number of articles (the first ``limit`` of them, then how many more)."""
    rest = scope.rest
    if len(rest) == 0:
        return ""
    named = ", ".join(f"{o} ({n:,})" for o, n in rest.head(limit).items())
    more = f", and {len(rest) - limit:,} more" if len(rest) > limit else ""
    shown = int(scope.articles.head(len(scope.outlets)).sum())
    return (
        f"Shown: the {len(scope.outlets)} outlets with the most articles ({shown:,} of {scope.n_docs:,} articles). "
        f"Not shown, {len(rest):,} outlets with {int(rest.sum()):,} articles: {named}{more}."
    )


def actors_note(scope: Scope) -> str:
    """What the report says about actors it does not chart: never mentioned, or beyond the cap."""
    parts = []
    if scope.unmentioned:
        parts.append(f"Never mentioned in any article: {', '.join(scope.unmentioned)}.")
    hidden = [a for a in scope.mentions.index if a not in scope.actors and a not in scope.unmentioned]
    if hidden:
        parts.append(
            f"Mentioned but not charted (fewer mentions than the {len(scope.actors)} shown): "
            + ", ".join(f"{a} ({int(scope.mentions[a]):,})" for a in hidden)
            + "."
        )
    return " ".join(parts)
