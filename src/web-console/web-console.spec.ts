import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_WEB, installWebConsole, PAGES } from './web-console';

/** Enough of an Express application for installWebConsole to mount its handlers on. */
const fakeApp = () => ({ use: () => undefined, useStaticAssets: () => undefined }) as unknown as NestExpressApplication;

function warningsFor(root: string): string[] {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  try {
    installWebConsole(fakeApp(), { root });
    return warn.mock.calls.map((call) => String(call[0]));
  } finally {
    warn.mockRestore();
  }
}

describe('installWebConsole', () => {
  it('warns at start when the pages are not built, and not when they are', () => {
    const root = mkdtempSync(join(tmpdir(), 'web-console-'));
    try {
      const [warning, ...rest] = warningsFor(root);
      expect(rest).toEqual([]);
      expect(warning).toContain('not built');
      expect(warning).toContain(join(BUILT_WEB, PAGES['/']!));
      for (const page of Object.values(PAGES)) {
        mkdirSync(join(root, BUILT_WEB, page, '..'), { recursive: true });
        writeFileSync(join(root, BUILT_WEB, page), '<!doctype html>');
      }
      expect(warningsFor(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
