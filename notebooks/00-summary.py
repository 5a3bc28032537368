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
# # 00 · Summary: how the outlets frame the actors, at a glance
#
# **Question.** For a reader who will open no other report: how prominent is each actor in each
# outlet, which way does each outlet lean toward it (and can we tell), what does it call it, whose
# voice carries the story, and how much of each outlet's text is copied?
#
# **Inputs.** The corpus, manifest and actor file of the parameters cell.
#
# **Outputs.** The outlet × actor summary table below (every column comes from a table of
# `python -m analysis run`: salience_outlet, stance_outlet, label_counts, voice, role_counts,
# reuse_summary) and `figures/overview.png` / `.svg`. The other reports give the evidence behind
# each number.

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None  # default: CORPUS/manifest.csv when present
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = []  # optional actors of the actor file to switch on
FIGURES = "../figures"
SCORER = "auto"  # auto | accurate | fast | vader

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.report import charts
from analysis.run.pipeline import run_pipeline
from analysis.run.summary import outlet_actor_summary
from analysis.report.findings import key_findings

run = run_pipeline(CORPUS, manifest=MANIFEST, actors=ACTORS, enable=ENABLE, scorer=SCORER, with_tokens=False)
docs = run["docs"]
summary = outlet_actor_summary(run)
method = ", ".join(sorted(run["stances"]["method"].unique())) if len(run["stances"]) else "none"
display(Markdown(
    f"**{len(docs)} articles from {docs['outlet'].nunique()} outlets**; actors: {', '.join(run.actors.ids)}; "
    f"stance scorer: {method}; {len(run['skipped'])} input(s) skipped.\n\n"
    + "\n".join(f"- {line}" for line in key_findings(summary))))

# %% [markdown]
# ## The three charts that say most
# Prominence (mentions per 1,000 words), lean (mean sentence stance with its 95% bootstrap
# interval: overlapping intervals mean the data do not separate the outlets) and voice (whose
# words each outlet quotes).

# %%
colors = charts.outlet_colors(docs["outlet"])
fig, axes = charts.subplots(1, 3, figsize=(18, 0.5 * max(4, len(summary)) + 2))
charts.salience_bars(run["salience_outlet"], ax=axes[0], colors=colors, title="Prominence", legend=True)
st = run["stance_outlet"]
charts.stance_intervals(st[st["voice"] == "all"], ax=axes[1], colors=colors, title="Lean (all sentences)", legend=False)
charts.stacked_shares(run["voice"], rows=["outlet"], stack="speaker_actor", value="quoted_words", n_col="quoted_words",
                      colors=charts.speaker_colors(run["voice"]["speaker_actor"]),
                      ax=axes[2], xlabel="% of directly quoted words", title="Whose words are quoted")
fig.suptitle(key_findings(summary)[0] if len(summary) else "No actor mentioned", x=0.01, ha="left", fontweight="bold")
charts.caption(axes[0], f"Sources: salience_outlet, stance_outlet ({method}), voice tables; {len(docs)} articles.")
fig.tight_layout(rect=(0, 0.07, 1, 0.93))
_ = charts.save_figure(fig, "overview", out_dir=FIGURES)

# %% [markdown]
# ## Outlet × actor
# `mentions_per_1k_words` and `share_sentences` (salience), `in_headline` (share of the outlet's
# articles naming the actor in the headline), `stance_*` (mean of P(positive) − P(negative) over
# `stance_n` sentences, 95% interval), `top_labels` (commonest descriptors), `voice_share` (share
# of the outlet's directly quoted words spoken for the actor), `agent_share` (share of the actor's
# mentions cast as the agent of a verb), `outlet_copied_share` (share of the outlet's words in
# sentences copied verbatim or near-verbatim from another article).

# %%
display(summary.style.format({
    "mentions_per_1k_words": "{:.1f}", "share_sentences": "{:.0%}", "in_headline": "{:.0%}", "stance_n": "{:.0f}",
    "stance_mean": "{:+.2f}", "stance_ci_low": "{:+.2f}", "stance_ci_high": "{:+.2f}", "voice_share": "{:.0%}",
    "agent_share": "{:.0%}", "outlet_copied_share": "{:.0%}"}, na_rep="–").hide(axis="index"))
