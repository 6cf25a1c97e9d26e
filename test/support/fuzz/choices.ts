/**
 * Random operations are built from a stream of small integers drawn by fast-check: shrinking the
 * stream (shorter, smaller numbers) shrinks the operation, and an exhausted stream reads as 0, which
 * every builder maps to its plainest choice, so a shrunk counterexample is also a readable one.
 */
export class Choices {
  private next = 0;

  constructor(private readonly stream: readonly number[]) {}

  /** An integer in [0, n). */
  below(n: number): number {
    if (n <= 1) return 0;
    const drawn = this.stream[this.next] ?? 0;
    this.next += 1;
    return drawn % n;
  }

  /** True with about that chance; false once the stream runs out. */
  chance(percent: number): boolean {
    return this.below(100) >= 100 - percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}
