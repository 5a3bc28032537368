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
# # 02 · How close are the outlets, and who reused whose text?
#
# **Question.** Which reports are really the same story re-published, which words set each
# outlet apart (overall, and in the sentences about each actor), which sentences did outlets
# copy from one another, and what did they change in the copy, especially about the actors?
#
# **Inputs.** The corpus, manifest and actor file of the parameters cell, and the TF-IDF settings
# below.
#
# **Outputs.** The `similarity`, `distinctive_words`, `distinctive_words_actor`,
# `reuse_alignment`, `reuse_summary`, `reuse_matrix` and `reuse_edits` tables, and the charts
# `figures/similarity_heatmap`, `figures/similarity_dendrogram`, `figures/distinctive_words`,
# `figures/distinctive_words_<actor>` and `figures/reuse_matrix` (PNG and SVG).

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None  # default: CORPUS/manifest.csv when present
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = []  # optional actors of the actor file to switch on
FIGURES = "../figures"
# TF-IDF settings that change the similarity picture (the defaults suit a small corpus):
STOP_WORDS = "english"  # scikit-learn's English list, or None to keep function words
NGRAM_MAX = 1  # 1 = words, 2 = words and bigrams
SUBLINEAR_TF = True  # 1 + log(tf): long articles do not dominate
MIN_DF = 1  # a term must occur in at least this many documents
TOP_TERMS = 8  # distinctive terms shown per outlet

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.report import charts
from analysis.run.pipeline import run_pipeline
from analysis.compare.reuse import THRESHOLDS, outlet_reuse_matrix, reused_pairs
from analysis.compare.similarity import cluster_order, outlet_similarity
from analysis.compare.terms import TfidfSettings

settings = TfidfSettings(stop_words=STOP_WORDS, ngram_max=NGRAM_MAX, sublinear_tf=SUBLINEAR_TF, min_df=MIN_DF)
run = run_pipeline(CORPUS, manifest=MANIFEST, actors=ACTORS, enable=ENABLE, scorer=None, with_tokens=False, tfidf=settings)
docs, sim = run["docs"], run["similarity"]
colors = charts.outlet_colors(docs["outlet"])
display(Markdown(f"{len(docs)} documents; TF-IDF settings: `{settings}`."))

# %% [markdown]
# ## Document similarity
# Cosine similarity of the TF-IDF vectors of the cleaned texts (1 = the same word profile).
# For the seeds: the Associated Press story and the HRO Media blog are the closest pair (the blog
# republished much of the wire copy); Breitbart, which did its own reporting, and the automated
# rewrite are the furthest from the rest.

# %%
osim = outlet_similarity(sim)
order = sorted(docs["outlet"].unique())
fig, ax = charts.subplots(figsize=(7.5, 6))
pair = osim[osim["doc_a"] != osim["doc_b"]].sort_values("cosine", ascending=False)
headline = f"Closest: {pair.iloc[0]['doc_a']} and {pair.iloc[0]['doc_b']} (cosine {pair.iloc[0]['cosine']:.2f})" if len(pair) else ""
charts.heatmap(osim, row="doc_a", col="doc_b", value="cosine", order=order, ax=ax,
               colorbar_label="cosine similarity of TF-IDF vectors", title=headline)
charts.caption(ax, "Source: similarity table (mean over document pairs of each pair of outlets).")
fig.tight_layout(rect=(0, 0.04, 1, 1))
_ = charts.save_figure(fig, "similarity_heatmap", out_dir=FIGURES)

# %%
fig, ax = charts.subplots(figsize=(8, 0.5 * len(order) + 1.5))
Z = cluster_order(osim, order)
charts.dendrogram(Z, order, ax=ax, colors=colors, title="Outlets clustered by the words they use")
charts.caption(ax, "Source: similarity table; average linkage on 1 − cosine.")
fig.tight_layout(rect=(0, 0.06, 1, 1))
_ = charts.save_figure(fig, "similarity_dendrogram", out_dir=FIGURES)

# %% [markdown]
# ## Distinctive words
# Each outlet against all the others: the log-odds ratio with an informative Dirichlet prior
# (Monroe, Colaresi & Quinn 2008), as a z-score; the dotted line is z = 1.96. For the seeds,
# Breitbart's most distinctive word is "regime" and the aggregator's is "federation" (its
# rewrite of "Russia" as "Russian Federation").

# %%
fw = run["distinctive_words"]
fig = charts.distinctive_terms(fw, n=TOP_TERMS, colors=colors, title="Words that set each outlet apart")
fig.tight_layout(rect=(0, 0, 1, 0.95))
_ = charts.save_figure(fig, "distinctive_words", out_dir=FIGURES)

# %% [markdown]
# The same, restricted to the sentences that mention each actor: this is where framing
# vocabulary shows.

# %%
fwa = run["distinctive_words_actor"]
for actor, grp in fwa.groupby("actor", sort=False):
    fig = charts.distinctive_terms(grp, n=TOP_TERMS, colors=colors, title=f"In sentences about {actor}")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    charts.save_figure(fig, f"distinctive_words_{actor.lower().replace(' ', '_')}", out_dir=FIGURES)

# %% [markdown]
# ## Sentence-level reuse
# Every sentence is aligned with its closest sentence in each other document and the pair is
# classified with these thresholds (on lower-cased word tokens; see `analysis/reuse.py`):

# %%
pd.Series(THRESHOLDS, name="threshold").to_frame()

# %% [markdown]
# The matrix shows the share of each row outlet's words that sit in sentences copied (verbatim
# or near-verbatim) with the column outlet. For the seeds, AP and HRO Media share the most (about
# a quarter of each one's words); the aggregator shares single sentences with AP, HRO Media and
# WION; Breitbart shares nothing.

# %%
rmo = outlet_reuse_matrix(run["reuse_matrix"])
fig, ax = charts.subplots(figsize=(7.5, 6))
top = rmo.sort_values("share", ascending=False)
title = f"{top.iloc[0]['outlet_a']} shares most with {top.iloc[0]['outlet_b']} ({top.iloc[0]['share']:.0f}% of its words)" if len(top) else "No copied sentences"
charts.heatmap(rmo, row="outlet_a", col="outlet_b", value="share", order=order, ax=ax, fmt="{:.0f}", cmap="Oranges", fill_value=0,
               colorbar_label="% of row outlet's words in sentences copied from column outlet", title=title)
charts.caption(ax, "Source: reuse_matrix table (verbatim and near-verbatim sentences).")
fig.tight_layout(rect=(0, 0.04, 1, 1))
_ = charts.save_figure(fig, "reuse_matrix", out_dir=FIGURES)

# %%
run["reuse_summary"].round(3)

# %% [markdown]
# The reused pairs themselves (unrelated best matches omitted):

# %%
pairs = reused_pairs(run["reuse_alignment"], run["sentences"])
pairs[["outlet_a", "outlet_b", "relation", "ratio", "longest_run", "dice", "text_a", "text_b"]].round(2)

# %% [markdown]
# ## What changed in the copied text
# Word-level edits of the near-verbatim pairs, edits that touch an actor first. For the seeds,
# the aggregator's copies replace "Russia" with "Russian Federation", and where AP and HRO Media
# split one wire sentence differently the edits show which actor's clause each kept.

# %%
run["reuse_edits"][["outlet_a", "outlet_b", "op", "text_a", "text_b", "concerns_actor", "actor"]]
