// Static checks over src/ and commands/ (issue 8, "Who gets in"): SQL only with bound parameters, no
// shell, no file writes with agent data, and no Discord message whose text can ping. The sources are read
// with the TypeScript parser, not with regular expressions over text, and every rule is first shown to
// catch a bad example (a check that cannot fail proves nothing).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = new URL('../../../', import.meta.url).pathname;

function sources(): Array<{ file: string; text: string }> {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  return ['src', 'commands'].flatMap((d) => walk(join(ROOT, d))).map((path) => ({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
}

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  node.forEachChild((c) => visit(c, fn));
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const where = (sf: ts.SourceFile, n: ts.Node) => `${sf.fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;

// ---------------------------------------------------------------------------------------------------
// SQL: a value never becomes SQL text. A template that builds SQL may only interpolate constants of the
// same file whose value is a literal, or the reviewed fragments below; the db calls take literals or SQL
// built by such templates; no SQL text is built with `+`.

const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|PRAGMA|CREATE|DROP|ALTER)\b/;

/** Reviewed interpolations in SQL, by file and expression text, with why each cannot carry a value. */
const SQL_FRAGMENTS: Record<string, Record<string, string>> = {
  'src/store/audit-repo.ts': {
    "where ? `WHERE ${where}` : 'WHERE a.id <= (SELECT MAX(id) FROM audit)'": 'where is and() of fixed fragments in auditSql(), or a fixed clause',
    where: "and() of the fixed fragments in auditSql() (values are @-bound)",
    "and(['a.agent_id = @agent', person, ...other])": 'fixed fragments in auditSql(): person and other hold only literals with @-bound values',
    "and([`ra.agent_id = ${named}`, 'a.request_id = ra.request_id', person, ...other])": 'the same; named is @agent or the literal \'*\'',
  },
  'src/store/commands-repo.ts': {
    "Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')": 'n copies of a fixed group of placeholders (n is 1 or GROUP, a constant)',
    "Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')": 'n copies of a fixed group of placeholders (n is 1 or GROUP, a constant)',
    "direct.join(' AND ')": 'direct holds only the fixed fragments pushed in historySql() (checked below)',
    named: "@agent or the literal '*' (the loop in historySql())",
    "where.join(' AND ')": 'where holds only the fixed fragments pushed in historySql()',
    "opts.paged ? ` AND ${PAGE_CONDITIONS}` : ''": 'PAGE_CONDITIONS, a constant of the same file (a template without interpolation), or nothing',
  },
  'src/store/notices-repo.ts': {
    "where.join(' AND ')": 'where holds only the fixed fragments pushed in noticesSql() (checked below)',
    "hidden.map((_, i) => `@hidden${i}`).join(', ')": 'placeholders only (@hidden0, @hidden1...), one per hidden kind; the kinds themselves are bound',
  },
  'src/store/api-pages-repo.ts': { PAGE_CONDITIONS: 'the constant of commands-repo.ts (a template without interpolation, values @-bound)' },
  'src/store/retention.ts': {
    'KEEP_SCHEDULE_RUNS - 1': 'a constant (the last 100 runs of a schedule stay)',
    vacuumPages: 'an integer this file computes (halved or doubled between 16 and 1024 by how long a step took)',
  },
  'src/store/vacuum-mode.ts': { path: "DATABASE_PATH in a log line telling the operator which sqlite3 command to run; never executed" },
  'src/store/database.ts': { 'm.version': 'a number read from a migration file name (three digits), not from a user or agent' },
};

/** Non-literal arguments of db calls: SQL text built by a checked template, or the shipped migration files. */
const SQL_VARIABLES: Record<string, Record<string, string>> = {
  'src/store/api-pages-repo.ts': { sql: 'returned by historyPageSql(): templates of constants checked here, or historySql()' },
  'src/store/audit-repo.ts': { sql: 'built by a checked template in list()' },
  'src/store/notices-repo.ts': { sql: 'returned by noticesSql(), whose template is checked here' },
  'src/store/commands-repo.ts': {
    sql: 'returned by historySql(), whose templates are checked here',
    'insertSql(1)': 'placeholders only: a checked template with a fixed count',
    'insertSql(GROUP)': 'placeholders only: a checked template with a fixed count',
    'finishSql(1)': 'placeholders only: a checked template with a fixed count',
    'finishSql(GROUP)': 'placeholders only: a checked template with a fixed count',
  },
  'src/store/database.ts': { 'm.sql': 'a migration file shipped in src/store/migrations' },
};

const DB_METHODS = new Set(['prepare', 'exec', 'pragma']);

function literalConsts(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  visit(sf, (n) => {
    if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.initializer &&
      (ts.isStringLiteral(n.initializer) || ts.isNoSubstitutionTemplateLiteral(n.initializer) || ts.isNumericLiteral(n.initializer)) &&
      n.parent.flags & ts.NodeFlags.Const
    ) {
      names.add(n.name.text);
    }
  });
  return names;
}

const isLiteralText = (n: ts.Node) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

export function sqlProblems(file: string, text: string): string[] {
  const sf = parse(file, text);
  const consts = literalConsts(sf);
  const fragments = SQL_FRAGMENTS[file] ?? {};
  const variables = SQL_VARIABLES[file] ?? {};
  const problems: string[] = [];
  const templateText = (t: ts.TemplateExpression) => [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ');
  const checkTemplate = (t: ts.TemplateExpression) => {
    for (const span of t.templateSpans) {
      const expr = span.expression.getText(sf);
      if (ts.isIdentifier(span.expression) && consts.has(expr)) continue;
      if (fragments[expr] !== undefined) continue;
      problems.push(`${where(sf, span)}: \${${expr}} in SQL`);
    }
  };
  visit(sf, (n) => {
    if (ts.isTemplateExpression(n) && SQL_WORDS.test(templateText(n))) checkTemplate(n);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && DB_METHODS.has(n.expression.name.text)) {
      const receiver = n.expression.expression.getText(sf);
      // RegExp#exec is not SQL.
      const isDb = /\bdb$/i.test(receiver);
      const arg = n.arguments[0];
      if (isDb && arg) {
        if (ts.isTemplateExpression(arg)) checkTemplate(arg);
        else if (!isLiteralText(arg) && variables[arg.getText(sf)] === undefined) problems.push(`${where(sf, arg)}: ${receiver}.${n.expression.name.text}(${arg.getText(sf)})`);
      }
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      for (const side of [n.left, n.right]) {
        if ((isLiteralText(side) || ts.isTemplateExpression(side)) && SQL_WORDS.test(side.getText(sf))) problems.push(`${where(sf, n)}: SQL built with +`);
      }
    }
    // The fragment lists interpolated above (`list.join(' AND ')`) hold only fixed text.
    const pushed = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'push' ? n.expression.expression.getText(sf) : undefined;
    if (pushed !== undefined && fragments[`${pushed}.join(' AND ')`] !== undefined && ts.isCallExpression(n)) {
      for (const a of n.arguments) {
        if (isLiteralText(a)) continue;
        if (ts.isTemplateExpression(a)) checkTemplate(a);
        else problems.push(`${where(sf, a)}: ${pushed}.push(${a.getText(sf)})`);
      }
    }
  });
  // A template given straight to a db call is met twice.
  return [...new Set(problems)];
}

// ---------------------------------------------------------------------------------------------------
// Shell and files: nothing in src/ or commands/ can start a process or evaluate text, and the only file
// written is the database's folder, named by configuration.

const SHELL_MODULES = new Set(['child_process', 'node:child_process', 'node:vm', 'vm', 'worker_threads', 'node:worker_threads']);
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);
const FS_WRITES = new Set([
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync',
  'rm', 'rmSync', 'rmdir', 'rmdirSync', 'unlink', 'unlinkSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync',
  'symlink', 'symlinkSync', 'link', 'linkSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'truncate', 'truncateSync',
  'open', 'openSync', 'write', 'writeSync', 'utimes', 'utimesSync',
]);
/** Reviewed imports of those modules: file -> module -> why no agent or user text is run. */
const SHELL_ALLOWED: Record<string, Record<string, string>> = {
  'src/store/checkpointer.ts': {
    'node:worker_threads': 'one worker running the fixed WORKER constant (a literal), given the database and driver paths only',
  },
};
/** Reviewed file writes: file -> API -> why no agent or user text reaches the path. */
const FS_ALLOWED: Record<string, Record<string, string>> = {
  'src/store/file-modes.ts': {
    mkdirSync: "the folder of DATABASE_PATH, from the operator's configuration",
    openSync: 'DATABASE_PATH itself, created empty and 0600 before SQLite opens it',
    chmodSync: 'DATABASE_PATH and its -wal, -shm and -journal files, tightened to 0600',
  },
  // Issue 14: a generated enrolment token is written once, 0600, beside the database (a fixed name).
  'src/agent-tokens.ts': { writeFileSync: 'enrolment-token beside DATABASE_PATH, mode 0600', chmodSync: 'the same file, to 0600 whatever the umask' },
  'src/store/database-folder.ts': { mkdirSync: "the folders of DATABASE_PATH, one level at a time, from the operator's configuration" },
  'src/store/database.ts': {
    openSync: '<DATABASE_PATH>.before-<version>, created empty and 0600 before the copy taken ahead of an upgrade',
    chmodSync: 'the same copy, kept 0600',
    rmSync: 'the same copy, removed when taking it failed',
  },
  // Backups go where the operator says: `backup <file>` at the console or the CLI (whoever holds them
  // holds the database), or BACKUP_DIR from the configuration; never a path from Discord, HTTP or an agent.
  'src/store/backup.ts': {
    mkdirSync: 'BACKUP_DIR from the configuration',
    openSync: "the backup file named by the operator (console/CLI) or in BACKUP_DIR, created 0600",
    renameSync: 'the finished copy moved into place under the same name',
    rmSync: 'a partial copy removed after a failure, and copies past BACKUP_KEEP in BACKUP_DIR',
  },
};

export function processAndFileProblems(file: string, text: string): string[] {
  const sf = parse(file, text);
  const problems: string[] = [];
  const moduleOf = (n: ts.Node): string | undefined => (ts.isStringLiteral(n) ? n.text : undefined);
  visit(sf, (n) => {
    if (ts.isImportDeclaration(n)) {
      const mod = moduleOf(n.moduleSpecifier) ?? '';
      if (SHELL_MODULES.has(mod) && SHELL_ALLOWED[file]?.[mod] === undefined) problems.push(`${where(sf, n)}: imports ${mod}`);
      if (FS_MODULES.has(mod)) {
        const clause = n.importClause;
        if (clause?.name || (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))) problems.push(`${where(sf, n)}: imports all of ${mod}`);
        if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
          for (const el of clause.namedBindings.elements) {
            const api = (el.propertyName ?? el.name).text;
            if (FS_WRITES.has(api) && FS_ALLOWED[file]?.[api] === undefined) problems.push(`${where(sf, el)}: ${api} from ${mod}`);
          }
        }
      }
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression.getText(sf);
      const first = n.arguments[0];
      if ((callee === 'require' || n.expression.kind === ts.SyntaxKind.ImportKeyword) && first && SHELL_MODULES.has(moduleOf(first) ?? '')) {
        problems.push(`${where(sf, n)}: loads ${moduleOf(first)}`);
      }
      if (callee === 'eval') problems.push(`${where(sf, n)}: eval`);
    }
    if (ts.isNewExpression(n) && n.expression.getText(sf) === 'Function') problems.push(`${where(sf, n)}: new Function`);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Discord: mentions are parsed from a message's text only. Every message text mserver sends or edits in
// is given allowedMentions, so that nothing in it (an agent's output, a user's reason) can ping anyone.

const DISCORD_CALLS = new Set(['send', 'reply', 'editReply', 'followUp', 'update', 'edit', 'editMessage']);

/**
 * Reviewed sites that send text without allowedMentions, by file and the start of the text (none left:
 * the Client also defaults to no mentions). An entry must name fixed words only, such as request numbers;
 * when one is fixed, its entry must go (the test says so).
 */
const MENTION_EXCEPTIONS: Record<string, string[]> = {};

const textStart = (obj: ts.ObjectLiteralExpression, sf: ts.SourceFile) => {
  const content = obj.properties.find((p) => p.name?.getText(sf) === 'content');
  return content && ts.isPropertyAssignment(content) ? content.initializer.getText(sf).slice(0, 40) : '(shorthand)';
};

export function mentionProblems(file: string, text: string): Array<{ at: string; start: string }> {
  if (!file.startsWith('src/transports/discord/') && !file.startsWith('commands/')) return [];
  const sf = parse(file, text);
  const problems: Array<{ at: string; start: string }> = [];
  visit(sf, (n) => {
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || !DISCORD_CALLS.has(n.expression.name.text)) return;
    for (const arg of n.arguments) {
      if (!ts.isObjectLiteralExpression(arg)) continue;
      const names = arg.properties.map((p) => p.name?.getText(sf));
      if (names.includes('content') && !names.includes('allowedMentions')) problems.push({ at: where(sf, arg), start: textStart(arg, sf) });
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------

describe('static security checks over src/ and commands/', () => {
  const files = sources();

  test('the checks catch what they are meant to catch', () => {
    const bad = [
      'function one(id: string) { return db.prepare(`SELECT * FROM agents WHERE id = \'${id}\'`).get(); }',
      'const sql = "SELECT * FROM agents WHERE id = \'" + id + "\'"; db.prepare(sql);',
      'db.exec(query);',
    ].join('\n');
    assert.equal(sqlProblems('src/store/fixture.ts', bad).length, 4);
    assert.deepEqual(sqlProblems('src/store/fixture.ts', 'const T = "agents"; db.prepare(`SELECT * FROM ${T} WHERE id = ?`).get(id); /x/.exec(s);'), []);
    assert.equal(sqlProblems('src/store/commands-repo.ts', 'where.push(`agent_id = ${agent}`);').length, 1);
    assert.equal(sqlProblems('src/store/commands-repo.ts', 'direct.push(`c.agent_id = ${agent}`); where.push(filter);').length, 2);
    assert.equal(processAndFileProblems('src/x.ts', "import { execFile } from 'node:child_process';").length, 1);
    assert.equal(processAndFileProblems('src/x.ts', "const cp = await import('child_process'); eval(s); new Function(s);").length, 3);
    assert.equal(processAndFileProblems('src/x.ts', "import { writeFileSync, readFileSync } from 'node:fs'; import * as fs from 'fs';").length, 2);
    assert.equal(mentionProblems('commands/x.ts', 'await i.reply({ content: out, flags: 64 }); await i.reply({ content: out, allowedMentions: NO_MENTIONS });').length, 1);
  });

  test('SQL text is never built from a value', () => {
    const problems = files.flatMap(({ file, text }) => sqlProblems(file, text));
    assert.deepEqual(problems, []);
    // The reviewed entries still exist: a stale entry would hide nothing, but says something false.
    for (const [file, entries] of Object.entries({ ...SQL_FRAGMENTS })) {
      const text = files.find((f) => f.file === file)?.text ?? '';
      for (const expr of Object.keys(entries)) assert.ok(text.includes(expr), `${file}: ${expr} is no longer there; remove it from SQL_FRAGMENTS`);
    }
  });

  test('nothing starts a process or evaluates text, and no file is written but the database folder', () => {
    assert.deepEqual(
      files.flatMap(({ file, text }) => processAndFileProblems(file, text)),
      [],
    );
  });

  test('every Discord message text is sent with allowedMentions', () => {
    const found = files.flatMap(({ file, text }) => mentionProblems(file, text).map((p) => ({ ...p, file })));
    const unexpected = found.filter((p) => !(MENTION_EXCEPTIONS[p.file] ?? []).some((start) => p.start.startsWith(start)));
    assert.deepEqual(unexpected.map((p) => `${p.at}: ${p.start}`), [], 'message text without allowedMentions: NO_MENTIONS');
    for (const [file, starts] of Object.entries(MENTION_EXCEPTIONS)) {
      for (const start of starts) assert.ok(found.some((p) => p.file === file && p.start.startsWith(start)), `${file}: "${start}" has allowedMentions now; remove its exception`);
    }
  });
});
