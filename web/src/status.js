// The status line: what the VM is doing, with its instruction count and speed.  What it
// says is also announced to screen readers, but at most once a second, so a running program
// does not flood them.
const LABELS = {
  loading: 'Loading', ready: 'Ready', assembling: 'Assembling', idle: 'Ready',
  running: 'Running', input: 'Waiting for input', halted: 'Halted', stopped: 'Stopped',
  paused: 'Paused',
  error: 'Error',
};
const ANNOUNCE_EVERY_MS = 1000;

export function formatSpeed(ips) {
  if (ips >= 1e6) return `${(ips / 1e6).toFixed(1)} million instructions/s`;
  return `${Math.round(ips).toLocaleString('en-US')} instructions/s`;
}

export function createStatus(element, announcer) {
  let seq = 0;        // counts reports, so a test can wait for one that came after its action
  let announced = '';
  let lastAnnounce = 0;
  let pending = 0;

  // Screen readers hear the state and its message, not every change of the count.
  function announce(text) {
    if (!announcer || text === announced) return;
    clearTimeout(pending);
    const wait = lastAnnounce + ANNOUNCE_EVERY_MS - performance.now();
    if (wait > 0) { pending = setTimeout(() => announce(text), wait); return; }
    announced = text;
    lastAnnounce = performance.now();
    announcer.textContent = text;
  }

  return {
    // `explanation` ({text}) is the VM's account of a common mistake (a missing HALT, a
    // runaway recursion...), in a beginner's words, naming the source line.
    show({ state, message = '', instructions, speed, explanation }) {
      element.dataset.state = state;
      element.dataset.seq = String(++seq);
      const label = LABELS[state] || state;
      const parts = [label];
      if (message && message !== 'halted' && message !== 'waiting for input'
          && message.toLowerCase() !== label.toLowerCase()) parts.push(message);
      if (state === 'input') parts.push('type in the console or the display');
      if (explanation && explanation.text) parts.push(explanation.text);
      const spoken = parts.join(' · ');
      if (instructions !== undefined && state !== 'loading') {
        parts.push(`${instructions.toLocaleString('en-US')} instructions`);
      }
      if (speed && state === 'running') parts.push(formatSpeed(speed));
      element.textContent = parts.join(' · ');
      if (speed) element.dataset.speed = String(speed);
      announce(spoken);
    },
  };
}
