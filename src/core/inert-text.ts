// Text from an agent, made inert for where it is shown. Zero-width and bidi characters let a name look
// like another (`val\u200bidator-1`, a right-to-left override that reverses what follows); C0 and C1
// control characters drive a terminal (colours, cursor moves, a carriage return that overwrites the
// line before it). Neither belongs in an id, a name, a console line or a log line.

// Zero-width spaces and joiners, the bidi marks, embeddings, overrides and isolates, word joiners and
// invisible operators, the Mongolian vowel separator, the byte-order mark, and the Hangul fillers.
// (The combining grapheme joiner and the Khmer inherent vowels stand outside the class: they combine.)
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]|\u034f|\u17b4|\u17b5/g;
// C0 except tab and line feed, DEL, and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Every C0 and C1 character, tab and line feed included, with the invisible ones: for one-line text.
// eslint-disable-next-line no-control-regex
const LINE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]|\u034f|\u17b4|\u17b5/g;

/** Without zero-width and bidi characters: for ids, host and container names. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Safe to print on a terminal: control and invisible characters removed; tabs and line breaks kept. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '').replace(INVISIBLE, '');
}

/**
 * Safe inside one log line: line breaks and tabs written as \n and \t, every other control or invisible
 * character as its \u escape, so that an agent can neither forge a second line nor hide what it sent.
 */
export function logLineText(text: string): string {
  return text.replace(LINE_UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
