/**
 * GDELT's file lists, `masterfilelist.txt` (every file since 2015) and `lastupdate.txt` (the last
 * three): one file a line, `<size in bytes> <md5 in hex> <url>`, separated by single spaces.
 * Read from a local copy; nothing is fetched.
 */
export interface ListedFile {
  /** The last segment of the url: the name the file has once downloaded. */
  name: string;
  size: number;
  md5: string;
  url: string;
  lineNumber: number;
}

export interface FileListProblem {
  lineNumber: number;
  reason: string;
}

/** masterfilelist.txt holds about 500,000 lines (some 60 MB in 2026): room for its growth. */
export const MAX_FILE_LIST_BYTES = 256 * 1024 * 1024;

const LIST_LINE = /^(\d{1,15}) ([0-9a-fA-F]{32}) (\S+)$/;

/** One line of a list, or why it is not one. Empty lines are neither (undefined). */
export function parseFileListLine(text: string, lineNumber: number): ListedFile | FileListProblem | undefined {
  const line = text.trim();
  if (line === '') return undefined;
  const match = LIST_LINE.exec(line);
  if (!match) return { lineNumber, reason: 'not "<size> <md5> <url>"' };
  const url = match[3]!;
  const name = url.slice(url.lastIndexOf('/') + 1);
  if (name === '' || name === '.' || name === '..') return { lineNumber, reason: `no file name at the end of ${url}` };
  return { name, size: Number(match[1]), md5: match[2]!.toLowerCase(), url, lineNumber };
}

export const isListedFile = (entry: ListedFile | FileListProblem): entry is ListedFile => 'md5' in entry;
