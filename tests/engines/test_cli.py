"""The `solidarity pb` command line, through `main(argv)` and `python -m solidarity.engines.pb`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, require_data
from solidarity.engines import pb
from solidarity.engines.pb.cli import main

SMALL = """META
key;value
budget;30
vote_type;approval
PROJECTS
project_id;cost;name
a;20;Park
b;10;Bench
10;10;Ten
VOTES
voter_id;vote
1;a,b
2;a,b
3;10
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_count_json_gives_winners_in_selection_order_and_an_exact_cost(small, capsys):
    assert main(["count", str(small), "--rule", "equal-shares", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rule"] == "equal-shares"
    assert doc["winners"] == ["a", "10"]
    assert doc["total_cost"] == "30"
    assert set(doc["explanations"]) == {"a", "b", "10"}


def test_count_prints_winners_and_explanations(small, capsys):
    assert main(["count", str(small), "--rule", "greedy", "--tie-break", "equalshares"]) == 0
    out = capsys.readouterr().out
    assert "Funded 2 of 3 projects for 30 of 30" in out
    assert "Why:" in out and "Park" in out


def test_count_accepts_every_completion_of_equal_shares(small, capsys):
    for completion in pb.COMPLETIONS["equal-shares"]:
        assert main(["count", str(small), "--rule", "equal-shares", "--completion", completion, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["completion"] == completion


def test_count_keeps_decimal_costs_exact(tmp_path, capsys):
    path = tmp_path / "decimal.pb"
    path.write_text(SMALL.replace("a;20;Park", "a;19.99;Park").replace("budget;30", "budget;29.99"), encoding="utf-8")
    assert main(["count", str(path), "--rule", "greedy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_cost"] == "2999/100"


def test_compare_shows_every_rule_side_by_side(small, capsys):
    assert main(["compare", str(small)]) == 0
    out = capsys.readouterr().out
    for rule in ("greedy", "equal-shares", "equal-shares+add1", "phragmen", "max-welfare"):
        assert rule in out
    assert "no funded" in out and "avg/voter" in out
    assert main(["compare", str(small), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    mes = next(r for r in doc["rules"] if r["rule"] == "equal-shares")
    assert mes["voters_without_funded_project"] == 0
    assert mes["avg_funded_projects_per_voter"] == pytest.approx(1.0)


def test_validate_reports_problems_without_counting(tmp_path, capsys):
    path = tmp_path / "v.pb"
    path.write_text(SMALL.replace("budget;30", "budget;30\nnum_votes;4").replace("10;10;Ten", "10;10;Ten\nbig;99;Big"),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "num_votes is 4 but the file has 3 ballots" in out
    assert "project big costs 99, more than the budget 30" in out
    assert "project big has no votes" in out


@pytest.mark.parametrize("argv, words", [
    (["count", "{missing}", "--rule", "greedy"], "cannot read file"),
    (["count", "{bad}", "--rule", "greedy"], ":3:"),
    (["validate", "{bad}"], "not a number"),
    (["count", "{small}", "--rule", "greedy", "--sat", "borda"], "needs ordinal ballots"),
    (["count", "{small}", "--rule", "lottery"], "invalid choice"),
    (["count", "{small}", "--rule", "greedy", "--completion", "add1"], "no completion"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_gets_a_message_and_exit_code_2_without_a_traceback(argv, words, small, tmp_path, capsys):
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;lots\nvote_type;approval\n", encoding="utf-8")
    argv = [a.format(missing=tmp_path / "nope.pb", bad=bad, small=small) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_python_dash_m_runs_the_same_command_line(small):
    r = subprocess.run([sys.executable, "-m", "solidarity.engines.pb", "count", str(small), "--rule", "phragmen",
                        "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    # b lowers the load least (5 each), then 10 (load 10); a would make 40 > 30: stop
    assert json.loads(r.stdout)["winners"] == ["b", "10"]
    r = subprocess.run([sys.executable, "-m", "solidarity.engines.pb", "count", "/nonexistent.pb", "--rule", "greedy"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("solidarity pb")


def test_count_json_on_a_real_file_keeps_ids_as_written():
    data = require_data()
    assert main(["count", str(data / "France_Toulouse_2019.pb"), "--rule", "greedy", "--json"]) == 0
