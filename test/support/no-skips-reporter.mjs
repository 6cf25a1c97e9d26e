/**
 * In CI (jest's `ci`: the CI variable, or --ci), a run with any skipped or todo test fails.
 * A skip in CI hides a missing fixture or a test switched off and forgotten; locally a skip is
 * allowed (focusing on one test with -t skips the others).
 */
export default class NoSkipsReporter {
  #ci;
  #write;
  #error;

  /** `options.write` is for its own spec, which should not print a complaint of a real run. */
  constructor(globalConfig, options = {}) {
    this.#ci = Boolean(globalConfig.ci);
    this.#write = options.write ?? ((text) => process.stderr.write(text));
  }

  onRunComplete(_contexts, results) {
    this.#error = undefined;
    if (!this.#ci) return;
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo')
        .map((test) => `  ${test.status === 'todo' ? 'todo' : 'skipped'}: ${file.testFilePath} > ${test.fullName}`),
    );
    const count = results.numPendingTests + results.numTodoTests;
    if (count === 0 && skipped.length === 0) return;
    const message = `${Math.max(count, skipped.length)} test(s) skipped or todo, which CI does not allow:\n${skipped.join('\n')}`;
    this.#write(`\n${message}\n`);
    this.#error = new Error(message);
  }

  /** Jest marks the run failed (exit code 1) when a reporter has an error. */
  getLastError() {
    return this.#error;
  }
}
