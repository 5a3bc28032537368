"""Stage 2, text: sentences and tokens (:mod:`.sentences`,
over the Punkt layer of :mod:`.punkt` and the tokenizer of :mod:`.tokens`), word tokens for
counting (:mod:`.words`) and the dependency parse (:mod:`.syntax`)."""
