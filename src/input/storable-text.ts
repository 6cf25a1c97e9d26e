/**
 * PostgreSQL cannot store every string JavaScript can hold: text and jsonb refuse U+0000 (22021 /
 * 22P05), and a lone UTF-16 surrogate has no UTF-8 form at all (the driver would silently write
 * U+FFFD instead). Such text is refused where it enters, with the path of the value, so it never
 * reaches a statement whose error would name neither the field nor the client's mistake.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why the text cannot be stored, or undefined when it can. */
export function unstorableTextProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

export interface UnstorableText {
  /** Dotted path below the value handed in ('participants.2.role'); '' for the value itself. */
  path: string;
  problem: string;
}

/** How deep a client's value is walked: GraphQL inputs nest a few levels, JSON scalars a few more. */
const MAX_DEPTH = 64;

/**
 * The first string (or object key) below `value` that PostgreSQL could not store. Dates, Buffers
 * and other non-plain objects are skipped: only what a client wrote as text is looked at.
 */
export function findUnstorableText(value: unknown, path = '', depth = 0): UnstorableText | undefined {
  if (typeof value === 'string') {
    const problem = unstorableTextProblem(value);
    return problem === undefined ? undefined : { path, problem };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return { path, problem: `nests deeper than ${MAX_DEPTH} levels` };
  const join = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findUnstorableText(value[index], join(index), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainData(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = unstorableTextProblem(key);
    // The key itself cannot name the path: it is what is wrong.
    if (keyProblem) return { path, problem: `has a member name that ${keyProblem}` };
    const found = findUnstorableText(item, join(key), depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** GraphQL hands inputs over as prototype-less objects or instances of the input classes. */
function isPlainData(value: object): boolean {
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return false;
  return true;
}
