import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { compareImportFiles, fileTimestamp, withinBounds } from '../../imports';

/** One file of a run, found on the command line, in a folder or by a pattern. */
export interface InputFile {
  path: string;
  /** Its base name: what orders it, what the ledger and the rejects call it. */
  name: string;
  size: number;
  /** The `YYYYMMDDHHMMSS` name prefix, GDELT's; undefined for ICEWS or NDJSON files. */
  timestamp: string | undefined;
}

/** The arguments name no file to import, or one that cannot be: nothing has been read. */
export class InputFilesError extends Error {
  override readonly name = 'InputFilesError';
}

/** Files in a folder that are never data: the lists `--check-list` reads and an import's own rejects. */
const NOT_DATA = [/^masterfilelist.*\.txt$/i, /^lastupdate.*\.txt$/i, /\.rejects\.ndjson$/i];

/** More files than a run takes at once (GDELT publishes about 35,000 a year; split by --since/--until). */
export const MAX_INPUT_FILES = 1_000_000;

/**
 * The files the arguments name, in import order (see src/imports/file-names.ts). Each argument is
 * a file, a folder (its files, one level down, hidden files and NOT_DATA left out) or a glob
 * pattern (quoted, so the shell leaves it alone). A symbolic link found in a folder or by a pattern
 * is refused, not followed: a data folder that links elsewhere can make an import read files no one
 * meant to give it. A file named twice is refused; a name given directly may be a link.
 */
export async function inputFiles(args: readonly string[], cwd: string): Promise<InputFile[]> {
  const found = new Map<string, InputFile>();
  const add = (file: InputFile) => {
    if (found.has(file.path)) throw new InputFilesError(`${file.path} is named twice`);
    if (found.size >= MAX_INPUT_FILES) {
      throw new InputFilesError(`more than ${MAX_INPUT_FILES.toLocaleString('en-US')} files: import them in parts`);
    }
    found.set(file.path, file);
  };
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isDirectory() || (stats?.isSymbolicLink() && (await isFolder(path)))) {
      const files = await folderFiles(path);
      if (files.length === 0) throw new InputFilesError(`no files to import in ${path}`);
      files.forEach(add);
    } else if (stats) {
      add(await namedFile(path));
    } else if (isDynamicPattern(arg)) {
      const files = await patternFiles(arg, cwd);
      if (files.length === 0) throw new InputFilesError(`no file matches ${JSON.stringify(arg)}`);
      files.forEach(add);
    } else {
      throw new InputFilesError(`no such file: ${path}`);
    }
  }
  return [...found.values()].sort(compareImportFiles);
}

/** Files outside [since, until) by their timestamp; a file without one cannot be placed and is refused. */
export function filesWithin(files: InputFile[], since: string | undefined, until: string | undefined): InputFile[] {
  if (since === undefined && until === undefined) return files;
  return files.filter((file) => {
    if (file.timestamp === undefined) {
      throw new InputFilesError(
        `${file.path} has no YYYYMMDDHHMMSS timestamp at the start of its name: --since and --until cannot place it`,
      );
    }
    return withinBounds(file.timestamp, since, until);
  });
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function namedFile(path: string): Promise<InputFile> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) throw new InputFilesError(`no such file: ${path}`);
  if (!stats.isFile()) throw new InputFilesError(`${path} is not a file`);
  return inputFile(path, stats.size);
}

async function folderFiles(folder: string): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || NOT_DATA.some((pattern) => pattern.test(entry.name))) continue;
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) throw symlinkRefused(path);
    if (!entry.isFile()) continue; // subfolders are not entered: name them, or use a pattern
    files.push(inputFile(path, (await lstat(path)).size));
  }
  return files;
}

async function patternFiles(pattern: string, cwd: string): Promise<InputFile[]> {
  // The glob runs from the pattern's fixed folders: `/data/2019*/x*.zip` from /data.
  const segments = resolve(cwd, pattern).split(sep);
  const magic = segments.findIndex((segment) => isDynamicPattern(segment));
  const base = segments.slice(0, magic).join(sep) || sep;
  const rest = segments.slice(magic).join('/');
  // Links are followed only to be found: a glob that skips them would drop a file without a word.
  const paths = await glob(rest, { cwd: base, absolute: true, followSymbolicLinks: true, dot: false });
  const realBase = await realpath(base);
  const files: InputFile[] = [];
  for (const path of paths.sort()) {
    // A link anywhere below the base (a linked folder too) makes the real path differ.
    if ((await realpath(path)) !== join(realBase, relative(base, path))) throw symlinkRefused(path);
    const stats = await lstat(path);
    if (stats.isFile()) files.push(inputFile(path, stats.size));
  }
  return files;
}

function inputFile(path: string, size: number): InputFile {
  const name = basename(path);
  return { path, name, size, timestamp: fileTimestamp(name) };
}

const symlinkRefused = (path: string) =>
  new InputFilesError(`${path} is a symbolic link: links in an imported folder are refused, not followed`);
