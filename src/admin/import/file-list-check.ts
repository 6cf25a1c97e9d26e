import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  fileTimestamp,
  isListedFile,
  MAX_FILE_LIST_BYTES,
  parseFileListLine,
  readLines,
  withinBounds,
  type FileListProblem,
} from '../../imports';
import { InputFilesError, type InputFile } from './input-files';

export interface ListCheck {
  listLines: number;
  checked: number;
  sound: string[];
  /** Listed, but of another size or MD5: a broken download. */
  corrupt: { name: string; reason: string }[];
  /** Local files the list does not name. */
  unlisted: string[];
  /**
   * Listed files of the kinds present (the name after the timestamp: `.export.CSV.zip`), within
   * --since/--until or else between the first and last local timestamps, that are not here.
   */
  missing: string[];
  /** Lines of the list that are not `<size> <md5> <url>`. */
  problems: FileListProblem[];
}

/**
 * Checks local files against a local copy of GDELT's masterfilelist.txt or lastupdate.txt: size
 * first (free), then MD5 (read whole). Only list lines of the kinds present are kept, so a
 * masterfilelist of half a million lines costs little memory.
 */
export async function checkAgainstList(
  listPath: string,
  files: InputFile[],
  bounds: { since?: string; until?: string } = {},
): Promise<ListCheck> {
  const listStats = await stat(listPath).catch(() => undefined);
  if (!listStats?.isFile()) throw new InputFilesError(`no such list file: ${listPath}`);
  if (listStats.size > MAX_FILE_LIST_BYTES) {
    throw new InputFilesError(`${listPath} is larger than a GDELT file list can be (${MAX_FILE_LIST_BYTES} bytes)`);
  }
  const local = new Map(files.map((file) => [file.name, file]));
  const kinds = new Set(files.map((file) => kindOf(file.name)).filter((kind) => kind !== undefined));
  const stamps = files
    .map((file) => file.timestamp)
    .filter((stamp) => stamp !== undefined)
    .sort();
  const since = bounds.since ?? stamps[0];
  // The last local file counts as within the range: until is exclusive.
  const until = bounds.until ?? (stamps.length > 0 ? `${stamps[stamps.length - 1]}~` : undefined);

  const check: ListCheck = {
    listLines: 0,
    checked: files.length,
    sound: [],
    corrupt: [],
    unlisted: [],
    missing: [],
    problems: [],
  };
  const listed = new Map<string, { size: number; md5: string }>();
  for await (const line of readLines(createReadStream(listPath), { maxLineLength: 4096 })) {
    check.listLines = line.lineNumber;
    const entry = parseFileListLine(line.text, line.lineNumber);
    if (entry === undefined) continue;
    if (!isListedFile(entry)) {
      if (check.problems.length < 100) check.problems.push(entry);
      continue;
    }
    if (local.has(entry.name)) listed.set(entry.name, { size: entry.size, md5: entry.md5 });
    else {
      const stamp = fileTimestamp(entry.name);
      const kind = kindOf(entry.name);
      if (stamp && kind && kinds.has(kind) && since !== undefined && withinBounds(stamp, since, until)) {
        check.missing.push(entry.name);
      }
    }
  }
  for (const file of files) {
    const entry = listed.get(file.name);
    if (!entry) check.unlisted.push(file.name);
    else if (entry.size !== file.size) {
      check.corrupt.push({ name: file.name, reason: `${count(file.size)} bytes, listed ${count(entry.size)}` });
    } else {
      const md5 = await md5Of(file.path);
      if (md5 !== entry.md5) check.corrupt.push({ name: file.name, reason: `MD5 ${md5}, listed ${entry.md5}` });
      else check.sound.push(file.name);
    }
  }
  check.missing.sort();
  return check;
}

/** What follows the timestamp: `.export.CSV.zip`, `.mentions.CSV.zip`, `.gkg.csv.zip`. */
function kindOf(name: string): string | undefined {
  const stamp = fileTimestamp(name);
  return stamp ? name.slice(stamp.length) : undefined;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

const count = (n: number) => n.toLocaleString('en-US');
