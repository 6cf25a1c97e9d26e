/** Runs work over items with at most `limit` in flight, in order of the items. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Failures grouped by category with the index of each case, and a histogram of what came back
 * (status and codes), printed so a failing run says what broke and which generated case to replay.
 */
export class Tally {
  readonly failures = new Map<string, number[]>();
  readonly seen = new Map<string, number>();
  private readonly durations: Array<{ index: number; ms: number }> = [];

  record(index: number, answers: readonly string[], problems: readonly string[], ms: number): void {
    this.durations.push({ index, ms });
    for (const answer of new Set(answers)) this.seen.set(answer, (this.seen.get(answer) ?? 0) + 1);
    for (const problem of new Set(problems)) {
      const indices = this.failures.get(problem) ?? [];
      indices.push(index);
      this.failures.set(problem, indices);
    }
  }

  histogram(): string {
    return [...this.seen.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([answer, count]) => `${answer}: ${count}`)
      .join(', ');
  }

  /** Where the run's time went: the slowest cases (a wait on minPosition takes up to 5 s). */
  slowest(count = 3): string {
    return [...this.durations]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, count)
      .map(({ index, ms }) => `case ${index} ${Math.round(ms)} ms`)
      .join(', ');
  }

  /** One line per category, most frequent first: count, and the first cases to replay. */
  summary(shown = 12): string[] {
    const sorted = [...this.failures.entries()].sort((a, b) => b[1].length - a[1].length);
    const lines = sorted
      .slice(0, shown)
      .map(
        ([problem, indices]) =>
          `${indices.length} × ${problem} (cases ${indices.slice(0, 5).join(', ')}${indices.length > 5 ? ', …' : ''})`,
      );
    const rest = sorted.slice(shown);
    if (rest.length > 0)
      lines.push(
        `… and ${rest.length} more categories (${rest.reduce((sum, [, indices]) => sum + indices.length, 0)} failures)`,
      );
    return lines;
  }
}
