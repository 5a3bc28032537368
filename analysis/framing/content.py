"""What a reporting verb attributes: the tokens of its content (its clause, its object, the clause
it is set into, the object of a learned preposition), for :mod:`analysis.framing.quotes`."""

from __future__ import annotations

from analysis.text.syntax import Sentence

__all__ = ["content_tokens"]

# A reporting verb's prepositions whose object is what it attributes, learned from PolNeAR's dev
# articles (of the verb's uses with no clause or object, the preposition inside the gold cue and its
# object inside the gold content in at least half of 6+ uses; "respond to" 0.26, "ask for" 0.28 not).
_CONTENT_PREPS = frozenset({("call", "for"), ("refer", "to"), ("point", "to"), ("comment", "on"), ("rail", "against")})
# The prepositions that open what a reporting verb's object is charged with, called or told about
# ("accused him of", "blamed China for", "described it as", "warned them against", "asked him
# about", "credited her with"): PolNeAR's contents hold them; chosen by measurement on its dev
# articles against every preposition (which a content overlap score rewards for nothing) and
# against "for, of, as" alone.
_COMPLEMENT_PREPS = frozenset(("for", "of", "as", "against", "about", "with"))
# Prepositions and entity labels of a verb's phrases of time or place, which are not what it
# attributes ("criticized the plan at a rally on Friday"); chosen on PolNeAR's dev articles against
# every preposition by a symmetric score (content Jaccard), which an over-long content does not win.
_TIME_PLACE_PREPS = frozenset(("at", "during", "after", "before", "since", "while", "in"))
_TIME_PLACE_ENTS = frozenset(("DATE", "TIME", "GPE", "LOC", "FAC"))
# Verbs whose object is the person addressed, not what is attributed ("told reporters").
_ADDRESSEE_VERBS = frozenset("tell ask assure urge remind warn convince congratulate thank inform".split())
# Verbs whose object is the one who feels, their subject what causes it ("The deal angered Moscow"):
# the object is not what is attributed, nor the subject a speaker.
_EXPERIENCER_VERBS = frozenset(
    "anger infuriate enrage outrage upset worry alarm frighten scare frustrate irritate annoy bother "
    "trouble disturb concern please delight surprise shock stun amaze impress disappoint embarrass "
    "offend amuse reassure".split()
)
# What the parser makes of a "that" opening a reporting verb's clause when it misses the clause.
_THAT_DEPS = frozenset(("prep", "mark", "dobj", "advmod"))


def _parenthetical(s: Sentence, k: int) -> bool:
    """Is reporting verb ``k`` set into the clause it reports, with its own subject: "Greensboro,
    Sexton said, made him ...", "..., many economists say, this effect could ..." (parataxis), or
    "As The Hill reported, Donald Trump was ..." (an adverbial clause opened by "as")?"""
    if s.head[k] == k:
        return False
    if not any(s.dep[c] in ("nsubj", "nsubjpass") for c in s.children(k)):
        # "As reported by Western Journalism, investigators found ...": the agent speaks
        return s.dep[k] == "advcl" and _marked(s, k, "as") and any(s.dep[c] == "agent" for c in s.children(k))
    if s.dep[k] == "parataxis":
        return True
    return s.dep[k] == "advcl" and _marked(s, k, "as")


def _marked(s: Sentence, k: int, word: str) -> bool:
    """Is clause ``k`` opened by the subordinator ``word`` ("as", "for")?"""
    return any(s.dep[c] == "mark" and s.text[c].lower() == word for c in s.children(k))


def _complements(s: Sentence, k: int, *, after: int) -> list[int]:
    """The tokens of verb ``k``'s first complement after token ``after`` (its object, or itself)
    that says what the object is charged with, called or told about: "accused him **of sexism**",
    "blamed China **for taking jobs**", "described the plan **as a buzz**", "warned China
    **against provocative behavior**", "called him **a liar**" (:data:`_COMPLEMENT_PREPS`)."""
    out: list[int] = []
    for c in s.children(k):
        if c > after and (s.dep[c] == "oprd" or (s.dep[c] == "prep" and s.text[c].lower() in _COMPLEMENT_PREPS)):
            out.extend(s.subtree(c))
            break
    return out


def _attached_preps(s: Sentence, k: int, *, after: int) -> list[int]:
    """The prepositional phrases of verb ``k`` after token ``after`` that belong to what its
    object says, where the parser hung them from the verb ("praised the efforts of a donor **to
    Sen. Rubio** ..."), not those of time or place ("on Friday", "in Iowa", "at a rally")."""
    return [
        c
        for c in s.children(k)
        if c > after
        and s.dep[c] == "prep"
        and s.text[c].lower() not in _TIME_PLACE_PREPS
        and not any(s.ent_type[x] in _TIME_PLACE_ENTS for x in s.subtree(c))
    ]


def _object_infinitives(s: Sentence, k: int, *, after: int) -> list[int]:
    """The infinitive clauses after token ``after`` that the parser hung from verb ``k`` but that
    say what its object is for ("praised the efforts of a donor **to attack Trump**", "resisted
    calls **to drop out**"); not its participles ("sued the DNC, seeking an injunction"), which
    are other acts, nor clauses a subordinator opens. Chosen on PolNeAR's dev articles,
    cross-fitted: 5 attributions more, content characters F1 0.842 -> 0.843; every adverbial
    clause no subordinator opens, participles too, gave 17 more but less precise contents
    (bench/RESULTS.md)."""
    return [
        c
        for c in s.children(k)
        if c > after
        and s.dep[c] == "advcl"
        and any(s.dep[x] == "aux" and s.text[x].lower() == "to" for x in s.children(c))
        and not any(s.dep[x] == "mark" for x in s.children(c))
    ]


# verbs whose "if" or "whether" clause, which the parser may hang as an adverbial clause, is what
# they report ("asked if they planned to attend")
_QUESTION_VERBS = frozenset(("ask", "wonder", "question", "inquire", "query"))


def content_tokens(s: Sentence, k: int, *, any_prep: bool = False) -> list[int]:
    """What reporting verb ``k`` attributes: for "according to", the clause it hangs from (without
    the phrase); else its clausal complement, or, for a verb that takes what is said as its object
    ("criticized the plan", not "told reporters"), the object; else the object of a learned
    preposition (``any_prep``: of its first preposition, for a cue the model found: "voted for
    Clinton"). Punctuation left out."""
    if s.lemma[k].lower() == "accord" or (s.text[k].lower() == "in" and s.pos[k] == "ADP"):  # "In a poll, ..."
        head = s.head[k]
        content = [t for t in s.subtree(head) if t not in s.subtree(k)] if head != k else []
    else:
        clause = [c for c in s.children(k) if s.dep[c] in ("ccomp", "xcomp")]
        # a clause after the verb before one ahead of it, which the parser may have hung from the
        # verb across a semicolon or a colon ("The story never ran; my editor argued the piece ...")
        clause = [c for c in clause if c > k][:1] + [c for c in clause if c < k] if clause else clause
        if not clause and s.lemma[k].lower() not in _ADDRESSEE_VERBS | _EXPERIENCER_VERBS:
            clause = [c for c in s.children(k) if s.dep[c] == "dobj"]
        content = s.subtree(clause[0]) if clause else []
        if clause and s.dep[clause[0]] == "ccomp" and clause[0] > k:
            # one clause the parser split in two ("say they do | n't know enough"): all of it
            more = [c for c in s.children(k) if s.dep[c] == "ccomp" and c > clause[0]]
            content = sorted(set(content).union(*(s.subtree(c) for c in more)))
        if not content:  # "noting that at one point ...", its "that" parsed as a preposition
            that = [c for c in s.children(k) if c == k + 1 and s.text[c].lower() == "that" and s.dep[c] in _THAT_DEPS]
            content = [t for t in s.subtree(that[0]) if t != that[0]] if that else []
        if clause and s.dep[clause[0]] == "dobj" and clause[0] > k:  # not "which officials described as ..."
            content = content + _complements(s, k, after=max(content))
            after = max(content)
            more = _attached_preps(s, k, after=after) + _object_infinitives(s, k, after=after)
            content = sorted(set(content).union(*(s.subtree(c) for c in more)))
        elif not clause and s.lemma[k].lower() in _ADDRESSEE_VERBS:  # "warned China against ..."
            objs = [c for c in s.children(k) if s.dep[c] == "dobj"]
            more = _complements(s, k, after=max(s.subtree(objs[0])) if objs else k)
            content = s.subtree(objs[0]) + more if more and objs else more
        if not content and not any(s.dep[c] == "agent" for c in s.children(k)):
            subj = [c for c in s.children(k) if s.dep[c] == "nsubjpass"]  # "Sanders was criticized for ..."
            more = _complements(s, k, after=k) if subj else []
            content = s.subtree(subj[0]) + more if more else []
        if not content and _parenthetical(s, k):  # "Greensboro, Sexton said, made him ..."
            content = [t for t in s.subtree(s.head[k]) if t not in s.subtree(k)]
        if not content:  # "called for a ban", "referring to ..."
            lemma = s.lemma[k].lower()
            preps = [
                c
                for c in s.children(k)
                if s.dep[c] == "prep" and (any_prep or (lemma, s.text[c].lower()) in _CONTENT_PREPS)
            ]
            subj = [c for c in s.children(k) if s.dep[c] == "nsubj"]
            if lemma == "refer" and subj and s.pos[subj[0]] == "NOUN" and not s.ent_type[subj[0]]:
                # "The scandal refers to a deal": what a word means, not what someone said
                preps = []
            objs = [g for c in preps[:1] for g in s.children(c) if s.dep[g] == "pobj"]
            content = s.subtree(objs[0]) if objs else []
            if not content and (lemma, "for") in _CONTENT_PREPS:  # "called for her emails to be released"
                clauses = [c for c in s.children(k) if s.dep[c] == "advcl" and _marked(s, c, "for")]
                content = [t for t in s.subtree(clauses[0]) if s.text[t].lower() != "for"] if clauses else []
        if not content and s.lemma[k].lower() in _QUESTION_VERBS:  # "asked if they planned to attend"
            asked = [
                c
                for c in s.children(k)
                if s.dep[c] == "advcl" and c > k and (_marked(s, c, "if") or _marked(s, c, "whether"))
            ]
            content = s.subtree(asked[0]) if asked else []
        if not content and any(s.dep[c] == "agent" for c in s.children(k)):  # "... was reported by the Herald"
            subj = [c for c in s.children(k) if s.dep[c] == "nsubjpass"]
            content = s.subtree(subj[0]) if subj and s.pos[subj[0]] not in ("PRON", "DET") else []
    return [t for t in content if s.pos[t] != "PUNCT"]
