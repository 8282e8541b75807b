// Finds text a person would read that is written in a source file instead of the message catalogue
// (issue 18). Read with the TypeScript parser: a string or template literal counts when it holds words
// (two words, or one capitalised word such as a button's "Approve"). Not counted: log lines (logs stay
// English), imports, `new Error(...)` faults (the user sees only a reference), SQL, catalogue keys, and a
// literal on a line marked `// i18n-exempt: <why>` (or the line above), each saying why it is not read
// by a person in a language (a header name, a protocol word, a Discord custom id...), or a whole file
// marked `// i18n-exempt-file: <why>` in its first lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Folders with no text for people: the catalogue itself, and the store (SQL and rows). */
const SKIP = ['src/i18n/', 'src/store/'];

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'child']);
const FAULTS = new Set(['Error', 'TypeError', 'RangeError', 'AssertionError']);
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|PRAGMA|CREATE|DROP|ALTER|BEGIN|COMMIT)\b/;
// Two words with a space between them: `agent_refused` or `content-type` is an identifier, not prose.
const WORDS = /\p{L}{2,}[,.:;!?'")\]…]*\s+[("'[<]*\p{L}{2,}/u;
const CAPITALISED_WORD = /^\s*\p{Lu}\p{Ll}+[.!?:…]*\s*$/u;
const EXEMPT = /i18n-exempt:\s*\S/;
/** At the top of a file whose every literal is for machines or logs: `// i18n-exempt-file: <why>`. */
const EXEMPT_FILE = /^\/\/ i18n-exempt-file:\s*\S/m;

export interface Finding {
  file: string;
  line: number;
  text: string;
}

function sourceFiles(dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  return dirs.flatMap((d) => (statSync(join(ROOT, d)).isDirectory() ? walk(join(ROOT, d)) : [join(ROOT, d)]));
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** Is this literal an argument (at any depth) of a log call or a fault? */
function inExemptCall(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && LOG_METHODS.has(p.expression.name.text)) {
      const target = p.expression.expression.getText();
      if (/\blog(ger)?\b|\.log$|^log$|Log$/i.test(target)) return true;
    }
    if (ts.isNewExpression(p) && FAULTS.has(calleeName(p) ?? '')) return true;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isImportTypeNode(p) || ts.isLiteralTypeNode(p)) return true;
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

function textOf(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' {} ');
  return undefined;
}

function isUserText(text: string): boolean {
  if (SQL.test(text)) return false;
  return WORDS.test(text) || CAPITALISED_WORD.test(text);
}

/** Every literal in `dirs` that looks like text for a person and does not come from the catalogue. */
export function findUserStrings(dirs: string[] = ['src', 'commands']): Finding[] {
  const out: Finding[] = [];
  for (const path of sourceFiles(dirs)) {
    const file = relative(ROOT, path);
    if (SKIP.some((s) => file.startsWith(s))) continue;
    const text = readFileSync(path, 'utf8');
    if (EXEMPT_FILE.test(text.split('\n').slice(0, 12).join('\n'))) continue;
    const lines = text.split('\n');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const literal = textOf(node);
      if (literal !== undefined) {
        if (isUserText(literal) && !inExemptCall(node)) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          if (!EXEMPT.test(lines[line] ?? '') && !EXEMPT.test(lines[line - 1] ?? '')) out.push({ file, line: line + 1, text: literal.slice(0, 80) });
        }
        if (!ts.isTemplateExpression(node)) return;
      }
      node.forEachChild(visit);
    };
    visit(sf);
  }
  return out;
}

// `npx tsx test/support/user-strings.ts src/transports/console` lists what is left in a folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findUserStrings(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  for (const f of found) console.log(`${f.file}:${f.line}  ${JSON.stringify(f.text)}`);
  console.log(`${found.length} literal(s) outside the catalogue`);
}
