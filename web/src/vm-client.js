// The page's side of the worker protocol; the messages are documented in
// vmcore/protocol.py.  Everything the page says to the VM goes through here.
export class VMClient {
  // worker: a Worker, or a promise of one (the page may start it a moment later).
  constructor(worker) {
    this.listeners = new Map();
    this.outbox = [];                     // messages sent before the worker existed
    this.worker = null;
    Promise.resolve(worker).then((w) => {
      this.worker = w;
      for (const message of w.early || []) this.receive(message);   // before the page listened
      w.onmessage = (event) => this.receive(event.data);
      w.onerror = (event) => this.emit({ type: 'fatal', message: event.message || 'the VM failed to start' });
      for (const message of this.outbox.splice(0)) w.postMessage(message);
    });
  }

  receive(message) {
    this.emit(message);
    // The worker sends the next display frame once this one can have been drawn.
    if (message.type === 'display') requestAnimationFrame(() => this.worker.postMessage({ type: 'frame' }));
  }

  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  emit(message) {
    for (const listener of this.listeners.get(message.type) || []) listener(message);
  }

  send(message) {
    if (this.worker) this.worker.postMessage(message);
    else this.outbox.push(message);
  }

  // Resolves with the next reply of `type` (replies come in the order messages were sent).
  next(type) {
    return new Promise((resolve) => {
      const once = (message) => {
        this.listeners.set(type, this.listeners.get(type).filter((l) => l !== once));
        resolve(message);
      };
      this.on(type, once);
    });
  }

  load(source, filename, settings) {
    const reply = this.next('loaded');
    this.send({ type: 'load', source, filename, ...settings });
    return reply;
  }

  loadObject(bytes, sym, filename, settings) {
    const reply = this.next('loaded');
    this.send({ type: 'load_obj', data: Array.from(bytes), sym, filename, ...settings });
    return reply;
  }

  // Assemble without loading (the editor's errors as the user types); resolves with the reply
  // to this very request.
  assemble(source) {
    const id = (this.assembles = (this.assembles || 0) + 1);
    return new Promise((resolve) => {
      const listener = (message) => {
        if (message.id !== id) return;
        this.listeners.set('assembled', this.listeners.get('assembled').filter((l) => l !== listener));
        resolve(message);
      };
      this.on('assembled', listener);
      this.send({ type: 'assemble', source, id });
    });
  }

  // Sends a message and resolves with its reply of `replyType`; several may be waiting at
  // once, and replies come in the order the messages were sent.
  ask(message, replyType) {
    this.waiting = this.waiting || new Map();
    if (!this.waiting.has(replyType)) {
      this.waiting.set(replyType, []);
      this.on(replyType, (reply) => this.waiting.get(replyType).shift()?.(reply));
    }
    return new Promise((resolve) => {
      this.waiting.get(replyType).push(resolve);
      this.send(message);
    });
  }

  // An exercise file read by the worker: title, statement, starter, tests, or diagnostics.
  exercise(toml) { return this.ask({ type: 'exercise', exercise: toml }, 'exercise'); }
  check(source, toml, filename) {
    return this.ask({ type: 'check', source, exercise: toml, filename }, 'checked');
  }

  stop() { this.send({ type: 'stop' }); }
  key(text) { this.send({ type: 'key', text }); }
  speed(ips) { this.send({ type: 'speed', ips }); }

  export() {
    const reply = this.next('exported');
    this.send({ type: 'export' });
    return reply;
  }
}
