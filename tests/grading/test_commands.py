"""lc3 test and lc3 grade, run as a user runs them; the result formats; the autograder."""
import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

from ..conftest import ROOT

EXERCISES = ROOT / "web" / "exercises"
SOLUTIONS = ROOT / "tests" / "grading" / "solutions"
WRONG = ROOT / "tests" / "grading" / "wrong"
MULTIPLY = EXERCISES / "02-multiply.toml"


def lc3(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "vmcore", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def test_lc3_test_exit_codes_and_text():
    good = lc3("test", SOLUTIONS / "02-multiply.asm", MULTIPLY)
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.splitlines()[0] == \
        "Multiply by repeated addition: 5 of 5 points, 4 of 4 tests passed"
    bad = lc3("test", WRONG / "02-multiply-do-while.asm", MULTIPLY)
    assert bad.returncode == 1
    assert "  FAILED  times zero (0/1)\n          PRODUCT (x300A): expected 0 (x0000), " \
           "got 9 (x0009)\n" in bad.stdout


def test_lc3_test_exit_2_for_a_wrong_exercise_file_or_arguments(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "t"\n[[tests]]\nnmae = "x"\n')
    r = lc3("test", SOLUTIONS / "02-multiply.asm", broken)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"{broken}:3:1: error: unknown key 'nmae' in [[tests]]; did "
                               "you mean 'name'?\nnmae = \"x\"\n^")
    assert lc3("test", tmp_path / "none.asm", MULTIPLY).returncode == 2
    assert lc3("test", SOLUTIONS / "02-multiply.asm", tmp_path / "none.toml").returncode == 2
    assert lc3("test", "--format", "xml").returncode == 2


def test_json_format():
    r = lc3("test", WRONG / "02-multiply-do-while.asm", MULTIPLY, "--format", "json")
    data = json.loads(r.stdout)
    assert (data["score"], data["max_score"]) == (4, 5)
    assert data["tests"][1] == {"name": "times zero", "passed": False, "score": 0,
                                "max_score": 1, "message": "PRODUCT (x300A): expected 0 "
                                                           "(x0000), got 9 (x0009)"}


def test_junit_format():
    r = lc3("test", WRONG / "02-multiply-do-while.asm", MULTIPLY, "--format", "junit")
    suite = ET.fromstring(r.stdout).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("4", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["6 times 7", "times zero", "a negative number",
                                              "bigger numbers"]
    assert cases[0].find("failure") is None
    assert cases[1].find("failure").text == "PRODUCT (x300A): expected 0 (x0000), got 9 (x0009)"


# Gradescope's documented results.json fields (gradescope-autograders.readthedocs.io/specs).
TOP = {"score": (int, float), "execution_time": (int, float), "output": str,
       "output_format": str, "test_output_format": str, "test_name_format": str,
       "visibility": str, "stdout_visibility": str, "extra_data": dict, "tests": list,
       "leaderboard": list}
TEST = {"score": (int, float), "max_score": (int, float), "status": str, "name": str,
        "name_format": str, "number": str, "output": str, "output_format": str,
        "tags": list, "visibility": str, "extra_data": dict}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def validate_gradescope(data):
    for key, value in data.items():
        assert key in TOP and isinstance(value, TOP[key]), key
    assert "score" in data or all("score" in t for t in data["tests"])
    for test in data["tests"]:
        for key, value in test.items():
            assert key in TEST and isinstance(value, TEST[key]), key
        assert test["status"] in ("passed", "failed")
        assert test.get("visibility", "visible") in VISIBILITY
        assert 0 <= test["score"] <= test["max_score"]


def test_gradescope_format_has_the_documented_fields():
    r = lc3("test", WRONG / "02-multiply-do-while.asm", MULTIPLY, "--format", "gradescope")
    data = json.loads(r.stdout)
    validate_gradescope(data)
    assert data["score"] == 4
    assert [(t["name"], t["score"], t["max_score"], t["status"]) for t in data["tests"]] == [
        ("6 times 7", 1, 1, "passed"), ("times zero", 0, 1, "failed"),
        ("a negative number", 1, 1, "passed"), ("bigger numbers", 2, 2, "passed")]
    assert data["tests"][1]["output"] == "PRODUCT (x300A): expected 0 (x0000), got 9 (x0009)"


def test_a_folder_submission_needs_exactly_one_asm(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "main.asm").write_text((SOLUTIONS / "02-multiply.asm").read_text())
    assert lc3("test", tmp_path / "one", MULTIPLY).returncode == 0
    (tmp_path / "empty").mkdir()
    r = lc3("test", tmp_path / "empty", MULTIPLY, "--format", "gradescope")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    validate_gradescope(data)
    assert data["score"] == 0
    assert data["tests"][0]["output"] == f"{tmp_path / 'empty'}: the submission holds no " \
                                         ".asm file"


def test_lc3_grade_writes_a_csv_and_a_json_per_submission(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "ada.asm").write_text((SOLUTIONS / "02-multiply.asm").read_text())
    (subs / "bob.asm").write_text((WRONG / "02-multiply-do-while.asm").read_text())
    (subs / "cy.asm").write_text(".ORIG x3000\nLOOP BRnzp LOOP\nA .FILL 0\nB .FILL 0\n"
                                 "PRODUCT .FILL 0\n.END\n")                 # runs away
    (subs / "dee").mkdir()                                                   # no .asm
    (subs / "eve.asm").write_text(".ORIG x3000\nADD R1\n.END\n")             # no assembly
    out = tmp_path / "grades"
    r = lc3("grade", MULTIPLY, *sorted(subs.iterdir()), "--jobs", "2", "--out", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1].startswith("graded 5 submissions in ")
    rows = list(csv.reader((out / "grades.csv").open()))
    assert rows == [
        ["submission", "score", "max_score", "6 times 7", "times zero", "a negative number",
         "bigger numbers"],
        ["ada", "5", "5", "1", "1", "1", "2"], ["bob", "4", "5", "1", "0", "1", "2"],
        ["cy", "0", "5", "0", "0", "0", "0"], ["dee", "0", "5", "0", "0", "0", "0"],
        ["eve", "0", "5", "0", "0", "0", "0"]]
    cy = json.loads((out / "cy.json").read_text())
    assert cy["tests"][0]["message"] == \
        "did not halt within 1,000,000 instructions (last at line 2)"
    assert json.loads((out / "eve.json").read_text())["tests"][0]["message"].startswith(
        "does not assemble: line 2: ")


def test_lc3_grade_stops_a_submission_at_its_wall_clock_limit(tmp_path):
    slow = tmp_path / "slow.asm"     # 100M instructions would take many seconds
    slow.write_text(".ORIG x3000\nLOOP BRnzp LOOP\n.END\n")
    exercise = tmp_path / "ex.toml"
    exercise.write_text('title = "t"\n[[tests]]\nmax_steps = 100_000_000\n')
    r = lc3("grade", exercise, slow, "--timeout", "0.5", "--out", tmp_path / "g")
    assert r.returncode == 0
    data = json.loads((tmp_path / "g" / "slow.json").read_text())
    assert data["tests"][0]["message"] == \
        "grading stopped after 0.5 seconds (the wall-clock limit for one submission)"


def test_lc3_grade_needs_submissions():
    r = lc3("grade", MULTIPLY)
    assert r.returncode == 2 and "give the submissions to grade" in r.stderr


def test_gradescope_autograder_runs_a_submission_like_gradescope(tmp_path):
    out = tmp_path / "autograder"
    r = lc3("grade", MULTIPLY, "--gradescope-autograder", out)
    assert r.returncode == 0, r.stderr
    names = set(zipfile.ZipFile(out / "autograder.zip").namelist())
    assert {"setup.sh", "run_autograder", "exercise.toml", "vmcore/__init__.py",
            "vmcore/grading/grader.py", "vmcore/os/lc3os3.asm"} <= names
    assert os.access(out / "run_autograder", os.X_OK)
    # Play Gradescope: the source, a submission and a results folder, then run_autograder
    # with its fixed paths pointed at them.
    script = (out / "run_autograder").read_text().replace("/autograder", str(tmp_path / "ag"))
    for sub in ("source", "submission", "results"):
        (tmp_path / "ag" / sub).mkdir(parents=True)
    with zipfile.ZipFile(out / "autograder.zip") as z:
        z.extractall(tmp_path / "ag" / "source")
    (tmp_path / "ag" / "submission" / "mine.asm").write_text(
        (WRONG / "02-multiply-do-while.asm").read_text())
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"]})
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "ag" / "results" / "results.json").read_text())
    validate_gradescope(data)
    assert data["score"] == 4
