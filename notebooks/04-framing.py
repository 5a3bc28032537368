# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   title: "04 · Framing: labels, voice, roles and omission"
# ---

# %% [markdown]
# # 04 · Framing: what each outlet calls each actor, who gets to speak, who acts, what is left out
#
# **Question.** Beyond sentiment: which labels does each outlet attach to each actor ("regime"
# or "government", "dictator" or "President"), whose voice carries its story and with which
# reporting verbs, is each actor cast as doing things or as having things done to it, and which
# people, numbers and claims does an outlet carry that others leave out?
#
# **Inputs.** The tables of a finished run (`TABLES` in the parameters cell). Sentences were
# parsed with spaCy's small English pipeline, installed with the suite (no download at run time);
# `--no-framing` switches this part off.
#
# **Outputs.** Read from the tables `labels`, `label_counts`, `labels_distinctive`, `quotes`,
# `voice`, `reporting_verbs`, `speaker_topics`, `roles`, `role_counts`, `role_verbs` and
# `omission`; the charts `figures/framing_labels`, `framing_voice`, `framing_roles` and
# `framing_omission` (PNG and SVG). Every count links back to sentences: the evidence tables show
# them with the span marked. How well the extractors do on hand-coded seeds is in tests/ (see the
# README).

# %% tags=["parameters"]
TABLES = "../out/tables"  # a finished run's folder (`python -m analysis run --out ...`)
FIGURES = "../figures"  # where the charts are written (PNG and SVG)
MAX_OUTLETS = 8  # outlets charted: those with the most articles (the palette has eight colours)
MAX_ACTORS = 8  # actors charted: the most mentioned
ROWS = 10  # rows shown of a long table (the whole table is in TABLES)
EVIDENCE_DOCS = 5  # articles per charted outlet whose sentences the evidence tables read
TOP = 5  # labels / verbs shown per outlet and actor

# %%
from analysis.report.display import show
from analysis.report.scope import scope_of
from analysis.report.sections import framing, voice
from analysis.tables import RunTables

run = RunTables(TABLES)
scope = scope_of(run, outlets=MAX_OUTLETS, actors=MAX_ACTORS, docs_per_outlet=EVIDENCE_DOCS)
show(framing.overview(run, scope))

# %% [markdown]
# ## Labels: what each outlet calls each actor
# Descriptors attached to the actor's mentions: titles, words in front of the name, appositions,
# "X-backed" compounds, the noun an adjective qualifies ("Turkish *officials*") and evaluative
# nouns that stand for the actor ("the *regime*", "*terrorists*"). The grid gives each outlet's
# most frequent terms; the chart counts the commonest labels per outlet; the last table the labels
# that most distinguish one outlet from the others (Fightin' Words z; |z| > 1.96 is unusual at
# the 5% level, which few labels reach in a small corpus).

# %%
show(framing.top_terms_table(run, scope, top=TOP))

# %%
show(framing.labels_chart(run, scope, figures=FIGURES))

# %%
show(framing.distinctive_labels(run, scope, rows=3 * ROWS))

# %% [markdown]
# **Evidence.** Descriptors in their sentences, the descriptor marked (evaluative ones first).

# %%
show(framing.label_evidence(run, scope, rows=4 * ROWS))

# %% [markdown]
# ## Voice: who speaks, how much, with which verbs
# Direct quotations (their words) and reported speech, each with its speaker resolved and mapped
# to an actor through the actor file. The chart shows each outlet's quoted words by the side the
# speaker speaks for; the tables the reporting verbs used for each side (neutral "say" against
# "claim", "insist", "warn") and which actors each speaker talks about.

# %%
show(voice.voice_chart(run, scope, figures=FIGURES), voice.voice_table(run, scope, rows=3 * ROWS))

# %%
show(voice.reporting_verbs(run, scope, rows=3 * ROWS), voice.speaker_topics(run, scope, rows=ROWS))

# %%
show(voice.quote_evidence(run, scope, rows=3 * ROWS))

# %% [markdown]
# ## Roles: who acts and who is acted upon
# For each mention, whether the actor is the agent of a verb (subject of an active verb, or the
# *by*-phrase of a passive), its patient (object, or subject of a passive), or neither. An
# adjective or possessive takes the role of its noun ("*Russian* warplanes bombed" makes Russia
# an agent).

# %%
show(voice.roles_chart(run, scope, figures=FIGURES), voice.role_verbs(run, scope, top=TOP, rows=3 * ROWS))

# %%
show(voice.role_evidence(run, scope, rows=4 * ROWS))

# %% [markdown]
# ## Omission: what some outlets carry and others leave out
# People, organisations, places, numbers and years named in some outlets but not all (a filled
# square: the outlet carries it), and the claims several outlets share. An absence is a fact
# about this corpus, not proof of a decision: an outlet can carry a fact in words the extractor
# does not match.

# %%
show(framing.omission_chart(run, scope, figures=FIGURES))

# %%
show(framing.claims(run, scope, rows=ROWS), framing.omission_evidence(run, scope, rows=3 * ROWS))

# %% [markdown]
# ## Limits
# The parser is a small statistical model: a mis-parsed sentence can give a wrong role or miss a
# descriptor, which is why every count above has its evidence. Pronouns other than a speaker's
# "he"/"she" are not resolved, so "its Syrian ally" counts for the actor named, not for the one
# "its" refers to. Measured on the five seed articles against hand-coded gold sets (tests/gold):
# see the README for the figures.
