import re

from solidarity.core import charts


def test_bars_scale_in_integers_and_carry_their_table_and_summary():
    chart = charts.bars("Votes <all>", [("A", 120), ("B", 30), ("C", 0)], marked={"A"}, notes={"A": "40.00"})
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', chart.svg)]
    assert widths == [380, 95, 1]  # 380 * 30 // 120 = 95; an empty bar keeps one pixel
    assert "Votes &lt;all&gt;" in chart.svg and "<script" not in chart.svg
    assert chart.svg.count(charts.DARK) == 1
    assert "120 · 40.00" in chart.svg
    assert chart.rows == (("A", "120"), ("B", "30"), ("C", "0"))
    assert chart.summary == "Highest: A (120). Lowest: C (0)."


def test_stacked_bars_add_up_and_name_each_part():
    chart = charts.stacked_bars("Spending", ["Police", "Care"], {"Salaries": [90, 10], "Other": [10, 30]})
    assert chart.columns == ("Item", "Salaries", "Other", "Total")
    assert chart.rows == (("Police", "90", "10", "100"), ("Care", "10", "30", "40"))
    assert "Salaries" in chart.svg and "Other" in chart.svg
    assert chart.summary == "Highest: Police (100). Lowest: Care (40)."


def test_lines_have_a_point_per_value_and_a_row_per_point():
    chart = charts.lines("Budget", ["2024", "2025", "2026"], {"Police": [5, 6, 7], "Care": [1, 1, 3]},
                         show=lambda v: f"${v}")
    assert chart.svg.count("<circle") == 6 and chart.svg.count("<polyline") == 2
    assert chart.rows[2] == ("2026", "$7", "$3")
    assert chart.summary == "Police: $5 in 2024, $7 in 2026. Care: $1 in 2024, $3 in 2026."


def test_an_empty_chart_says_so():
    chart = charts.bars("Nothing", [])
    assert chart.svg == "" and chart.summary == "No data yet." and chart.rows == ()
