# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The corpus: what is in it, what cleaning removed, and how prominent each actor is
#
# **Question.** Which articles are we comparing, what page furniture did cleaning take out of
# each (and why), and how prominent is each actor in each outlet's coverage?
#
# **Inputs.** A corpus folder of `.txt` files (headline on the first line) or a CSV / JSONL file,
# its manifest (outlet per file) and an actor file (default: the Turkey–Russia preset), set in the
# parameters cell below.
#
# **Outputs.** Tables shown here (docs, skipped inputs, removed lines, mentions, salience) and the
# chart `figures/salience.png` / `.svg`. Every number below comes from the `salience_doc` table,
# whose rows come from the `mentions` table, whose rows point at sentences by offset.

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None  # default: CORPUS/manifest.csv when present
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = []  # optional actors of the actor file to switch on
FIGURES = "../figures"

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.report import charts
from analysis.run.pipeline import run_pipeline
from analysis.text.sentences import doc_sizes

pd.set_option("display.max_colwidth", 120)
run = run_pipeline(CORPUS, manifest=MANIFEST, actors=ACTORS, enable=ENABLE, scorer=None, similarity=False)
docs, sentences, mentions = run["docs"], run["sentences"], run["mentions"]
display(Markdown(f"**{len(docs)} documents** analysed, **{len(run['skipped'])}** skipped; "
                 f"actors: {', '.join(run.actors.ids)} (from `{run.actors.source}`)."))

# %% [markdown]
# ## The documents
# One row per analysed article: outlet and kind of outlet from the manifest, headline, and the
# size of the kept text (headline and body, furniture removed).

# %%
docs[["doc_id", "outlet", "outlet_kind", "date", "title"]].join(doc_sizes(sentences), on="doc_id")

# %% [markdown]
# ## Skipped inputs
# Every input is either analysed or listed here with its reason (nothing is dropped silently).

# %%
run["skipped"] if len(run["skipped"]) else Markdown("_No input was skipped._")

# %% [markdown]
# ## What cleaning removed, and why
# Page furniture is separated from the article body line by line; nothing is rewritten, so every
# offset still points into the original file. Counts per document and reason, then every line.

# %%
removed = run["removed"].merge(docs[["doc_id", "outlet"]], on="doc_id")
removed.pivot_table(index="outlet", columns="reason", values="line_no", aggfunc="count", fill_value=0)

# %%
removed[["outlet", "line_no", "reason", "text"]]

# %% [markdown]
# ## Actor mentions by kind
# Names, adjectives, metonyms (capitals, the Kremlin), people who speak for the actor, and
# modifiers such as "Kremlin-backed" (which describe a third party). Places ("Turkish resort
# town") and excluded phrases are kept for audit but not counted.

# %%
m = mentions.merge(docs[["doc_id", "outlet"]], on="doc_id")
m.pivot_table(index=["outlet", "actor"], columns="kind", values="start", aggfunc="count", fill_value=0)

# %% [markdown]
# ## Salience per outlet
# Mentions per 1,000 words (pooled over the outlet's articles), the share of sentences that name
# the actor, whether the headline does, and how far into the article (share of words before it)
# the first mention comes.

# %%
sal = run["salience_outlet"]
fig, axes = charts.subplots(1, 2, figsize=(11, 4.2), sharey=True)
colors = charts.outlet_colors(docs["outlet"])
charts.salience_bars(sal, ax=axes[0], colors=colors, title="Mentions per 1,000 words", legend=False)
charts.salience_bars(sal.assign(pct=100 * sal["share_sentences"]), value="pct", ax=axes[1], colors=colors,
                     xlabel="% of sentences naming the actor", title="Share of sentences")
top = sal.sort_values("mentions_per_1k_words", ascending=False).iloc[0]
fig.suptitle(f"{top['outlet']} names {top['actor']} most often ({top['mentions_per_1k_words']:.0f} per 1,000 words)",
             x=0.01, ha="left", fontweight="bold")
charts.caption(axes[0], f"Source: {len(docs)} articles, {int(sal['n_mentions'].sum())} counted mentions; mentions table.")
fig.tight_layout(rect=(0, 0.04, 1, 0.95))
_ = charts.save_figure(fig, "salience", out_dir=FIGURES)

# %%
sal[["outlet", "actor", "n_mentions", "n_words", "mentions_per_1k_words", "share_sentences", "headline_share",
     "mean_first_mention_word_share"]].round(3)

# %% [markdown]
# ## Evidence
# The mentions behind every number above, each with its sentence (change the filter to read
# another outlet or actor).

# %%
evidence = m.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
evidence[evidence["counted"]][["outlet", "actor", "kind", "surface", "in_quote", "text"]].head(40)
