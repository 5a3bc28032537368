"""Data dictionary: the tables over time (the timeline), the per-article export and the combined
stance estimate of a large run; part of the registry (:mod:`analysis.tables.registry`)."""

from __future__ import annotations

from analysis.tables.spec import TableSpec

TIME_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        name="timeline",
        stage="compare",
        per_document=False,
        needs="",
        row="outlet × actor × period with a dated article of the outlet",
        about="The period is a day, an ISO week or a month, chosen from the span of the corpus's dates (days up "
        "to 31 days, weeks up to 183, months beyond) unless the run sets one (`--period`). Articles whose "
        "`docs.date` is not `YYYY-MM-DD` are in no period (the report says how many). Computed in "
        "`analysis/compare/timeline.py`. Rows by actor, outlet, then period.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "period": "The period: `2016-03-14` (day), `2016-W11` (ISO week), `2016-03` (month).",
            "period_start": "Its first day, `YYYY-MM-DD` (a week starts on Monday).",
            "period_kind": "`day`, `week` or `month` (the same for every row).",
            "n_articles": "The outlet's dated articles in the period.",
            "n_articles_mentioning": "Of those, the articles that name the actor at least once.",
            "n_mentions": "The actor's counted mentions in them (salience_doc).",
            "mentions_per_1k_words": "`n_mentions` per 1,000 words of all the outlet's articles that period.",
            "stance_n": "Scored sentences in the outlet's own voice (wire and syndicated copy left out unless the "
            "run includes it); 0 without stance.",
            "stance_n_articles": "The articles those sentences come from.",
            "stance_mean": "Their mean score (−1 … +1); empty without any.",
            "stance_ci_low": "95% interval resampling articles (empty below 2 articles).",
            "stance_ci_high": "Upper end of that interval.",
            "thin": "True when the stance rests on fewer than 5 articles: shown as such in the charts, never used "
            "for a finding.",
            "voice_share": "Share of the outlet's directly quoted words that period spoken for the actor (empty "
            "without framing).",
            "top_labels": "The three commonest labels of the actor that period (labels that name it, at most "
            "three words), comma-joined.",
        },
    ),
    TableSpec(
        name="articles",
        stage="run",
        per_document=False,
        needs="",
        row="article × actor it names (or, for an article that names none, one row with an empty actor)",
        about="What the per-article export a journalist can open holds (`reports/articles.csv` and "
        "`reports/articles.xlsx`, written by `make report` / `python -m analysis report`): the article-level "
        "measures beside the article's outlet, date, title and URL, read off salience_doc, stance_article, "
        "stance_doc, quotes and labels (`analysis/run/articles.py`). Every analysed article is in it. Rows in "
        "corpus order, then actor.",
        columns={
            "doc_id": "The article.",
            "outlet": "Its outlet.",
            "date": "Its date as given.",
            "title": "Its headline.",
            "url": "Its URL (empty when the corpus gives none).",
            "source_kind": "`own`, `wire` or `syndicated` (docs.source_kind).",
            "actor": "Actor id (empty for an article that names no actor).",
            "n_mentions": "The actor's counted mentions in the article.",
            "mentions_per_1k_words": "Per 1,000 words of the article.",
            "in_headline": "True when the headline names the actor.",
            "article_label": "stance_article's label toward the actor (positive / neutral / negative; empty "
            "without stance).",
            "article_score": "stance_article's score.",
            "own_voice_mean": "Mean sentence score in the article's own voice (stance_doc, voice `outlet`).",
            "own_voice_n": "The sentences it rests on.",
            "quoted_words": "Words the article quotes directly from the actor's side (quotes, direct and partial).",
            "top_labels": "The article's commonest labels of the actor (at most three), comma-joined.",
        },
    ),
    TableSpec(
        name="stance_ppi",
        stage="stance",
        per_document=False,
        needs="ppi",
        row="outlet × actor with own-voice scored sentences",
        about="For a run too large for the accurate scorer (`--scorer fast`, or `auto` above 100,000 pairs): the "
        "accurate scorer on a random sample of the articles (a hash of each doc_id under `sample_rate`), "
        "combined with the fast scores of every sentence by prediction-powered inference (Angelopoulos et al., "
        "Science 2023; `analysis/stance/ppi.py`, `analysis/run/ppi_pass.py`): the fast mean plus the mean "
        "(accurate − fast) over the sampled articles' sentences, an unbiased estimate of the all-accurate mean, "
        "with a 95% interval resampling articles. Own voice as in stance_outlet (quotations out; wire and "
        "syndicated copy out unless the run includes it). On 697 AllSides articles, a 20% sample's interval held "
        "the all-accurate mean in 95.7% of draws at 0.24 of its cost (bench/ppi.py).",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "n": "Own-voice scored sentences (fast scorer).",
            "n_articles": "The articles they come from.",
            "n_sampled_articles": "Of those, the sampled articles (scored by the accurate scorer too).",
            "fast_mean": "The fast scorer's mean over every sentence.",
            "rectifier": "Mean of (accurate − fast) over the sampled articles' sentences; empty for `fast`.",
            "mean_score": "The estimate: `fast_mean + rectifier` (`ppi`), or `fast_mean` alone (`fast`).",
            "ci_low": "95% interval resampling articles (empty for `fast`).",
            "ci_high": "Upper end of that interval.",
            "estimator": "`ppi` (the combined estimate, clipped with its interval to [-1, 1]), or `fast` where fewer "
            "than 5 of the group's articles were sampled: the fast mean alone, with no interval, to be read as such.",
            "sample_rate": "The share of articles sampled.",
        },
    ),
)
