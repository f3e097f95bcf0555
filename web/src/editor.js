// The code editor: CodeMirror 6 with the LC-3 language, the assembler's diagnostics shown
// as the editor's own, and completion of mnemonics, registers and the program's labels.
import { EditorState, Compartment } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, insertNewline, insertTab, indentLess }
  from '@codemirror/commands';
import { autocompletion, acceptCompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lc3Language, lc3Highlight } from './lc3-language.js';
import { debuggingExtensions, showBreakpoints, showCurrentLine, breakpointLines } from './breakpoints.js';

const LABEL_DEFINITION = /^([A-Za-z_][\w]*)\s*:?/gm;

export function createEditor(parent, { text, onRun, onCheck, onChange, onBreakpoints }) {
  const language = new Compartment();
  let vocabulary = { mnemonics: [], directives: [], registers: [] };

  function complete(context) {
    const word = context.matchBefore(/[\w.]+/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const labels = new Set();
    for (const match of context.state.doc.toString().matchAll(LABEL_DEFINITION)) {
      const upper = match[1].toUpperCase();
      if (!vocabulary.mnemonics.includes(upper)) labels.add(match[1]);
    }
    const options = [
      ...vocabulary.mnemonics.map((m) => ({ label: m, type: 'keyword' })),
      ...vocabulary.directives.map((d) => ({ label: d, type: 'keyword' })),
      ...vocabulary.registers.map((r) => ({ label: r, type: 'variable' })),
      ...[...labels].map((l) => ({ label: l, type: 'constant', detail: 'label' })),
    ];
    return { from: word.from, options, validFor: /^[\w.]*$/ };
  }

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        debuggingExtensions(onBreakpoints),
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
        history(), highlightSelectionMatches(), lintGutter(),
        language.of(lc3Language(vocabulary)), lc3Highlight,
        // The list opens with nothing chosen: Enter and Tab take a word only after the
        // user has moved into the list with the arrow keys, so typing is never replaced.
        autocompletion({ override: [complete], selectOnOpen: false }),
        keymap.of([
          { key: 'Mod-Shift-Enter', run: () => { onCheck(); return true; } },
          { key: 'Mod-Enter', run: () => { onRun(); return true; } },
          // Enter ends the line and nothing more; Tab puts a tab where the cursor is (as
          // assembly is aligned), or indents the selected lines.
          { key: 'Enter', run: insertNewline },
          { key: 'Tab', run: (v) => acceptCompletion(v) || insertTab(v), shift: indentLess },
          ...defaultKeymap, ...historyKeymap, ...lintKeymap, ...searchKeymap,
        ]),
        // tabindex: axe counts the scrolling editor as reachable by keyboard only with it.
        EditorView.contentAttributes.of({ 'aria-label': 'Editor', tabindex: '0' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    setVocabulary(words) {
      vocabulary = words;
      view.dispatch({ effects: language.reconfigure(lc3Language(words)) });
    },
    // Assembler diagnostics ({line, column, end_column, severity, message}, 1-based).
    showDiagnostics(diagnostics) {
      const doc = view.state.doc;
      const marks = diagnostics.map((d) => {
        const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
        const from = Math.min(line.from + d.column - 1, line.to);
        const to = Math.max(from, Math.min(line.from + d.end_column - 1, line.to));
        return { from, to, severity: d.severity, message: `${d.line}:${d.column}: ${d.message}` };
      });
      view.dispatch(setDiagnostics(view.state, marks));
    },
    focus: () => view.focus(),
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    breakpoints: () => breakpointLines(view.state),
    showBreakpoints: (lines) => showBreakpoints(view, lines),
    showCurrentLine: (line) => showCurrentLine(view, line),
  };
}
