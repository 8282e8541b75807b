// Lines from the console's input, handed out one at a time, so a command that asks a question (confirm?)
// reads the very next line, also when the lines come through a pipe all at once.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface LineQueue {
  next(): Promise<string | undefined>;
  prompt(text: string): void;
  close(): void;
}

export function createLineQueue(input: Readable, output: Writable, terminal: boolean): LineQueue {
  const rl = createInterface({ input, output: terminal ? output : undefined, terminal, crlfDelay: Infinity });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  return {
    next() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    prompt(text) {
      if (!terminal) return;
      rl.setPrompt(text);
      rl.prompt();
    },
    close() {
      rl.close();
    },
  };
}
