import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/env';
import {
  asksForHelp,
  CliFailure,
  defineCli,
  integerIn,
  oneOf,
  parseCliArgs,
  runCli,
  UsageError,
  type Cli,
  type OptionTable,
} from './run-cli';

const OPTIONS = {
  format: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const;

const usageError = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no UsageError');
};

describe('parseCliArgs', () => {
  it('reads options in both spellings, flags, repeatable options in order, and positionals', () => {
    expect(
      parseCliArgs(OPTIONS, ['a.csv', '--format=gdelt', '--tag', 'x', '--dry-run', '--tag=y', '--', '--b'], {
        positionals: true,
      }),
    ).toEqual({ values: { format: 'gdelt', tag: ['x', 'y'], 'dry-run': true }, positionals: ['a.csv', '--b'] });
  });

  it('gives absent options their empty value: undefined, [] or false', () => {
    expect(parseCliArgs(OPTIONS, [])).toEqual({
      values: { format: undefined, tag: [], 'dry-run': false },
      positionals: [],
    });
  });

  it('takes a value that starts with "-" only when it is written inline', () => {
    expect(parseCliArgs(OPTIONS, ['--format=-x']).values.format).toBe('-x');
    expect(parseCliArgs(OPTIONS, ['--format', '-']).values.format).toBe('-');
    expect(usageError(() => parseCliArgs(OPTIONS, ['--format', '-x']))).toBe(
      '--format needs a value (write --format=-x if that is the value)',
    );
  });

  it('refuses, in one line, what the table does not allow', () => {
    const cases: Array<[string[], string]> = [
      [['--fast'], 'unknown option --fast'],
      [['--fast=1'], 'unknown option --fast'],
      [['-x'], 'unknown option -x'],
      [['-hx'], 'unknown option -x'],
      [['--constructor'], 'unknown option --constructor'],
      [['--format'], '--format needs a value'],
      [['--format='], '--format needs a value'],
      [['--format', '--dry-run'], '--format needs a value (write --format=--dry-run if that is the value)'],
      [['--tag'], '--tag needs a value'],
      [['--dry-run=yes'], '--dry-run takes no value'],
      [['--dry-run='], '--dry-run takes no value'],
      [['file.csv'], 'unexpected argument "file.csv"'],
      [['--', '--format'], 'unexpected argument "--format"'],
    ];
    for (const [args, message] of cases)
      expect([args, usageError(() => parseCliArgs(OPTIONS, args))]).toEqual([args, message]);
  });

  it('refuses a single-valued option given twice, even with the same value; a flag twice is the flag', () => {
    expect(usageError(() => parseCliArgs(OPTIONS, ['--format', 'a', '--format=b']))).toBe(
      '--format is given twice: give it once',
    );
    expect(usageError(() => parseCliArgs(OPTIONS, ['--format', 'a', '--format', 'a']))).toBe(
      '--format is given twice: give it once',
    );
    expect(parseCliArgs(OPTIONS, ['--dry-run', '--dry-run']).values['dry-run']).toBe(true);
    expect(parseCliArgs(OPTIONS, ['--tag', 'a', '--tag', 'a']).values.tag).toEqual(['a', 'a']);
  });
});

describe('asksForHelp', () => {
  it('finds --help or -h anywhere before "--", but not as the value of an option', () => {
    expect(asksForHelp(OPTIONS, ['--help'])).toBe(true);
    expect(asksForHelp(OPTIONS, ['x', '--fast', '-h'])).toBe(true);
    expect(asksForHelp(OPTIONS, ['--help=yes'])).toBe(true);
    expect(asksForHelp(OPTIONS, ['-xh'])).toBe(true);
    expect(asksForHelp(OPTIONS, ['--', '--help'])).toBe(false);
    expect(asksForHelp(OPTIONS, ['--format', '-h'])).toBe(false);
    expect(asksForHelp(OPTIONS, ['--format=--help'])).toBe(false);
    expect(asksForHelp(OPTIONS, ['--helpful'])).toBe(false);
  });
});

describe('value checks', () => {
  it('oneOf matches without case and answers the choice as declared', () => {
    expect(oneOf('--format', 'NDJSON', ['gdelt', 'ndjson'] as const)).toBe('ndjson');
    expect(oneOf('--kind', 'meeting', ['MEETING', 'STATEMENT'] as const)).toBe('MEETING');
    expect(usageError(() => oneOf('--kind', 'party', ['MEETING', 'STATEMENT']))).toBe(
      '--kind must be one of meeting, statement, got "party"',
    );
  });

  it('integerIn takes digits only, within the bounds', () => {
    expect(integerIn('--n', '1', 1, 10_000)).toBe(1);
    expect(integerIn('--n', '10000', 1, 10_000)).toBe(10_000);
    for (const text of ['0', '10001', '1e3', '1.5', '-1', '+5', ' 5', '0x10', '', '99999999999999999999']) {
      expect(usageError(() => integerIn('--n', text, 1, 10_000))).toBe(
        `--n must be an integer from 1 to 10000, got "${text}"`,
      );
    }
  });
});

/** A command that does what its arguments say, to see how the runner reports it. */
class RefusedByALowerLayer extends Error {}
class KnownToALowerLayer extends Error {}

const probe = defineCli({
  command: 'npm run probe',
  usage: 'Usage: npm run probe -- [--fail usage|refused|failure|config|known|bug]',
  options: { fail: { type: 'string' } },
  usageErrors: [RefusedByALowerLayer],
  knownErrors: [KnownToALowerLayer],
  run: async ({ values }, { stdout }) => {
    const failures: Record<string, () => Error> = {
      usage: () => new UsageError('--fail was asked to'),
      refused: () => new RefusedByALowerLayer('refused: not that kind of file'),
      failure: () => new CliFailure('no active key named "x"'),
      config: () => new ConfigError(['PORT must be an integer from 0 to 65535, got "x"']),
      known: () => new KnownToALowerLayer('another rebuild is running'),
      bug: () => new TypeError('undefined is not a function'),
    };
    if (values.fail) throw failures[values.fail]!();
    stdout.write('done\n');
    return 'result';
  },
});

async function run(cli: Cli<OptionTable, unknown>, args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(cli, args, {
    env: {},
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    cwd: '/',
  });
  return { code, out, err };
}

describe('runCli', () => {
  it('runs the command: exit code 0', async () => {
    expect(await run(probe, [])).toEqual({ code: 0, out: 'done\n', err: '' });
  });

  it('answers --help with the usage on stdout and exit code 0, without running the command', async () => {
    expect(await run(probe, ['--fail', 'bug', '--help'])).toEqual({
      code: 0,
      out: 'Usage: npm run probe -- [--fail usage|refused|failure|config|known|bug]\n',
      err: '',
    });
  });

  it('turns bad arguments into one line on stderr with the way to the usage, exit code 2', async () => {
    expect(await run(probe, ['--nope'])).toEqual({
      code: 2,
      out: '',
      err: 'unknown option --nope (see: npm run probe -- --help)\n',
    });
    expect(await run(probe, ['--fail', 'usage'])).toMatchObject({
      code: 2,
      err: '--fail was asked to (see: npm run probe -- --help)\n',
    });
    expect(await run(probe, ['--fail', 'refused'])).toMatchObject({
      code: 2,
      err: 'refused: not that kind of file (see: npm run probe -- --help)\n',
    });
  });

  it('reports a failure a person can act on by its message alone, exit code 1', async () => {
    expect(await run(probe, ['--fail', 'failure'])).toEqual({
      code: 1,
      out: '',
      err: 'no active key named "x"\n',
    });
    expect(await run(probe, ['--fail', 'config'])).toMatchObject({
      code: 1,
      err: 'Invalid configuration:\n  - PORT must be an integer from 0 to 65535, got "x"\n',
    });
    expect(await run(probe, ['--fail', 'known'])).toMatchObject({ code: 1, err: 'another rebuild is running\n' });
  });

  it('reports anything else as the bug it is: the stack, exit code 1', async () => {
    const { code, err } = await run(probe, ['--fail', 'bug']);
    expect(code).toBe(1);
    expect(err).toMatch(/^TypeError: undefined is not a function\n\s+at /);
  });
});

describe('one line', () => {
  it('quotes values as JSON, so that a newline in one stays on the line', () => {
    expect(usageError(() => oneOf('--format', 'csv\nrm -rf', ['ndjson']))).toBe(
      '--format must be one of ndjson, got "csv\\nrm -rf"',
    );
    expect(usageError(() => parseCliArgs(OPTIONS, ['a\nb']))).toBe('unexpected argument "a\\nb"');
  });
});
