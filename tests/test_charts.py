"""Charts: one colour per outlet, the bar chart draws what it is given, saving is deterministic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import charts


def test_outlet_colors_stable() -> None:
    a = charts.outlet_colors(["B", "A", "C", "A"])
    assert a == charts.outlet_colors(["C", "B", "A"])
    assert len(set(a.values())) == 3 and all(c in charts.OKABE_ITO for c in a.values())


def test_salience_bars_draws_one_bar_per_row() -> None:
    table = pd.DataFrame({"outlet": ["X", "X", "Y", "Y"], "actor": ["A", "B", "A", "B"], "mentions_per_1k_words": [1.0, 2.0, 3.0, 4.0]})
    ax = charts.salience_bars(table)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [1.0, 2.0, 3.0, 4.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    charts.plt.close("all")


def test_empty_chart() -> None:
    ax = charts.salience_bars(pd.DataFrame(columns=["outlet", "actor", "mentions_per_1k_words"]))
    assert ax.texts[0].get_text() == "no data"
    charts.plt.close("all")


def test_save_figure_is_deterministic(tmp_path: Path) -> None:
    outs = []
    for sub in ("a", "b"):
        fig, ax = charts.subplots()
        ax.plot([0, 1], [1, 0])
        paths = charts.save_figure(fig, "line", out_dir=tmp_path / sub)
        outs.append([p.read_bytes() for p in paths])
        charts.plt.close(fig)
    assert outs[0] == outs[1]
