"""A report written for people (text) and for tools: JSON, JUnit XML, Gradescope's
results.json."""
from __future__ import annotations

TYPE_CHECKING = False           # typing.TYPE_CHECKING without importing typing: this module
if TYPE_CHECKING:               # is loaded by every `lc3` command, for FORMATS
    from .grader import Report

FORMATS = ("text", "json", "junit", "gradescope")


def points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def text(report: Report) -> str:
    passed = sum(t.passed for t in report.tests)
    lines = [f"{report.title}: {points(report.score)} of {points(report.max_score)} points, "
             f"{passed} of {len(report.tests)} tests passed"]
    for t in report.tests:
        mark = "passed" if t.passed else "FAILED"
        lines.append(f"  {mark}  {t.name} ({points(t.score)}/{points(t.max_score)})")
        lines += [f"          {line}" for line in t.message.splitlines()]
    return "\n".join(lines) + "\n"


def json_text(report: Report) -> str:
    import json
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def junit(report: Report, classname: str = "exercise") -> str:
    import xml.etree.ElementTree as ET
    failures = sum(not t.passed for t in report.tests)
    suites = ET.Element("testsuites", tests=str(len(report.tests)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name=report.title or classname,
                          tests=str(len(report.tests)), failures=str(failures), errors="0",
                          skipped="0", time=f"{report.seconds:.3f}")
    for t in report.tests:
        case = ET.SubElement(suite, "testcase", name=t.name, classname=classname)
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="score", value=points(t.score))
        ET.SubElement(props, "property", name="max_score", value=points(t.max_score))
        if not t.passed:
            failure = ET.SubElement(case, "failure", message=t.message.splitlines()[0]
                                    if t.message else "failed", type="AssertionError")
            failure.text = t.message
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def gradescope(report: Report) -> dict:
    """Gradescope's results.json: a top-level score and one entry per test, each with
    name, score, max_score, status (passed or failed) and output (what the student sees)."""
    return {"score": report.score,
            "output": f"{report.title}: {points(report.score)} of "
                      f"{points(report.max_score)} points",
            "execution_time": round(report.seconds, 3),
            "tests": [{"name": t.name, "score": t.score, "max_score": t.max_score,
                       "status": "passed" if t.passed else "failed",
                       "output": t.message or "passed", "visibility": "visible"}
                      for t in report.tests]}


def render(report: Report, fmt: str) -> str:
    if fmt == "text":
        return text(report)
    if fmt == "json":
        return json_text(report)
    if fmt == "junit":
        return junit(report)
    if fmt == "gradescope":
        import json
        return json.dumps(gradescope(report), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
