import { describe, expect, it } from '@jest/globals';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * `npm run lint:layers` is what CI runs on src/. This spec shows that the same rule set refuses
 * each kind of import it exists for, on a small tree made of nothing else, so that a rule that
 * silently matched no file could not pass for a kept rule.
 */
const config = createRequire(join(process.cwd(), 'package.json'))('./.dependency-cruiser.cjs') as IConfiguration;
const FIXTURE = join(process.cwd(), 'test/fixtures/layers');

async function violations(): Promise<string[]> {
  const { tsConfig: _tsConfig, ...options } = config.options ?? {};
  const result = await cruise(['src'], {
    ...options,
    baseDir: FIXTURE,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  if (typeof result.output === 'string') throw new Error('expected a cruise result, got text');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('the layer rule', () => {
  it('refuses an import back up the layers, between peers, from an unplaced folder, and a cycle', async () => {
    const found = await violations();
    expect(found).toEqual(
      expect.arrayContaining([
        'layers:diplomacy: src/diplomacy/domain.ts -> src/timelines/read-side.ts',
        'layers:editorial: src/editorial/write-side.ts -> src/timelines/read-side.ts',
        'every-folder-has-a-layer: src/misplaced/orphan.ts -> src/timelines/read-side.ts',
        'every-folder-has-a-layer: src/timelines/uses-orphan.ts -> src/misplaced/orphan.ts',
        expect.stringMatching(/^no-circular: src\/event-store\/(a|b)\.ts -> src\/event-store\/(a|b)\.ts$/),
      ]),
    );
  });

  it('accepts the imports that point down', async () => {
    const found = await violations();
    expect(found.filter((v) => v.includes('-> src/diplomacy/'))).toEqual([]);
  });
});
