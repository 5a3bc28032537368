"""Stage 7, run: every stage over a corpus: in memory (:mod:`.pipeline`), or batch by batch in
a process pool or on Dask (:mod:`.batch`, :mod:`.worker`, :mod:`.pool`, :mod:`.partitions`),
then the cross-document tables (:mod:`.cross`, :mod:`.sums`) and the outlet × actor summary
(:mod:`.summary`)."""
