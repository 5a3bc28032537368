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
# # 04 · Framing: what each outlet calls each actor, who gets to speak, who acts, what is left out
#
# **Question.** Beyond sentiment: which labels does each outlet attach to each actor ("regime"
# or "government", "dictator" or "President"), whose voice carries its story and with which
# reporting verbs, is each actor cast as doing things or as having things done to it, and which
# people, numbers and claims does an outlet carry that others leave out?
#
# **Inputs.** The corpus, manifest and actor file of the parameters cell (by default Turkey and
# Russia, plus the two Syrian sides they back). Sentences are parsed with spaCy's small English
# pipeline, installed with the suite (no download at run time).
#
# **Outputs.** The tables `labels`, `label_counts`, `labels_distinctive`, `quotes`, `voice`,
# `reporting_verbs`, `speaker_topics`, `roles`, `role_counts`, `role_verbs` and `omission`, and
# the charts `figures/framing_labels`, `framing_voice`, `framing_roles` and `framing_omission`
# (PNG and SVG). Every count links back to sentences: the evidence cells show them with the
# span marked. How well the extractors do on hand-coded seeds is in tests/ (see the README).

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None  # default: CORPUS/manifest.csv when present
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = ["Syrian government", "Syrian opposition"]  # optional actors of the actor file to switch on
FIGURES = "../figures"
TOP = 5  # labels / verbs shown per outlet and actor

# %%
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis.report import charts
from analysis.report.readouts import informative_omissions, label_finding, label_grid, span_evidence, top_terms, verb_summary
from analysis.run.pipeline import run_pipeline

pd.set_option("display.max_colwidth", 200)
run = run_pipeline(CORPUS, manifest=MANIFEST, actors=ACTORS, enable=ENABLE, scorer=None, with_tokens=False)
docs, sentences = run["docs"], run["sentences"]
colors = charts.outlet_colors(docs["outlet"])
display(Markdown(
    f"{len(docs)} articles, {len(sentences)} sentences; actors: {', '.join(run.actors.ids)}. "
    f"{len(run['labels'])} descriptors, {int((run['quotes']['kind'] == 'direct').sum())} direct quotations, "
    f"{int((run['quotes']['kind'] == 'reported').sum())} reported-speech clauses, {len(run['roles'])} mentions with a role."))

# %% [markdown]
# ## Labels: what each outlet calls each actor
# Descriptors attached to the actor's mentions: titles, words in front of the name, appositions,
# "X-backed" compounds, the noun an adjective qualifies ("Turkish *officials*") and evaluative
# nouns that stand for the actor ("the *regime*", "*terrorists*"). The grid gives each outlet's
# most frequent terms; the chart counts the commonest labels per outlet; the last table the labels that
# most distinguish one outlet from the others (Fightin' Words z; |z| > 1.96 is unusual at the
# 5% level, which few labels reach with five articles).

# %%
display(top_terms(run["label_counts"], n=TOP))

# %%
lc = run["label_counts"]
label_actors = [a for a in run.actors.ids if a in set(lc["actor"])]
outlets = sorted(docs["outlet"].unique())
ncols = min(2, max(1, len(label_actors)))
nrows = max(1, -(-len(label_actors) // ncols))
fig, axes = charts.subplots(nrows, ncols, figsize=(6.5 * ncols, 4.8 * nrows), squeeze=False)
for ax in axes.flat[len(label_actors):]:
    ax.set_visible(False)
for ax, actor in zip(axes.flat, label_actors):
    grid, order = label_grid(lc, actor, n=12)
    charts.count_grid(grid, row="term", col="outlet", value="n", rows=order, cols=outlets, colors=colors, ax=ax, title=actor)
fig.suptitle(f"{label_finding(lc)} (the 12 commonest labels per actor)", x=0.01, ha="left", fontweight="bold")
charts.caption(axes[-1, 0], f"Source: label_counts table, {int(lc['n'].sum())} descriptors; dot area and number = count.")
fig.tight_layout(rect=(0, 0.05, 1, 0.94))
_ = charts.save_figure(fig, "framing_labels", out_dir=FIGURES)

# %%
ld = run["labels_distinctive"]
display(ld[ld["rank"] <= 3][["actor", "group", "term", "count", "count_rest", "z"]].rename(columns={"group": "outlet"}).round(2))

# %% [markdown]
# **Evidence.** Every descriptor in its sentence, the descriptor marked.

# %%
ev = span_evidence(run["labels"], sentences, docs, keep=["actor", "kind", "descriptor"])
display(HTML(ev.sort_values(["actor", "outlet"]).to_html(escape=False, index=False, max_rows=80)))

# %% [markdown]
# ## Voice: who speaks, how much, with which verbs
# Direct quotations (their words) and reported speech, each with its speaker resolved and mapped
# to an actor through the actor file. The chart shows each outlet's quoted words by the side the
# speaker speaks for; the tables the reporting verbs used for each side (neutral "say" against
# "claim", "insist", "warn") and which actors each speaker talks about.

# %%
voice = run["voice"]
fig, ax = charts.subplots(figsize=(9, 3.6))
charts.stacked_shares(voice, rows=["outlet"], stack="speaker_actor", value="quoted_words", n_col="quoted_words",
                      colors=charts.speaker_colors(run["voice"]["speaker_actor"]),
                      ax=ax, xlabel="% of the outlet's directly quoted words", title="Whose words each outlet quotes")
charts.caption(ax, f"Source: voice table; n = quoted words. Speakers the text does not name are 'unknown'.")
fig.tight_layout(rect=(0, 0.06, 1, 1))
_ = charts.save_figure(fig, "framing_voice", out_dir=FIGURES)
display(voice.round(3))

# %%
rv = run["reporting_verbs"]
display(rv.pivot_table(index=["outlet", "speaker_actor"], columns="verb", values="n", aggfunc="sum", fill_value=0))
display(run["speaker_topics"])

# %%
q = run["quotes"]
qe = span_evidence(q[q["is_speech"].astype(bool)], sentences, docs,
                   spans=[("start", "end"), ("attribution_start", "attribution_end")],
                   keep=["kind", "speaker", "speaker_actor", "verb", "how"])
display(HTML(qe.to_html(escape=False, index=False, max_rows=80)))

# %% [markdown]
# ## Roles: who acts and who is acted upon
# For each mention, whether the actor is the agent of a verb (subject of an active verb, or the
# *by*-phrase of a passive), its patient (object, or subject of a passive), or neither. An
# adjective or possessive takes the role of its noun ("*Russian* warplanes bombed" makes Russia
# an agent).

# %%
rc = run["role_counts"]
fig, ax = charts.subplots(figsize=(9, 0.32 * max(4, len(rc.groupby(['actor', 'outlet']))) + 1.2))
charts.stacked_shares(rc, rows=["actor", "outlet"], stack="role", value="n", order=["agent", "patient", "neither"],
                      colors={"agent": "#0072B2", "patient": "#D55E00", "neither": "#BBBBBB"}, n_col="n", ax=ax,
                      xlabel="% of the actor's mentions", title="Agent, patient or neither")
charts.caption(ax, "Source: role_counts table; n = counted mentions.")
fig.tight_layout(rect=(0, 0.04, 1, 1))
_ = charts.save_figure(fig, "framing_roles", out_dir=FIGURES)
display(verb_summary(run["role_verbs"], n=TOP))

# %%
roles = run["roles"]
re_ = span_evidence(roles[roles["role"] != "neither"], sentences, docs,
                    spans=[("mention_start", "mention_end"), ("verb_start", "verb_end")],
                    keep=["actor", "role", "verb", "voice", "via"])
display(HTML(re_.sort_values(["actor", "outlet"]).to_html(escape=False, index=False, max_rows=80)))

# %% [markdown]
# ## Omission: what some outlets carry and others leave out
# People, organisations, places, numbers and years named in some outlets but not all (a filled
# square: the outlet carries it), and the claims several outlets share. An absence is a fact
# about this corpus, not proof of a decision: an outlet can carry a fact in words the extractor
# does not match.

# %%
inf = informative_omissions(run["omission"], top=30)
fig, ax = charts.subplots(figsize=(8, 0.26 * max(5, inf["item_id"].nunique()) + 1.5))
charts.presence_grid(inf, ax=ax, colors=colors, title="Named in some outlets, not in others")
charts.caption(ax, "Source: omission table (entities, numbers, years present in fewer than all outlets).")
fig.tight_layout(rect=(0, 0.04, 1, 1))
_ = charts.save_figure(fig, "framing_omission", out_dir=FIGURES)

# %%
om = run["omission"]
claims = om[(om["kind"] == "claim") & (om["n_outlets"] > 1)]
grid = claims.pivot_table(index="label", columns="outlet", values="present", aggfunc="any") if len(claims) else claims
display(grid.loc[grid.sum(axis=1).sort_values(ascending=False).index] if len(claims) else grid)
present = inf[inf["present"]]
oe = span_evidence(present, sentences, docs, keep=["kind", "label"])
display(HTML(oe.to_html(escape=False, index=False, max_rows=60)))

# %% [markdown]
# ## Limits
# The parser is a small statistical model: a mis-parsed sentence can give a wrong role or miss a
# descriptor, which is why every count above has its evidence. Pronouns other than a speaker's
# "he"/"she" are not resolved, so "its Syrian ally" counts for the actor named, not for the one
# "its" refers to. Measured on the five seeds against hand-coded gold sets (tests/gold): see the
# README for the figures.
