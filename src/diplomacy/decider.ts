/**
 * The decider pattern (as in Emmett): a stream's rules as three plain functions. `decide` turns a
 * command and the current state into new events (or throws a domain error); `evolve` folds one
 * event into the state; `initialState` is the state of a stream that does not exist yet.
 */
export interface DomainEvent<
  Type extends string = string,
  Data extends Record<string, unknown> = Record<string, unknown>,
> {
  type: Type;
  data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
