"""Charts: one colour per outlet, the bar chart draws what it is given, saving is deterministic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.report import charts, grids


def test_outlet_colors_stable() -> None:
    a = charts.outlet_colors(["B", "A", "C", "A"])
    assert a == charts.outlet_colors(["C", "B", "A"])
    assert len(set(a.values())) == 3 and all(c in charts.OKABE_ITO for c in a.values())


def test_salience_bars_draws_one_bar_per_row() -> None:
    table = pd.DataFrame(
        {"outlet": ["X", "X", "Y", "Y"], "actor": ["A", "B", "A", "B"], "mentions_per_1k_words": [1.0, 2.0, 3.0, 4.0]}
    )
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


def test_stacked_shares_and_presence_grid() -> None:
    import pandas as pd

    from analysis.report import charts

    t = pd.DataFrame({"outlet": ["A", "A", "B"], "speaker_actor": ["Turkey", "Russia", "Turkey"], "words": [30, 10, 5]})
    ax = charts.stacked_shares(t, rows=["outlet"], stack="speaker_actor", value="words", n_col="words")
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.0, 25.0, 75.0, 100.0]  # A: 75 / 25, B: 100 / 0
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["A  (n=40)", "B  (n=5)"]
    om = pd.DataFrame(
        {"label": ["x", "x", "y", "y"], "outlet": ["A", "B", "A", "B"], "present": [True, False, True, True]}
    )
    ax = grids.presence_grid(om)
    filled = [tuple(c.get_facecolor()[0][:3]) != (1.0, 1.0, 1.0) for c in ax.collections]
    assert filled.count(True) == 3 and filled.count(False) == 1
    for empty in (
        charts.stacked_shares(t.iloc[:0], rows=["outlet"], stack="speaker_actor", value="words"),
        grids.presence_grid(om.iloc[:0]),
    ):
        assert empty.texts  # says "no data" / "no items" instead of drawing nothing
