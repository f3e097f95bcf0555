// LC-3 assembly for CodeMirror: a stream tokenizer over the words of the ISA table, which
// the VM sends when it is ready (so the editor never keeps its own list of mnemonics).
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const NUMBER = /^(#-?\d+|[xX]-?[0-9a-fA-F]+|[bB]-?[01]+|-?\d+)(?![\w])/;
const WORD = /^[A-Za-z_.][\w.]*/;

export function lc3Language(vocabulary) {
  const mnemonics = new Set((vocabulary.mnemonics || []).map((m) => m.toUpperCase()));
  const directives = new Set((vocabulary.directives || []).map((d) => d.toUpperCase()));
  const registers = new Set((vocabulary.registers || []).map((r) => r.toUpperCase()));
  return StreamLanguage.define({
    name: 'lc3',
    startState: () => ({ operands: false }),
    token(stream, state) {
      if (stream.sol()) state.operands = false;
      if (stream.eatSpace()) return null;
      if (stream.peek() === ';') { stream.skipToEnd(); return 'comment'; }
      if (stream.peek() === '"') {
        stream.next();
        let escaped = false;
        while (!stream.eol()) {
          const ch = stream.next();
          if (ch === '"' && !escaped) break;
          escaped = ch === '\\' && !escaped;
        }
        return 'string';
      }
      if (stream.eat(',') || stream.eat(':')) return 'punctuation';
      if (state.operands && stream.match(NUMBER)) return 'number';
      const word = stream.match(WORD);
      if (!word) { stream.next(); return null; }
      const upper = word[0].toUpperCase();
      if (directives.has(upper)) { state.operands = true; return 'keyword'; }
      if (mnemonics.has(upper)) { state.operands = true; return 'operatorKeyword'; }
      if (state.operands && registers.has(upper)) return 'variableName.special';
      if (state.operands && NUMBER.test(word[0])) return 'number';
      return state.operands ? 'labelName' : 'labelDefinition';
    },
    tokenTable: { labelDefinition: tags.definition(tags.labelName) },
    languageData: { commentTokens: { line: ';' } },
  });
}

export const lc3Highlight = syntaxHighlighting(HighlightStyle.define([
  { tag: tags.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: tags.string, color: '#0a7f3f' },
  { tag: tags.keyword, color: '#8a3ffc', fontWeight: 'bold' },
  { tag: tags.operatorKeyword, color: '#0550ae', fontWeight: 'bold' },
  { tag: tags.special(tags.variableName), color: '#b35900' },
  { tag: tags.number, color: '#a31515' },
  { tag: tags.definition(tags.labelName), color: '#116329', fontWeight: 'bold' },
  { tag: tags.labelName, color: '#116329' },
]));
