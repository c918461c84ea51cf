"""Reading and writing Pabulib files."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest

from conftest import election, require_data
from solidarity.engines import pb
from solidarity.engines.pb import PabulibError

APPROVAL = '''META
key;value
description;"A test; with a semicolon"
budget;1000,5
vote_type;approval
PROJECTS
project_id;cost;name;selected
p1;400.25;"Park; ""green""";1
10;300;Ten;0
9;300;Nine;none
VOTES
voter_id;vote
1;p1,10
2;10,p1,10
3;9
4;
'''


def test_it_reads_quoted_fields_decimal_commas_and_nonnumeric_ids():
    e = pb.loads(APPROVAL)
    assert e.budget == Fraction(20010, 20)
    assert [p.id for p in e.projects] == ["p1", "10", "9"]
    assert e.project("p1").cost == Fraction("400.25")
    assert e.project("p1").name == 'Park; "green"'
    assert e.meta["description"] == "A test; with a semicolon"
    assert "selected" not in e.project("9").meta  # "none" counts as absent, as in pabutools


def test_it_stores_identical_ballots_once_with_a_count():
    e = pb.loads(APPROVAL)
    assert e.num_voters == 4
    assert dict(e.ballots.ballots) == {("10", "p1"): 2, ("9",): 1, (): 1}


def test_it_reads_crlf_line_ends_and_a_byte_order_mark():
    e = pb.loads("\ufeff" + APPROVAL.replace("\n", "\r\n"))
    assert e == pb.loads(APPROVAL)


def _with_votes(vote_type: str, header: str, rows: list[str]) -> str:
    return ("META\nkey;value\nbudget;100\nvote_type;" + vote_type + "\nPROJECTS\nproject_id;cost\n"
            "a;10\nb;20\nc;30\nVOTES\n" + header + "\n" + "\n".join(rows) + "\n")


def test_it_keeps_a_repeated_approval_once():
    e = pb.loads(_with_votes("approval", "voter_id;vote", ["1;a,b,a"]))
    assert e.ballots.ballots == ((("a", "b"), 1),)


def test_it_keeps_the_last_points_of_a_repeated_cumulative_vote():
    e = pb.loads(_with_votes("cumulative", "voter_id;vote;points", ["1;a,b,a;3,2,5"]))
    assert e.ballots.ballots == (((("a", Fraction(5)), ("b", Fraction(2))), 1),)


def test_it_keeps_the_first_position_of_a_repeated_ordinal_vote():
    e = pb.loads(_with_votes("ordinal", "voter_id;vote", ["1;b,a,b,c"]))
    assert e.ballots.ballots == ((("b", "a", "c"), 1),)


@pytest.mark.parametrize("kind", ["approval", "choose-1", "ordinal"])
def test_it_round_trips_every_unweighted_kind(kind):
    e = pb.loads(_with_votes(kind, "voter_id;vote", ["1;a,b", "2;c,a", "3;b", "4;b", "5;"]))
    assert pb.loads(pb.dumps(e)) == e


@pytest.mark.parametrize("kind", ["cumulative", "scoring"])
def test_it_round_trips_weighted_kinds(kind):
    e = pb.loads(_with_votes(kind, "voter_id;vote;points", ["1;a,b;1.5,2", "2;c;3", "3;;none"]))
    assert pb.loads(pb.dumps(e)) == e


@pytest.mark.parametrize("text, line, words", [
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;ten\n", 7, "not a number"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote\n1;a,zz\n",
     10, "unknown project 'zz'"),
    ("META\nkey;value\nbudget\n", 3, "key and a value"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;1\na;2\n", 8, "appears twice"),
    ("META\nkey;value\nbudget;10\nvote_type;weird\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote\n", 9,
     "unsupported vote_type"),
    ("hello;world\n", 1, "before the first"),
    ("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote;points\n"
     "1;a;x\n", 10, "not a number"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;name\na;A\n", 6, "no 'cost' column"),
])
def test_it_reports_a_malformed_file_with_its_line_number(text, line, words):
    with pytest.raises(PabulibError) as err:
        pb.loads(text)
    assert err.value.line == line
    assert words in str(err.value)


def test_it_reports_a_missing_budget():
    with pytest.raises(PabulibError, match="no budget"):
        pb.loads("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\na;1\n")


def test_it_names_the_file_and_line_when_reading_from_disk(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;x\nvote_type;approval\n", encoding="utf-8")
    with pytest.raises(PabulibError, match=r"bad\.pb"):
        pb.read(path)


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.pb"
    path.write_bytes("META\nkey;value\ndescription;Łódź\n".encode("utf-16"))
    with pytest.raises(PabulibError, match="UTF-8"):
        pb.read(path)


QUIRKY = {
    "crlf": "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "noninteger_budget": "France_Toulouse_2022_10_-_Jolimont_Soupetard_Roseraie_Gloire_Gramont_Amouroux.pb",
}


def _manifest():
    data = require_data()
    with open(data / "MANIFEST.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.slow  # parses all 1,405 shared files (about 11 s)
def test_it_reads_every_shared_file_with_the_manifest_counts():
    """Every one of the 1,403 shared files parses, with the vote type and sizes of the manifest."""
    rows = _manifest()
    assert len(rows) == 1403
    data = require_data()
    for row in rows:
        e = pb.read(data / row["file"])
        assert e.kind == row["vote_type"], row["file"]
        assert len(e.projects) == int(row["num_projects"]), row["file"]
        assert e.num_voters == int(row["num_votes"]), row["file"]
        assert e.budget == pb.exact(row["budget"]), row["file"]


def test_it_round_trips_shared_files_with_every_quirk():
    rows = _manifest()
    picked = {}
    for row in rows:
        for quirk in row["quirks"].split(","):
            if quirk and int(row["bytes"]) < 400_000:
                picked.setdefault(quirk, row["file"])
    for kind in ("approval", "cumulative", "ordinal", "choose-1"):
        picked[kind] = min((r for r in rows if r["vote_type"] == kind), key=lambda r: int(r["bytes"]))["file"]
    assert {"crlf", "nonnumeric_pid", "noninteger_cost", "noninteger_budget", "dup_in_ballot"} <= set(picked)
    data = require_data()
    for name in picked.values():
        e = election(name)
        assert pb.loads(pb.dumps(e)) == e, name
        text = (data / name).read_text(encoding="utf-8-sig")
        assert pb.loads(text, fast=False) == e, name  # the csv-only reading agrees


def test_it_reads_quoted_votes_and_sections_after_votes_like_the_csv_module():
    text = _with_votes("approval", "voter_id;vote", ['1;"a,b"', "2;c"]) + "META\nkey;value\nextra;1\n"
    e = pb.loads(text)
    assert e == pb.loads(text, fast=False)
    assert dict(e.ballots.ballots) == {("a", "b"): 1, ("c",): 1}
    assert e.meta["extra"] == "1"
