import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Configuration is read from the environment once per process, by parseEnv (src/config/env.ts),
 * which checks every variable and names each bad one. Only the entry points touch `process.env`:
 * src/main.ts, and the runner every CLI's main goes through (src/cli/run-cli.ts), which hands it to
 * the command, whose one parseEnv call reads it. Everything else gets the parsed AppConfig
 * (APP_CONFIG in Nest). Tests build theirs with parseEnv too (test/support).
 */
const ROOT = process.cwd();
const ENTRY_POINTS = ['src/main.ts', 'src/cli/run-cli.ts'];

/** Where a source reads `process.env` or imports @nestjs/config: `line: text`. */
export function environmentReads(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const add = (node: ts.Node) =>
    found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${node.getText(source)}`);
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    ) {
      add(node);
    } else if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text.startsWith('@nestjs/config')
    ) {
      add(node.moduleSpecifier);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('configuration is parsed and checked once', () => {
  it('finds environment reads in the shapes code uses, and not in text about them', () => {
    const reads = [
      'const port = process.env.PORT;',
      "const port = process.env['PORT'];",
      'const { PORT } = process.env;',
      'run(process.env);',
      "import { ConfigService } from '@nestjs/config';",
    ];
    for (const text of reads) expect(environmentReads('sample.ts', text)).toHaveLength(1);

    const notReads = ['// process.env is read by main.ts', "const text = 'process.env.PORT';", 'config.env;'];
    for (const text of notReads) expect(environmentReads('sample.ts', text)).toEqual([]);
  });

  it('only the entry points read process.env, and nothing uses @nestjs/config', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).split(sep).join('/'))
      .filter((path) => !ENTRY_POINTS.includes(path))
      .flatMap((path) =>
        environmentReads(path, readFileSync(join(ROOT, path), 'utf8')).map((read) => `${path}:${read}`),
      );
    expect(offenders).toEqual([]);
  });

  it('each entry point reads process.env in one place, handing it to its command', () => {
    for (const path of ENTRY_POINTS) {
      expect([path, environmentReads(path, readFileSync(join(ROOT, path), 'utf8')).length]).toEqual([path, 1]);
    }
  });
});
