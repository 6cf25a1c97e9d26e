// One idempotency key per submission: the same input sent again (a double click, a retry after
// a lost answer) carries the same key, so the service records it once and answers the first
// result; a changed input is a new submission with a new key. Pure (the key maker is passed in);
// tested in test/web/.

export class SubmissionKeys {
  private last: { input: string; key: string } | undefined;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key for this input: the last one when the input is the same as last time. */
  keyFor(input: unknown): string {
    const canonical = canonicalJson(input);
    if (this.last?.input !== canonical) this.last = { input: canonical, key: this.newKey() };
    return this.last.key;
  }

  /** Forget the last input: the next submission is new even if it looks the same. */
  reset(): void {
    this.last = undefined;
  }
}

/** JSON with object members in sorted order, so that key order does not make inputs differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  // JSON.stringify answers undefined for undefined, a function or a symbol.
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}
