// The status line: what the VM is doing, with its instruction count and speed.
const LABELS = {
  loading: 'Loading', ready: 'Ready', assembling: 'Assembling', idle: 'Ready',
  running: 'Running', input: 'Waiting for input', halted: 'Halted', stopped: 'Stopped',
  paused: 'Paused',
  error: 'Error',
};

export function createStatus(element) {
  let seq = 0;        // counts reports, so a test can wait for one that came after its action
  return {
    show({ state, message = '', instructions, speed }) {
      element.dataset.state = state;
      element.dataset.seq = String(++seq);
      const parts = [LABELS[state] || state];
      if (message && message !== 'halted' && message !== 'waiting for input') parts.push(message);
      if (state === 'input') parts.push('type in the console or the display');
      if (instructions !== undefined && state !== 'loading') {
        parts.push(`${instructions.toLocaleString('en-US')} instructions`);
      }
      if (speed && state === 'running') parts.push(`${(speed / 1e6).toFixed(2)} M instructions/s`);
      element.textContent = parts.join(' · ');
      if (speed) element.dataset.speed = String(speed);
    },
  };
}
