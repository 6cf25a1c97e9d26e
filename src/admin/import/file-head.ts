export type ImportInput = AsyncIterable<Buffer | string>;

export interface OpenedInput {
  /** The first `bytes` of the file (fewer when it is shorter), for sniffFormat. */
  head: Buffer;
  /** The whole file again, from its first byte, counting what has been read. */
  chunks: AsyncIterable<Buffer>;
  /** Bytes read so far (through `chunks`). */
  bytesRead(): number;
  /** Lets go of the stream, read to its end or not (a refused file, a failed import). */
  close(): Promise<void>;
}

/**
 * Reads the beginning of a stream without losing it, so the file can be judged before anything
 * is parsed, and then parsed from its start; only those first bytes are held beyond a chunk.
 */
export async function openInput(input: ImportInput, bytes: number): Promise<OpenedInput> {
  const iterator = input[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    buffered.push(chunk);
    length += chunk.length;
  }
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      while (buffered.length > 0) {
        const chunk = buffered.shift()!;
        read += chunk.length;
        yield chunk;
      }
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
        read += chunk.length;
        yield chunk;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return {
    head: Buffer.concat(buffered).subarray(0, bytes),
    chunks: chunks(),
    bytesRead: () => read,
    close: async () => {
      await iterator.return?.();
    },
  };
}
