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
# # 03 · Stance: does each outlet lean for or against each actor?
#
# **Question.** Sentence by sentence, how does each outlet's text lean toward each actor it
# names, in its own voice and in the quotes it chooses to run, and how sure can we be with this
# many sentences?
#
# **Inputs.** The corpus, manifest and actor file of the parameters cell; the stance scorer
# (`auto`: the accurate fine-tuned MiniLM up to 100,000 scored pairs, the fast linear model above;
# or `fast`, `accurate`, `vader`).
#
# **Outputs.** The `stances` table (one row per sentence × actor), the `stance_outlet`
# aggregates with 95% bootstrap intervals over sentences, the evidence sentences, and the charts
# `figures/stance_intervals.png` and `figures/stance_shares.png` (and `.svg`). Every number below
# is computed from rows of the `stances` table, shown at the end.

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None  # default: CORPUS/manifest.csv when present
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = []  # optional actors of the actor file to switch on
FIGURES = "../figures"
SCORER = "auto"  # auto | accurate | fast | vader
N_BOOT = 2000  # bootstrap resamples for the intervals

# %%
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis.report import charts
from analysis.run.pipeline import run_pipeline
from analysis.stance.scoring import get_scorer
from analysis.stance.validation import model_card

pd.set_option("display.max_colwidth", 160)
run = run_pipeline(CORPUS, manifest=MANIFEST, actors=ACTORS, enable=ENABLE, scorer=SCORER, n_boot=N_BOOT,
                   with_tokens=False, similarity=False)
docs, stances, agg = run["docs"], run["stances"], run["stance_outlet"]
method = ", ".join(sorted(stances["method"].unique())) if len(stances) else "none"
display(Markdown(f"**{len(stances)} scored sentence × actor pairs** in {len(docs)} articles; scorer: **{method}**."))

# %% [markdown]
# ## Lean per outlet and actor, with its uncertainty
# Each point is the mean of the sentence scores (P(positive) − P(negative), from −1 to 1); the
# line is a 95% percentile bootstrap interval over the outlet's sentences, and n is the number of
# sentences. With a handful of articles per outlet the intervals are wide: overlapping intervals
# mean the data do not separate the outlets. "Own voice" keeps sentences where the actor is named
# outside quotation marks; "quotes" those where it is named inside a quotation (the speaker's
# framing, which the outlet chose to run).

# %%
colors = charts.outlet_colors(docs["outlet"])
voices = [("all", "All sentences"), ("outlet", "Outlet's own voice"), ("quote", "Inside quotations")]
fig, axes = charts.subplots(1, 3, figsize=(14, 4.4), sharey=True)
for ax, (voice, label) in zip(axes, voices):
    charts.stance_intervals(agg[agg["voice"] == voice], ax=ax, colors=colors, title=label, legend=voice == "quote")
    ax.set_xlabel("mean stance, 95% interval" if voice != "all" else ax.get_xlabel())
own = agg[agg["voice"] == "outlet"]
if len(own):
    low = own.sort_values("mean_score").iloc[0]
    headline = f"Most negative in its own voice: {low['outlet']} on {low['actor']} ({low['mean_score']:+.2f}, n={int(low['n'])})"
else:
    headline = "No scored sentences"
fig.suptitle(headline, x=0.01, ha="left", fontweight="bold")
charts.caption(axes[0], f"Source: stances table, {len(stances)} sentence × actor pairs; scorer: {method}.")
fig.tight_layout(rect=(0, 0.04, 1, 0.94))
_ = charts.save_figure(fig, "stance_intervals", out_dir=FIGURES)

# %% [markdown]
# ## Share of negative, neutral and positive sentences
# The same sentences by label (all voices): a mean near zero can hide many negative and many
# positive sentences, or only neutral ones.

# %%
fig, ax = charts.subplots(figsize=(9, 0.35 * max(4, len(agg[agg["voice"] == "all"])) + 1.2))
charts.class_shares(agg[agg["voice"] == "all"], ax=ax)
allv = agg[agg["voice"] == "all"]
if len(allv):
    top = allv.sort_values("share_negative", ascending=False).iloc[0]
    ax.set_title(f"{top['outlet']} has the largest share of negative sentences on {top['actor']} "
                 f"({100 * top['share_negative']:.0f}%)")
charts.caption(ax, f"Source: stances table; labels by the {method} scorer.")
fig.tight_layout(rect=(0, 0.05, 1, 1))
_ = charts.save_figure(fig, "stance_shares", out_dir=FIGURES)

# %%
agg.round(3)

# %% [markdown]
# ## Evidence: the sentences that pull each score
# For every outlet and actor, up to three sentences with the highest and the lowest scores, the
# actor's mentions marked. Quoted sentences show their speaker where the text names one.

# %%
ev = run["stance_evidence"]
for (outlet, actor), grp in ev.groupby(["outlet", "actor"], sort=True):
    display(Markdown(f"**{outlet} · {actor}**"))
    display(HTML(grp[["direction", "score", "voice", "speaker", "html"]].round({"score": 2})
                 .rename(columns={"html": "sentence"}).to_html(index=False, escape=False)))

# %% [markdown]
# ## How the scorer was validated, and its limits
# The scorers were trained only on the NewsMTSC training set (7,758 sentences of US news, each
# target coded by five people) and measured on its "real-world" dev/test split, which they never
# saw; `bench/stance.py` re-measures them, and `python -m analysis validate --gold FILE` measures
# them on your own hand-coded sentences (NewsMTSC format). The figures below are read from the
# shipped model card.
#
# Limits: the training data are US political news, not diplomatic reporting on Syria; a score is
# the lean of one sentence toward one named target, not an outlet's position; irony, and stance
# carried across sentences (a pronoun in the next sentence), are missed; and a quoted official's
# words measure that official's framing, which is why quotes are separated from the outlet's own
# voice above.

# %%
scorer = get_scorer(stances["method"].iloc[0].split(" ")[0] if len(stances) else "fast")
pd.Series(model_card(scorer), name="model card").to_frame()

# %% [markdown]
# ## The stances table
# One row per sentence × actor: the class probabilities, score, label, voice and speaker. Sort
# or filter it to check any number above.

# %%
stances.merge(docs[["doc_id", "outlet"]], on="doc_id").merge(
    run["sentences"][["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"]).round(3)
