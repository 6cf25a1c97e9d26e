import { describe, expect, it } from '@jest/globals';
import { exportCli, exportRequest } from './export';
import { importCli, importRequest, listCheckRequest } from './import';
import { keysCli, keysRequest } from './keys';
import { parseCliArgs, UsageError } from './run-cli';

/** What each tool makes of its arguments, before anything is read, connected or written. */
const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no UsageError');
};

const importOf = (args: string[], cwd = '/work') =>
  importRequest(parseCliArgs(importCli.options, args, { positionals: true }), cwd);

const exportOf = (args: string[], cwd = '/work') => exportRequest(parseCliArgs(exportCli.options, args).values, cwd);

const keysOf = (args: string[]) => {
  const { values, positionals } = parseCliArgs(keysCli.options, args, { positionals: true });
  return keysRequest(values, positionals);
};

describe('import arguments', () => {
  it('resolves the file against the working directory and puts the rejects there, not beside the input', () => {
    expect(importOf(['../data/export.CSV', '--format', 'GDELT'])).toEqual({
      inputs: ['/data/export.CSV'],
      format: 'gdelt',
      cluster: 'day',
      dryRun: false,
      allEvents: false,
      rejects: '/work/export.CSV.rejects.ndjson',
      reimport: false,
    });
  });

  it('clusters by day unless --cluster none', () => {
    expect(importOf(['e.CSV', '--format', 'gdelt', '--cluster', 'NONE']).cluster).toBe('none');
    expect(importOf(['e.CSV', '--format', 'gdelt', '--cluster=day']).cluster).toBe('day');
    expect(refusal(() => importOf(['e.CSV', '--format', 'gdelt', '--cluster', 'hour']))).toBe(
      '--cluster must be one of none, day, got "hour"',
    );
  });

  it('puts the rejects where --rejects says, relative to the working directory', () => {
    expect(
      importOf(['/data/e.tab', '--format=icews', '--rejects', 'out/r.ndjson', '--dry-run', '--all-events']),
    ).toEqual({
      inputs: ['/data/e.tab'],
      format: 'icews',
      cluster: 'day',
      dryRun: true,
      allEvents: true,
      rejects: '/work/out/r.ndjson',
      reimport: false,
    });
  });

  it('refuses rejects that would overwrite the input, however it is spelled', () => {
    expect(refusal(() => importOf(['e.ndjson', '--format', 'ndjson', '--rejects', './x/../e.ndjson']))).toBe(
      '--rejects would overwrite the input file /work/e.ndjson',
    );
  });
});

describe('import arguments for several files', () => {
  it('puts the rejects of several files or a pattern in import.rejects.ndjson', () => {
    expect(importOf(['a.CSV', 'b.CSV', '--format', 'gdelt']).rejects).toBe('/work/import.rejects.ndjson');
    expect(importOf(['data/*.zip', '--format', 'gdelt']).rejects).toBe('/work/import.rejects.ndjson');
    expect(importOf(['data/*.zip', '--format', 'gdelt']).inputs).toEqual(['/work/data/*.zip']);
  });

  it('reads --since and --until as UTC times, since inclusive and until exclusive', () => {
    expect(importOf(['d', '--format', 'gdelt', '--since', '20191024', '--until', '2019-10-24T14:30'])).toMatchObject({
      since: '20191024000000',
      until: '20191024143000',
    });
    expect(importOf(['d', '--format', 'gdelt', '--since', '2019-10-24T14:15:00Z']).since).toBe('20191024141500');
    expect(refusal(() => importOf(['d', '--format', 'gdelt', '--since', '2019-02-30']))).toMatch(
      /^--since must be a UTC time such as 20191024/,
    );
    expect(refusal(() => importOf(['d', '--format', 'gdelt', '--since', '2019', '--until', '2019']))).toBe(
      '--since must be before --until',
    );
  });

  it('--check-list takes no import option', () => {
    expect(
      listCheckRequest(parseCliArgs(importCli.options, ['d', '--check-list', 'm.txt'], { positionals: true }), '/w'),
    ).toEqual({ inputs: ['/w/d'], checkList: '/w/m.txt' });
    expect(
      refusal(() =>
        listCheckRequest(
          parseCliArgs(importCli.options, ['d', '--check-list', 'm.txt', '--format', 'gdelt'], { positionals: true }),
          '/w',
        ),
      ),
    ).toBe('--check-list imports nothing: --format has no use with it');
  });
});

describe('export arguments', () => {
  it('makes the filter the queries take', () => {
    expect(
      exportOf([
        '--format=csv',
        '--actor',
        '6f1d0c1e-2b7a-4c59-9a4e-1a2b3c4d5e6f',
        '--country',
        'irn',
        '--country',
        'RUS',
        '--kind',
        'meeting',
        '--topic',
        'syria',
        '--text',
        'astana',
        '--from',
        '2022',
        '--to',
        '2022-07',
        '--as-of',
        '2022-07-20T00:00:00+03:00',
        '--include-retracted',
        '--out',
        'x.csv',
      ]),
    ).toEqual({
      format: 'CSV',
      filter: {
        actorIds: { anyOf: ['6f1d0c1e-2b7a-4c59-9a4e-1a2b3c4d5e6f'] },
        countries: ['IRN', 'RUS'],
        kinds: ['MEETING'],
        topics: ['syria'],
        text: 'astana',
        dateRange: { from: '2022-01-01T00:00:00.000Z', to: '2022-08-01T00:00:00.000Z' },
      },
      asOf: new Date('2022-07-19T21:00:00Z'),
      includeRetracted: true,
      out: '/work/x.csv',
    });
  });

  it('refuses what the queries would refuse, naming the option', () => {
    expect(refusal(() => exportOf(['--format', 'csv', '--country', 'ZZZ']))).toBe(
      '--country: ZZZ is not an ISO 3166-1 alpha-3 country code',
    );
    expect(refusal(() => exportOf(['--format', 'csv', '--from', '2022-02-30']))).toMatch(/^--from must be a date/);
    expect(refusal(() => exportOf(['--format', 'csv', '--as-of', '0000-01-01T00:00:00Z']))).toMatch(
      /^--as-of must be an instant/,
    );
  });

  it('takes --min-sources as the filter takes minSources: a whole number from 1 to 100', () => {
    expect(exportOf(['--format', 'csv', '--min-sources', '2']).filter).toEqual({ minSources: 2 });
    expect(exportOf(['--format', 'csv', '--min-sources=100']).filter).toEqual({ minSources: 100 });
    for (const value of ['0', '101', '99999999999999999999'])
      expect(refusal(() => exportOf(['--format', 'csv', '--min-sources', value]))).toMatch(
        /^--min-sources: must be a whole number from 1 to 100 \(an event holds at most 100 sources\), got \d+$/,
      );
    expect(refusal(() => exportOf(['--format', 'csv', '--min-sources']))).toBe('--min-sources needs a value');
    for (const value of ['two', '1.5', ' 2', '-1', '0x10', '1e1'])
      expect(refusal(() => exportOf(['--format', 'csv', `--min-sources=${value}`]))).toBe(
        `--min-sources: must be a whole number from 1 to 100, got ${JSON.stringify(value)}`,
      );
  });
});

describe('keys arguments', () => {
  it('reads each subcommand with what it takes, and nothing else', () => {
    expect(keysOf(['create', '--role', 'editor', '--name', 'ci.bot'])).toEqual({
      command: 'create',
      name: 'ci.bot',
      role: 'editor',
    });
    expect(keysOf(['list'])).toEqual({ command: 'list' });
    expect(keysOf(['revoke', 'ci.bot'])).toEqual({ command: 'revoke', name: 'ci.bot' });
    expect(refusal(() => keysOf(['revoke', '--name', 'ci.bot']))).toBe('--name is for create only');
    expect(refusal(() => keysOf(['list', 'all']))).toBe('unexpected argument "all"');
    expect(refusal(() => keysOf(['create', 'x', '--name', 'a', '--role', 'reader']))).toBe('unexpected argument "x"');
  });
});
