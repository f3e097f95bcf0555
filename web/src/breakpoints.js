// Editor extensions for debugging: a gutter of breakpoints (click to set or clear) and the
// highlighted line of the current PC.
import { StateField, StateEffect, RangeSet, Annotation, MapMode } from '@codemirror/state';
import { EditorView, gutter, GutterMarker, Decoration } from '@codemirror/view';

const toggle = StateEffect.define({ map: (v, mapping) => ({ pos: mapping.mapPos(v.pos), on: v.on }) });
const replaceAll = StateEffect.define();
const setCurrent = StateEffect.define();
export const fromVM = Annotation.define();    // changes the VM asked for, not the user

const marker = new class extends GutterMarker {
  constructor() {
    super();
    this.mapMode = MapMode.TrackDel;      // a breakpoint goes when its line is deleted
  }

  toDOM() {
    const dot = document.createElement('span');
    dot.className = 'cm-breakpoint';
    dot.textContent = '●';
    return dot;
  }
}();

const breakpointState = StateField.define({
  create: () => RangeSet.empty,
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(toggle)) {
        set = e.value.on ? set.update({ add: [marker.range(e.value.pos)] })
          : set.update({ filter: (from) => from !== e.value.pos });
      } else if (e.is(replaceAll)) {
        set = RangeSet.of(e.value.map((pos) => marker.range(pos)), true);
      }
    }
    return set;
  },
});

const currentLine = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setCurrent)) {
        deco = e.value === null ? Decoration.none
          : Decoration.set([Decoration.line({ class: 'cm-current-pc' }).range(e.value)]);
      }
    }
    return deco;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function breakpointLines(state) {
  const lines = [];
  const cursor = state.field(breakpointState).iter();
  for (; cursor.value; cursor.next()) lines.push(state.doc.lineAt(cursor.from).number);
  return lines;
}

function toggleAt(view, pos) {
  const has = [];
  view.state.field(breakpointState).between(pos, pos, () => { has.push(true); });
  view.dispatch({ effects: toggle.of({ pos, on: has.length === 0 }) });
}

export function debuggingExtensions(onBreakpoints) {
  let lastSent = '';
  return [
    breakpointState,
    currentLine,
    gutter({
      class: 'cm-breakpoint-gutter',
      markers: (view) => view.state.field(breakpointState),
      initialSpacer: () => marker,
      renderEmptyElements: true,          // every line can be clicked
      domEventHandlers: {
        mousedown(view, line) { toggleAt(view, line.from); return true; },
      },
    }),
    EditorView.updateListener.of((update) => {
      // Tell the VM whenever the lines change: a toggle, or an edit that moves or deletes
      // breakpoints.  What the VM itself placed is already known to it.
      const fromTheVM = update.transactions.some((tr) => tr.annotation(fromVM));
      const lines = breakpointLines(update.state).join(',');
      if (lines !== lastSent && !fromTheVM) onBreakpoints(lines ? lines.split(',').map(Number) : []);
      lastSent = lines;
    }),
  ];
}

// Put the markers on exactly these lines (where the VM placed them).
export function showBreakpoints(view, lines) {
  const doc = view.state.doc;
  const positions = lines.filter((n) => n >= 1 && n <= doc.lines).map((n) => doc.line(n).from);
  view.dispatch({ effects: replaceAll.of(positions), annotations: fromVM.of(true) });
}

// Highlight the line of the PC (null: none) and bring it into view.
export function showCurrentLine(view, line) {
  const doc = view.state.doc;
  if (line == null || line < 1 || line > doc.lines) {     // None arrives as undefined
    view.dispatch({ effects: setCurrent.of(null) });
    return;
  }
  const pos = doc.line(line).from;
  view.dispatch({ effects: [setCurrent.of(pos), EditorView.scrollIntoView(pos, { y: 'nearest' })] });
}
