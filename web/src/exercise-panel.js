// The exercise beside the editor: its title and statement, the Check button, and the
// results in the region labelled "Checks" (each test passed or failed, its points and
// message, a Debug button beside a failed one, and the total).
import { renderMarkdown } from './markdown.js';

const points = (n) => `${n} ${n === 1 ? 'point' : 'points'}`;

export function createExercisePanel(root, { onCheck, onDebug, onClose }) {
  const title = root.querySelector('#exercise-name');
  const statement = root.querySelector('#exercise-statement');
  const checks = root.querySelector('#checks');
  const total = root.querySelector('#checks-total');
  const list = root.querySelector('#checks-list');
  let seq = 0;                     // results shown so far (tests wait for the next one)

  root.querySelector('#check').addEventListener('click', () => onCheck());
  root.querySelector('#exercise-close').addEventListener('click', () => onClose());

  function shown(text) {
    total.textContent = text;
    checks.dataset.seq = String(++seq);
  }

  return {
    // info: the worker's `exercise` reply (title, statement, tests).
    show(info) {
      title.textContent = info.title || 'Exercise';
      renderMarkdown(statement, info.statement || '');
      const count = info.tests.length;
      list.replaceChildren();
      total.textContent = `${count} ${count === 1 ? 'test' : 'tests'}, ${points(info.max_score)}: press Check.`;
      root.hidden = false;
    },
    hide() { root.hidden = true; },
    checking() { total.textContent = 'Checking…'; },
    // reply: the worker's `checked` message.
    results(reply) {
      list.replaceChildren();
      if (!reply.ok) {
        const lines = reply.diagnostics.length
          ? reply.diagnostics.map((d) => `line ${d.line}: ${d.message}`) : [reply.message];
        for (const text of lines) list.append(Object.assign(document.createElement('li'), { className: 'failed', textContent: text }));
        shown('The exercise file has errors (see the Tests tab).');
        return;
      }
      reply.tests.forEach((test, index) => {
        const item = document.createElement('li');
        item.className = test.passed ? 'passed' : 'failed';
        const head = document.createElement('div');
        head.className = 'check-head';
        head.append(
          Object.assign(document.createElement('span'), { className: 'check-name', textContent: test.name }),
          Object.assign(document.createElement('span'), { className: 'verdict', textContent: test.passed ? 'passed' : 'failed' }),
          Object.assign(document.createElement('span'), { className: 'check-points', textContent: `${test.score} of ${points(test.max_score)}` }));
        if (!test.passed) {
          const debug = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Debug' });
          debug.setAttribute('aria-label', `Debug ${test.name}`);
          debug.title = 'Load this test\'s setup and pause at its first instruction';
          debug.addEventListener('click', () => onDebug(index, test.name));
          head.append(debug);
        }
        item.append(head);
        if (test.message) {
          item.append(Object.assign(document.createElement('pre'), { className: 'check-message', textContent: test.message }));
        }
        list.append(item);
      });
      shown(`${reply.score} of ${points(reply.max_score)}`);
    },
  };
}
