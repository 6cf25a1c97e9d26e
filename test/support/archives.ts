import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { gdeltFileStamp, shiftedGdeltSlice } from '../../src/imports/testing/gdelt-copies';
import { GDELT_EXPORT } from '../../src/imports/testing/collect';

/** A zip of these members (a name ending in / is a folder), as yazl writes it: deflated, sizes and CRC-32 in the headers. */
export function zipOf(members: Array<[name: string, content: Buffer | string]>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of members) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(content), name);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export const gzipOf = (content: Buffer | string): Buffer => gzipSync(Buffer.from(content));

export const gdeltSlice = (): Promise<string> => readFile(GDELT_EXPORT, 'utf8');

export type Packing = 'plain' | 'zip' | 'gzip';

/**
 * Writes the `n`th 15-minute copy of the slice (ids moved by n × 1,000,000,000) into `dir`, as
 * GDELT names it (`<timestamp>.export.CSV`, `.zip` or `.gz` after it); answers its name.
 */
export async function writeGdeltCopy(
  dir: string,
  slice: string,
  n: number,
  packing: Packing,
  { repeat = 1 }: { repeat?: number } = {},
): Promise<string> {
  const stamp = gdeltFileStamp('20191024143000', n);
  const parts = Array.from({ length: repeat }, (_, r) => shiftedGdeltSlice(slice, (n * 10 + r) * 100_000_000, stamp));
  const content = parts.join('');
  const csv = `${stamp}.export.CSV`;
  if (packing === 'plain') await writeFile(`${dir}/${csv}`, content);
  if (packing === 'zip') await writeFile(`${dir}/${csv}.zip`, await zipOf([[csv, content]]));
  if (packing === 'gzip') await writeFile(`${dir}/${csv}.gz`, gzipOf(content));
  return packing === 'plain' ? csv : packing === 'zip' ? `${csv}.zip` : `${csv}.gz`;
}
