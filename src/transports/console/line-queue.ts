// Lines from the console's input, handed out one at a time, so a command that asks a question (confirm?)
// reads the very next line, also when the lines come through a pipe all at once. On a terminal it also
// does what a shell does with Ctrl-C (clear the typed line; on an empty line, stop), and prints what
// arrives while the prompt is showing (a command that finished in the background) above the prompt,
// with what was typed so far drawn again below it.
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface LineQueue {
  next(): Promise<string | undefined>;
  prompt(text: string): void;
  /** Writes a line of output; on a terminal showing the prompt, above it. */
  print(text: string): void;
  close(): void;
}

export interface LineQueueOptions {
  input: Readable;
  output: Writable;
  terminal: boolean;
  /** Ctrl-C on an empty line (or a second Ctrl-C): the operator wants out. */
  onInterrupt?: () => void;
}

export function createLineQueue(opts: LineQueueOptions): LineQueue {
  const { input, output, terminal } = opts;
  const rl = createInterface({ input, output: terminal ? output : undefined, terminal, crlfDelay: Infinity });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  let prompting = false;
  rl.on('line', (line) => {
    prompting = false;
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    prompting = false;
    for (const w of waiting.splice(0)) w(undefined);
  });
  // Without this listener readline pauses the input on Ctrl-C: the console looked frozen (issue 21).
  rl.on('SIGINT', () => {
    if (rl.line === '') {
      output.write('^C\n');
      prompting = false;
      opts.onInterrupt?.();
      return;
    }
    output.write('^C\n');
    // The typed text is dropped and the prompt drawn again on the fresh line. The buffer is reset
    // directly: readline's own Ctrl-U does nothing on a terminal with TERM=dumb.
    const editable = rl as unknown as { line: string; cursor: number };
    editable.line = '';
    editable.cursor = 0;
    rl.prompt();
  });
  return {
    next() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    prompt(text) {
      if (!terminal || ended) return;
      rl.setPrompt(text);
      rl.prompt();
      prompting = true;
    },
    print(text) {
      if (!(terminal && prompting)) {
        output.write(`${text}\n`);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      rl.prompt(true);
    },
    close() {
      rl.close();
    },
  };
}
