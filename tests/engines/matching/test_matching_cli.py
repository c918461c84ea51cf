"""The matching command line, through `main(argv)` and `python -m solidarity.engines.matching`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from solidarity.engines.matching.cli import main

QUEUE = {
    "zones": {"north": ["centre"], "centre": ["south"]},
    "needs": [
        {"id": "r1", "category": "food", "zone": "north", "urgency": "today", "languages": ["es"],
         "windows": ["Tue 18:00-20:00"]},
        {"id": "r2", "category": "transport", "zone": "north"},
    ],
    "helpers": [
        {"id": "v1", "categories": ["food", "transport"], "zone": "north", "languages": ["es"]},
        {"id": "v2", "categories": ["food"], "zone": "centre", "languages": ["en", "es"],
         "windows": [{"day": 1, "start": 1020, "end": 1200}], "capacity": 2, "load": 1},
    ],
}


@pytest.fixture
def queue(tmp_path):
    path = tmp_path / "queue.json"
    path.write_text(json.dumps(QUEUE), encoding="utf-8")
    return path


def test_assign_json_gives_the_optimal_pairs_and_total(queue, capsys):
    assert main(["assign", str(queue), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"method": "optimal", "total": (100 + 60 + 20 + 15 + 20 - 3) + (100 + 30 + 10),
                   "pairs": [{"need": "r1", "helper": "v2"}, {"need": "r2", "helper": "v1"}], "unmatched": []}


def test_assign_greedy_prints_pairs_with_reasons_and_what_stays_open(queue, capsys):
    assert main(["assign", str(queue), "--method", "greedy"]) == 0
    out = capsys.readouterr().out
    assert "Matched 1 of 2 needs, total score 215 (greedy)." in out
    assert "r1 (food, today) -> v1" in out and "speaks Spanish" in out
    assert "Still open: r2" in out


def test_suggest_ranks_helpers_with_reasons(queue, capsys):
    assert main(["suggest", str(queue), "r1"]) == 0
    out = capsys.readouterr().out
    assert out.index("v1") < out.index("v2")
    assert "free Tue 18:00-20:00" in out


def test_suggest_json_gives_parts_and_reasons(queue, capsys):
    assert main(["suggest", str(queue), "r2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["helper"] for s in doc["suggestions"]] == ["v1"]
    assert doc["suggestions"][0]["parts"]["category"] == 100
    assert "same zone" in doc["suggestions"][0]["reasons"]


def bad(tmp_path, content) -> str:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ([], "one JSON object"),
    ({"needs": {}}, "'needs' must be a list"),
    ({"zones": ["a"]}, "\"zones\" must map"),
    ({"requests": []}, "unknown key 'requests'"),
    ({"needs": [{"id": "r1", "category": "groceries"}]}, "unknown category 'groceries'"),
    ({"needs": [{"id": "r1"}]}, "has no category"),
    ({"needs": [{"category": "food"}]}, "need 1 has no id"),
    ({"needs": [{"id": "r1", "category": "food", "langauges": ["es"]}]}, "unknown field 'langauges'"),
    ({"needs": [{"id": "r1", "category": "food", "windows": ["evenings"]}]}, "Tue 18:00-20:00"),
    ({"needs": [{"id": "r1", "category": "food", "windows": [{"day": 9, "start": 0, "end": 60}]}]}, "day must be"),
    ({"needs": [{"id": "r1", "category": "food", "languages": [["es"]]}]}, "malformed value|strings"),
    ({"helpers": [{"id": "h1", "categories": ["food"], "capacity": "two"}]}, "capacity must be a whole number"),
    ({"helpers": [{"id": "h1", "categories": ["food"]}, {"id": "h1", "categories": ["income"]}]}, "share the id"),
])
def test_it_explains_bad_input_and_exits_2_without_a_traceback(tmp_path, capsys, content, message):
    assert main(["assign", bad(tmp_path, content)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("solidarity matching: error: ")
    assert "Traceback" not in err
    assert re.search(message, err), err


def test_it_reads_a_file_with_a_byte_order_mark(tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(QUEUE).encode("utf-8"))
    assert main(["assign", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"]


def test_it_explains_a_missing_file_and_an_unknown_need(tmp_path, queue, capsys):
    assert main(["assign", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["suggest", str(queue), "r9"]) == 2
    assert "no need has the id 'r9'" in capsys.readouterr().err


def test_it_refuses_an_unknown_method_with_usage(queue, capsys):
    assert main(["assign", str(queue), "--method", "best"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_it_runs_as_a_module(queue):
    r = subprocess.run([sys.executable, "-m", "solidarity.engines.matching", "assign", str(queue), "--json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] > 0


GOLDENS = sorted((ROOT / "tests" / "engines" / "matching" / "goldens").glob("*.expected.json"))


@pytest.mark.parametrize("expected_path", GOLDENS, ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("method", ["optimal", "greedy"])
def test_golden_queues_give_the_hand_checked_assignment(expected_path, method, capsys):
    queue = str(expected_path).replace(".expected.json", ".json")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert main(["assign", queue, "--method", method, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected[method]


@pytest.mark.parametrize("expected_path", GOLDENS, ids=lambda p: p.name.split(".")[0])
def test_golden_queues_give_the_hand_checked_suggestions(expected_path, capsys):
    queue = str(expected_path).replace(".expected.json", ".json")
    for need_id, ranked in json.loads(expected_path.read_text(encoding="utf-8"))["suggest"].items():
        assert main(["suggest", queue, need_id, "--json"]) == 0
        got = json.loads(capsys.readouterr().out)["suggestions"]
        assert [{k: s[k] for k in ("helper", "total", "reasons")} for s in got] == ranked
