/**
 * Domain errors carry what an API layer needs to answer (a code and, for bad input, the paths of
 * every problem) without this layer knowing about GraphQL or HTTP.
 */
export type ProblemPath = (string | number)[];

export interface Problem {
  /** Relative to the command's data, e.g. ['participants', 2, 'actorId']; [] for the whole command. */
  path: ProblemPath;
  message: string;
}

export type DomainErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** The command is malformed or breaks a rule; lists every problem found, not only the first. */
export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly problems: Problem[];

  constructor(problems: Problem[]);
  constructor(path: ProblemPath, message: string);
  constructor(pathOrProblems: ProblemPath | Problem[], message?: string) {
    const problems: Problem[] =
      message === undefined ? (pathOrProblems as Problem[]) : [{ path: pathOrProblems as ProblemPath, message }];
    if (problems.length === 0) throw new TypeError('a ValidationError needs at least one problem');
    super(
      problems.length === 1
        ? describeProblem(problems[0]!)
        : `${problems.length} problems: ${problems.map(describeProblem).join('; ')}`,
    );
    this.name = 'ValidationError';
    this.problems = problems;
  }

  /** The first problem's path: enough for callers that report a single location. */
  get path(): ProblemPath {
    return this.problems[0]!.path;
  }
}

/** The command addresses something that does not exist (a stream, an attached source). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;

  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The command is well-formed but the current state does not allow it. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export function formatPath(path: ProblemPath): string {
  return path.length === 0 ? '(command)' : path.map((part) => String(part)).join('.');
}

function describeProblem(problem: Problem): string {
  return `${formatPath(problem.path)}: ${problem.message}`;
}

/** Throws one ValidationError holding all problems, if there are any. */
export function throwIfProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}
