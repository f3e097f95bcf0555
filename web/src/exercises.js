// The Exercises menu: exercises written for the playground (web/exercises/*.toml), bundled
// as text (esbuild's text loader for .toml), and which of them the user has passed, kept in
// the browser.
import t0 from '../exercises/01-subtract.toml';
import t1 from '../exercises/02-multiply.toml';
import t2 from '../exercises/03-count-bits.toml';
import t3 from '../exercises/04-array-sum-max.toml';
import t4 from '../exercises/05-string-length-upper.toml';
import t5 from '../exercises/06-reverse-string.toml';
import t6 from '../exercises/07-compare-strings.toml';
import t7 from '../exercises/08-save-restore.toml';
import t8 from '../exercises/09-factorial-stack.toml';
import t9 from '../exercises/10-echo-polling.toml';
import t10 from '../exercises/11-keyboard-interrupt.toml';
import t11 from '../exercises/12-draw-square.toml';

export const EXERCISES = [
  { file: '01-subtract.toml', title: 'Subtract without SUB', toml: t0 },
  { file: '02-multiply.toml', title: 'Multiply by repeated addition', toml: t1 },
  { file: '03-count-bits.toml', title: 'Count the 1 bits', toml: t2 },
  { file: '04-array-sum-max.toml', title: 'Sum and maximum of an array', toml: t3 },
  { file: '05-string-length-upper.toml', title: 'String length and upper case', toml: t4 },
  { file: '06-reverse-string.toml', title: 'Reverse a string in place', toml: t5 },
  { file: '07-compare-strings.toml', title: 'Compare two strings', toml: t6 },
  { file: '08-save-restore.toml', title: 'A subroutine that saves and restores registers', toml: t7 },
  { file: '09-factorial-stack.toml', title: 'Factorial with a stack frame', toml: t8 },
  { file: '10-echo-polling.toml', title: 'Echo by polling', toml: t9 },
  { file: '11-keyboard-interrupt.toml', title: 'Count keys with an interrupt', toml: t10 },
  { file: '12-draw-square.toml', title: 'Draw a square', toml: t11 },
];

const PROGRESS = 'lc3-playground.exercises-passed';

// The keys (a shipped exercise's file name, or another's title) of the exercises passed.
export function passedExercises() {
  try {
    const value = JSON.parse(localStorage.getItem(PROGRESS) || '[]');
    return new Set(Array.isArray(value) ? value.filter((k) => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

export function recordPassed(key) {
  const passed = passedExercises();
  if (passed.has(key)) return;
  passed.add(key);
  try { localStorage.setItem(PROGRESS, JSON.stringify([...passed])); } catch { /* kept for this visit only */ }
}
