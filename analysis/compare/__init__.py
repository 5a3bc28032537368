"""Stage 6, compare: how close the outlets' texts are (:mod:`.terms`, :mod:`.counts`,
:mod:`.similarity`, :mod:`.neighbors`), which words set each apart (:mod:`.distinctive`) and who
copied what (:mod:`.reuse`, with the MinHash signatures of :mod:`.minhash` and the LSH bands of
:mod:`.lsh`)."""
