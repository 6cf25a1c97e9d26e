import { describe, expect, it } from '@jest/globals';
import NoSkipsReporter from './no-skips-reporter.mjs';

type Status = 'passed' | 'failed' | 'pending' | 'skipped' | 'todo';

/** The parts of jest's aggregated results the reporter reads. */
function results(statuses: Status[]) {
  return {
    numPendingTests: statuses.filter((s) => s === 'pending' || s === 'skipped').length,
    numTodoTests: statuses.filter((s) => s === 'todo').length,
    testResults: [
      {
        testFilePath: '/repo/src/a.spec.ts',
        testResults: statuses.map((status, i) => ({ status, fullName: `case ${i}` })),
      },
    ],
  };
}

describe('NoSkipsReporter', () => {
  it('in CI fails a run with a skipped or a todo test, naming each', () => {
    let printed = '';
    const reporter = new NoSkipsReporter({ ci: true }, { write: (text) => (printed += text) });
    reporter.onRunComplete([], results(['passed', 'pending', 'todo']));
    const error = reporter.getLastError();
    expect(error).toBeInstanceOf(Error);
    expect(printed).toContain(error!.message);
    expect(error!.message).toMatch(/^2 test\(s\) skipped or todo/);
    expect(error!.message).toContain('skipped: /repo/src/a.spec.ts > case 1');
    expect(error!.message).toContain('todo: /repo/src/a.spec.ts > case 2');
  });

  it('in CI lets a run with every test run pass', () => {
    const reporter = new NoSkipsReporter({ ci: true });
    reporter.onRunComplete([], results(['passed', 'failed']));
    expect(reporter.getLastError()).toBeUndefined();
  });

  it('outside CI allows skips (a focused local run skips the rest)', () => {
    const reporter = new NoSkipsReporter({ ci: false });
    reporter.onRunComplete([], results(['passed', 'pending']));
    expect(reporter.getLastError()).toBeUndefined();
  });
});
