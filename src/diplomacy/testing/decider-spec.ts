import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import type { Decider, DomainEvent } from '../decider';
import { ValidationError, type Problem } from '../errors';

/**
 * Given/when/then for deciders, after Emmett's DeciderSpecification:
 *
 *   spec.given([recorded]).when(revise).then([revised]);
 *   spec.given([]).when(revise).thenThrows(NotFoundError, /not recorded/);
 *   spec.given([recorded]).when(record).thenProblems([{ path: ['end'], message: '…' }]);
 *
 * Assertions use node:assert (strict), so an undefined member is a difference: recorded events
 * must survive a JSON round trip unchanged, which `then` checks too.
 */
type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;
type ErrorMatcher<E extends Error> = string | RegExp | ((error: E) => void);

export function DeciderSpecification<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
) {
  const fold = (events: Event[], state = decider.initialState()): State =>
    events.reduce((s, e) => decider.evolve(s, e), state);

  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const decideOnGiven = (): { state: State; decided: Event[] } => {
            const state = fold(events);
            return { state, decided: decider.decide(command, state) };
          };
          return {
            then(expected: Event[]): void {
              const { state, decided } = decideOnGiven();
              deepStrictEqual(decided, expected);
              deepStrictEqual(JSON.parse(JSON.stringify(decided)), decided, 'decided events must be plain JSON');
              fold(decided, state);
            },
            thenNothingHappens(): void {
              deepStrictEqual(decideOnGiven().decided, []);
            },
            /** Checks the state after folding what was decided onto the given events. */
            thenState(check: (state: State) => void): void {
              const { state, decided } = decideOnGiven();
              check(fold(decided, state));
            },
            thenThrows<E extends Error>(errorClass: ErrorClass<E>, matcher?: ErrorMatcher<E>): void {
              const error = caught(() => decideOnGiven().decided);
              if (!(error instanceof errorClass)) {
                throw new AssertionError({
                  message: `expected a ${errorClass.name}, got ${describe(error)}`,
                  actual: error,
                  expected: errorClass,
                });
              }
              if (typeof matcher === 'string' && !error.message.includes(matcher)) {
                throw new AssertionError({
                  message: `expected the message to include "${matcher}"`,
                  actual: error.message,
                  expected: matcher,
                });
              }
              if (matcher instanceof RegExp && !matcher.test(error.message)) {
                throw new AssertionError({
                  message: `expected the message to match ${String(matcher)}`,
                  actual: error.message,
                  expected: matcher,
                });
              }
              if (typeof matcher === 'function') matcher(error);
            },
            /** Expects a ValidationError with exactly these problems, in this order. */
            thenProblems(expected: Problem[]): void {
              const error = caught(() => decideOnGiven().decided);
              if (!(error instanceof ValidationError)) {
                throw new AssertionError({
                  message: `expected a ValidationError, got ${describe(error)}`,
                  actual: error,
                  expected,
                });
              }
              deepStrictEqual(error.problems, expected);
            },
          };
        },
      };
    },
  };
}

function caught(run: () => unknown): unknown {
  try {
    const result = run();
    return new AssertionError({ message: `expected an error, but it decided ${JSON.stringify(result)}` });
  } catch (error) {
    return error;
  }
}

function describe(error: unknown): string {
  if (error instanceof AssertionError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
