import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BROWSER_BINARY_NAME, findChromium } from './browser';

describe('finding the browser for the browser tier', () => {
  it('finds chromium-headless-shell on PATH when it is executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'browser-spec-'));
    try {
      const binary = join(dir, BROWSER_BINARY_NAME);
      writeFileSync(binary, '#!/bin/sh\n');
      chmodSync(binary, 0o644);
      expect(findChromium({ PATH: ['/nonexistent', dir].join(delimiter) })).toBeUndefined();
      chmodSync(binary, 0o755);
      expect(findChromium({ PATH: ['/nonexistent', dir].join(delimiter) })).toBe(binary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes CHROMIUM_PATH instead of PATH when given', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath, PATH: '' })).toBe(process.execPath);
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium', PATH: '/usr/bin' })).toBeUndefined();
  });
});
