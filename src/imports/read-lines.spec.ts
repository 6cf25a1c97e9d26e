import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { hasBrokenCharacters } from './broken-characters';
import { readLines } from './read-lines';
import { linesOf } from './testing/collect';

describe('readLines', () => {
  it('numbers lines from 1 and accepts \\n, \\r\\n and a missing final newline', async () => {
    expect(await linesOf(['a\nb\r\nc'])).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, text: 'b' },
      { lineNumber: 3, text: 'c' },
    ]);
    expect(await linesOf(['a\n'])).toEqual([{ lineNumber: 1, text: 'a' }]);
    expect(await linesOf([''])).toEqual([]);
  });

  it('keeps blank lines, so line numbers stay those of the file', async () => {
    expect((await linesOf(['a\n\nb\n'])).map((l) => [l.lineNumber, l.text])).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b'],
    ]);
  });

  it('joins lines, characters and \\r\\n split across chunks', async () => {
    const euro = Buffer.from('€', 'utf8'); // three bytes
    const lines = await linesOf([
      Buffer.from('x'),
      euro.subarray(0, 1),
      euro.subarray(1),
      Buffer.from('y\r'),
      Buffer.from('\nz'),
    ]);
    expect(lines).toEqual([
      { lineNumber: 1, text: 'x€y' },
      { lineNumber: 2, text: 'z' },
    ]);
  });

  it('drops a UTF-8 byte order mark', async () => {
    expect(await linesOf([Buffer.from([0xef, 0xbb, 0xbf]), 'Event ID\tEvent Date\n'])).toEqual([
      { lineNumber: 1, text: 'Event ID\tEvent Date' },
    ]);
  });

  it('turns bytes that are not UTF-8 into U+FFFD, which marks the line as broken', async () => {
    // "Ko\xf8benhavn": Latin-1 ø, not UTF-8.
    const [line] = await linesOf([Buffer.from([0x4b, 0x6f, 0xf8, 0x62, 0x65, 0x6e, 0x68, 0x61, 0x76, 0x6e, 0x0a])]);
    expect(line!.text).toBe('Ko\uFFFDbenhavn');
    expect(hasBrokenCharacters(line!.text)).toBe(true);
  });

  it('cuts an overlong line at the limit and says so, then reads on', async () => {
    const stream = Readable.from([Buffer.from(`${'x'.repeat(25)}\nshort\n`)]);
    const lines = [];
    for await (const line of readLines(stream, { maxLineLength: 10 })) lines.push(line);
    expect(lines).toEqual([
      { lineNumber: 1, text: 'x'.repeat(10), truncated: true },
      { lineNumber: 2, text: 'short' },
    ]);
  });

  it('keeps memory flat over a 50 MB stream (heap growth after GC stays under 30 MB)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const line = `${'881990833\t20181024\t201810\t'.repeat(9)}tail\n`; // ~250 bytes, a GDELT-sized line
    const chunk = Buffer.from(line.repeat(Math.floor(65536 / line.length)));
    const chunks = Math.ceil((50 * 1024 * 1024) / chunk.length);
    // Generated lazily: the whole 50 MB never exists at once unless readLines hoards it.
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < chunks; i += 1) yield chunk;
      })(),
    );
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let bytes = 0;
    for await (const l of readLines(source)) {
      count += 1;
      bytes += l.text.length + 1;
      if (count % 40_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(count).toBe(chunks * Math.floor(65536 / line.length));
    expect(peak).toBeLessThan(30 * 1024 * 1024);
  });
});

describe('hasBrokenCharacters', () => {
  it.each([
    ['Ã©lysÃ©e', true],
    ['Meet at a Ã’hirdÃ“location', true], // cameoEvent.txt's 044 label
    ['Itâ€™s', true],
    ['\uFFFD', true],
    ['SÃO PAULO', false],
    ['Recep Tayyip Erdoğan', false],
    ['Agencia EFE - Serviço em português', false],
    ['Copenhagen, Køavn*, Denmark', false], // GDELT's own truncation, valid UTF-8
  ])('%s → %s', (text, broken) => {
    expect(hasBrokenCharacters(text)).toBe(broken);
  });
});
