"""Stage 5, framing: what each outlet calls each actor (:mod:`.labels`), who speaks (:mod:`.quotes`,
and the tables made from the quotes in :mod:`.voice`), who acts (:mod:`.roles`) and what is left
out (:mod:`.omission`)."""
