"""Stage 8, report: charts (:mod:`.charts`), readouts and headline sentences (:mod:`.readouts`,
:mod:`.findings`), executing the notebooks (:mod:`.notebooks`), the HTML pages (:mod:`.html`) and
the JupyterLab explorer (:mod:`.explore`)."""
