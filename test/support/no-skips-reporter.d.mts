/** Types of no-skips-reporter.mjs (a plain module: jest loads reporters without transforming them). */
export default class NoSkipsReporter {
  constructor(globalConfig: { ci?: boolean }, options?: { write?: (text: string) => unknown });
  onRunComplete(
    contexts: unknown,
    results: {
      numPendingTests: number;
      numTodoTests: number;
      testResults: { testFilePath: string; testResults: { status: string; fullName: string }[] }[];
    },
  ): void;
  getLastError(): Error | undefined;
}
