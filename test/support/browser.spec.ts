import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BROWSER_BINARY_NAME, findChromium, isOnOrigin } from './browser';

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

describe('telling the service’s requests from other hosts’', () => {
  it('takes a URL as the service’s only on its scheme, host and port; a WebSocket on its http(s)', () => {
    const service = 'http://127.0.0.1:40123';
    expect(isOnOrigin('http://127.0.0.1:40123/assets/reader/main.js', service)).toBe(true);
    expect(isOnOrigin('ws://127.0.0.1:40123/graphql', service)).toBe(true);
    expect(isOnOrigin('http://127.0.0.1:40124/', service)).toBe(false);
    expect(isOnOrigin('https://127.0.0.1:40123/', service)).toBe(false);
    expect(isOnOrigin('wss://127.0.0.1:40123/graphql', service)).toBe(false);
    expect(isOnOrigin('http://127.0.0.1.evil.example:40123/', service)).toBe(false);
    expect(isOnOrigin('https://unpkg.com/graphiql/graphiql.min.js', service)).toBe(false);
    expect(isOnOrigin('data:image/png;base64,AAAA', service)).toBe(false);
  });
});
