import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The log's tables (`events`, `streams`) are the event store's: everything else reads and writes
 * the log through it, so that its order, bounds and upcasting are kept in one place. Migrations
 * create the tables and may name them.
 */
const ROOT = process.cwd();
const ALLOWED = ['src/event-store/', 'src/database/migrations/'];
const LOG_TABLE_IN_SQL = /\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+(ONLY\s+)?(public\.)?"?(events|streams)"?(?![\w.])/i;

/** The text of every string and template literal of a TypeScript source, with its line. */
function literals(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { line: number; text: string }[] = [];
  const add = (node: ts.Node, literal: string) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: literal });
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      // A substitution stands in as a character SQL never puts between a keyword and a table name.
      add(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('\u0000'));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a source names a log table in SQL: `line: statement`. */
export function logTableUses(fileName: string, text: string): string[] {
  return literals(fileName, text)
    .filter((literal) => LOG_TABLE_IN_SQL.test(literal.text))
    .map((literal) => `${literal.line}: ${literal.text.replace(/\s+/g, ' ').trim().slice(0, 120)}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the log tables belong to the event store', () => {
  it('finds a log table in the SQL shapes the code uses, and nowhere else', () => {
    const named = [
      "'SELECT stream_id FROM streams WHERE stream_id = ANY($1::text[])'",
      '`SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT $3) AS tail`',
      '`SELECT e.stream_id FROM streams s JOIN events e ON e.stream_id = s.stream_id`',
      '`SELECT v.event_id FROM ${s}.event_versions v JOIN events e ON v.event_id = substring(e.stream_id FROM 7)::uuid`',
      '`SELECT r.event_id FROM unnest($4::uuid[]) AS r(event_id)\n LEFT JOIN events e ON r.doc IS NULL`',
      '"INSERT INTO public.events (event_id) VALUES ($1)"',
      "'UPDATE streams SET version = 2'",
      "'TRUNCATE TABLE events'",
    ];
    for (const literal of named) expect(logTableUses('sample.ts', `const q = ${literal};`)).toHaveLength(1);

    const notNamed = [
      '// reads from events after the checkpoint, joins streams',
      '`SELECT * FROM ${schema}.event_versions JOIN ${schema}.events_seen ON true`',
      "'SELECT * FROM events_archive'",
      "'SELECT * FROM rm_1.events'",
      '`SELECT * FROM ${schema}.checkpoint`',
      "const text = 'the events of a stream'",
    ];
    for (const text of notNamed) expect(logTableUses('sample.ts', text)).toEqual([]);
  });

  it('no code outside src/event-store (migrations aside) names the events or streams table in SQL', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).split(sep).join('/'))
      .filter((path) => !ALLOWED.some((allowed) => path.startsWith(allowed)))
      .flatMap((path) => logTableUses(path, readFileSync(join(ROOT, path), 'utf8')).map((use) => `${path}:${use}`));
    expect(offenders).toEqual([]);
  });
});
