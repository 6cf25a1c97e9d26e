/** Where the projection reports; Nest's Logger fits, and so does console. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ProjectionLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
