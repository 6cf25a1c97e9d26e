/**
 * Prints each tier's (jest project's) time at the end of a run: from its first test file's start
 * to its last one's end, and the files it ran. Files of several tiers run side by side, so the
 * times overlap; they say where a run's time goes, as CI's log needs.
 */
export default class TierTimesReporter {
  constructor() {
    this.tiers = new Map();
  }

  onTestResult(test, result) {
    const name = test.context.config.displayName?.name ?? 'default';
    const tier = this.tiers.get(name) ?? { start: Infinity, end: 0, files: 0 };
    tier.start = Math.min(tier.start, result.perfStats.start);
    tier.end = Math.max(tier.end, result.perfStats.end);
    tier.files += 1;
    this.tiers.set(name, tier);
  }

  onRunComplete() {
    if (this.tiers.size === 0) return;
    const lines = [...this.tiers].map(
      ([name, tier]) => `  ${name}: ${((tier.end - tier.start) / 1000).toFixed(1)} s (${tier.files} files)`,
    );
    process.stdout.write(`\nTier times:\n${lines.join('\n')}\n`);
  }
}
