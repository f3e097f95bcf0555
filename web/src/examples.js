// The Examples menu: programs written for the playground, each commented for learners.
// Their sources are bundled as text (esbuild's text loader for .asm).
import hello from '../examples/hello.asm';
import echo from '../examples/echo.asm';
import strings from '../examples/strings.asm';
import recursion from '../examples/recursion.asm';
import interrupts from '../examples/interrupts.asm';
import animate from '../examples/animate.asm';
import shapes from '../examples/shapes.asm';
import paint from '../examples/paint.asm';
import snake from '../examples/snake.asm';
import guess from '../examples/guess.asm';

export const EXAMPLES = [
  { file: 'hello.asm', title: 'Hello, world', source: hello },
  { file: 'echo.asm', title: 'Echo keys (GETC, OUT)', source: echo },
  { file: 'strings.asm', title: 'Strings (PUTS, PUTSP)', source: strings },
  { file: 'recursion.asm', title: 'Recursion with a stack', source: recursion },
  { file: 'interrupts.asm', title: 'Keyboard interrupts', source: interrupts },
  { file: 'animate.asm', title: 'Timer animation (display)', source: animate },
  { file: 'shapes.asm', title: 'Lines and shapes (display)', source: shapes },
  { file: 'paint.asm', title: 'Paint with the keyboard (display)', source: paint },
  { file: 'snake.asm', title: 'Snake (display game)', source: snake },
  { file: 'guess.asm', title: 'Guess the number (ANSI console)', source: guess },
];
