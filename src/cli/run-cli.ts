import { parseArgs } from 'node:util';
import { ConfigError } from '../config/env';

/**
 * How every command-line tool reads its arguments and ends, so that they all behave alike:
 * - options are declared in a table and read by node:util's parseArgs; anything not declared is
 *   refused, and so is an option without its value or a flag with one;
 * - repeats are decided, not left to chance: a repeatable option (`multiple`) collects its values in
 *   order, a single-valued option given twice is refused (no silent "last one wins"), a flag given
 *   twice is the flag;
 * - `--help` or `-h` prints the usage on stdout and exits 0, whatever else is on the line;
 * - bad arguments: one line on stderr and exit code 2 (values are quoted as JSON strings, so a
 *   newline in one cannot break the line); failures a person can act on from the message
 *   (configuration, a duplicate key, a rebuild already running...): the message and exit code 1;
 *   anything else is a bug: its stack and exit code 1.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

export type OptionTable = Record<string, OptionSpec>;

/** Flags are false when absent, repeatable options an empty list, single values undefined. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends { type: 'boolean' }
    ? boolean
    : T[K] extends { multiple: true }
      ? string[]
      : string | undefined;
};

export interface ParsedArgs<T extends OptionTable> {
  values: OptionValues<T>;
  positionals: string[];
}

/** The command line is wrong (exit code 2). The message is one line, without the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the person can act on from its message alone (exit code 1, no stack). */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface Output {
  write(text: string): unknown;
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** A terminal (isTTY) may get a progress bar. */
  stdout: Output & { isTTY?: boolean; columns?: number };
  stderr: Output;
  /** Paths on the command line are relative to it. */
  cwd: string;
}

/** What the runner needs to know of a command to report its failure. */
export interface CliErrors {
  /** What a person types, for the hint after a mistake: `npm run keys`. */
  command: string;
  /** Errors of lower layers that mean the arguments were wrong although they parsed (exit code 2). */
  usageErrors?: readonly ErrorClass[];
  /** Errors of lower layers whose message is all a person needs (exit code 1, no stack). */
  knownErrors?: readonly ErrorClass[];
}

export interface Cli<T extends OptionTable, R> extends CliErrors {
  usage: string;
  options: T;
  /** Arguments that are not options are refused unless this says the command takes them. */
  positionals?: boolean;
  run(args: ParsedArgs<T>, io: CliIo): Promise<R>;
}

/** Only there so that TypeScript infers the option table's precise type for `run`. */
export function defineCli<T extends OptionTable, R>(cli: Cli<T, R>): Cli<T, R> {
  return cli;
}

function tokensOf(options: OptionTable, args: readonly string[]) {
  // Not strict: parseArgs's own refusals are long and name no fix; the checks below say it in a line.
  return parseArgs({
    args: [...args],
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  }).tokens;
}

/** `--help` or `-h` anywhere before a `--` (and not the value of an option: `--title -h`). */
export function asksForHelp(options: OptionTable, args: readonly string[]): boolean {
  return tokensOf(options, args).some((token) => token.kind === 'option' && token.name === 'help');
}

/** Reads the arguments by the table; throws UsageError for anything the table does not allow. */
export function parseCliArgs<T extends OptionTable>(
  options: T,
  args: readonly string[],
  { positionals: allowPositionals = false } = {},
): ParsedArgs<T> {
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(options)) {
    values[name] = spec.type === 'boolean' ? false : spec.multiple ? [] : undefined;
  }
  const positionals: string[] = [];
  for (const token of tokensOf(options, args)) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!allowPositionals) throw new UsageError(`unexpected argument ${JSON.stringify(token.value)}`);
      positionals.push(token.value);
      continue;
    }
    if (token.name === 'help') continue; // the runner answers --help before parsing
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${token.rawName}`);
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${flag} takes no value`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    // `--rejects --dry-run`: more likely a forgotten value than a file named "--dry-run".
    if (!token.inlineValue && value.startsWith('-') && value !== '-') {
      throw new UsageError(`${flag} needs a value (write ${flag}=${value} if that is the value)`);
    }
    const current = values[token.name];
    if (Array.isArray(current)) current.push(value);
    else if (current !== undefined) throw new UsageError(`${flag} is given twice: give it once`);
    else values[token.name] = value;
  }
  return { values: values as OptionValues<T>, positionals };
}

/** One of the choices, compared without case; answers the choice as declared. */
export function oneOf<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  const choice = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (choice === undefined) {
    throw new UsageError(
      `${flag} must be one of ${choices.map((c) => c.toLowerCase()).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return choice;
}

/** Digits only (no sign, exponent, or fraction), within the bounds. */
export function integerIn(flag: string, value: string, min: number, max: number): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses and runs the command; throws what it throws. With --help it only writes the usage. */
export async function runCommand<T extends OptionTable, R>(
  cli: Cli<T, R>,
  args: readonly string[],
  io: CliIo,
): Promise<R | undefined> {
  if (asksForHelp(cli.options, args)) {
    io.stdout.write(`${cli.usage}\n`);
    return undefined;
  }
  return cli.run(parseCliArgs(cli.options, args, { positionals: cli.positionals ?? false }), io);
}

const isOneOf = (error: unknown, classes: readonly ErrorClass[] = []) =>
  classes.some((errorClass) => error instanceof errorClass);

/** 2: the command line is wrong; 1: the command failed. */
export function exitCodeFor(cli: CliErrors, error: unknown): 1 | 2 {
  return error instanceof UsageError || isOneOf(error, cli.usageErrors) ? 2 : 1;
}

/** What stderr gets: a line and the way to the usage, a message, or for a bug the stack. */
export function failureText(cli: CliErrors, error: unknown): string {
  if (exitCodeFor(cli, error) === 2) return `${(error as Error).message} (see: ${cli.command} -- --help)`;
  if (error instanceof CliFailure || error instanceof ConfigError || isOneOf(error, cli.knownErrors)) {
    return (error as Error).message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Runs the command and answers its exit code; never throws. */
export async function runCli<T extends OptionTable, R>(
  cli: Cli<T, R>,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    await runCommand(cli, args, io);
    return 0;
  } catch (error) {
    io.stderr.write(`${failureText(cli, error)}\n`);
    return exitCodeFor(cli, error);
  }
}

/**
 * The entry point of a `*.main.ts`. It sets process.exitCode rather than calling process.exit(), so
 * that piped output is flushed; every command closes what it opened (withDatabase, its files), so
 * the process ends by itself.
 */
export function runMain<T extends OptionTable, R>(cli: Cli<T, R>): void {
  void runCli(cli, process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
