"""Exercises and autograding: exercise files, the grader, and its result formats.

    exercise = load_exercise("sum.toml")       # ExerciseError lists mistakes by line
    report = check(source, exercise)           # a Report of TestResults, never raises
"""
from .exercise import Exercise, ExerciseError, TestCase, load_exercise, parse_exercise
from .grader import Report, TestResult, check, check_program

__all__ = ["Exercise", "ExerciseError", "TestCase", "load_exercise", "parse_exercise",
           "Report", "TestResult", "check", "check_program"]
