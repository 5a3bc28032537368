"""Stage 6, compare: how close the outlets' texts are (:mod:`.terms`, :mod:`.similarity`,
:mod:`.neighbors`), which words set each apart (:mod:`.distinctive`) and who copied what
(:mod:`.reuse`, with the MinHash / LSH keys of :mod:`.lsh`)."""
