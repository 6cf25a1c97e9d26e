/** The diplomacy domain: pure deciders, their commands, events and states, errors and reference data. */
export * from './errors';
export * from './temporal';
export * from './stream-ids';
export { uuidFromText } from './derived-ids';
export { ACTOR_KINDS, type ActorFact, type ActorFacts, type ActorKind } from './context';
export * from './reference/index';

export { actorDecider, decideActor, evolveActor, initialActorState } from './actors/actor-decider';
export { decideMerge, type MergeActors } from './actors/actor-merge';
export { actorCommandReferences } from './actors/actor-references';
export { ACTOR_LIMITS } from './actors/actor-validation';
export type * from './actors/actor-types';

export { decideEvent, diplomaticEventDecider, evolveEvent, initialEventState } from './events/event-decider';
export { eventCommandReferences, type References } from './events/event-references';
export { EVENT_LIMITS } from './events/event-limits';
export { distinctPublishers, publisherKey, sourceCount } from './events/corroboration';
export * from './events/agreement-status';
export * from './events/event-types';
export { normaliseTopic, topicProblem, TOPIC_MAX_LENGTH, TOPIC_PATTERN } from './events/topics';
export {
  checkMergeIds,
  checkSplitId,
  decideEventMerge,
  decideEventSplit,
  survivorOf,
  type MergeCandidate,
  type MergeDecision,
  type MergeEvents,
  type SplitEvent,
} from './events/event-merge';
export { MERGE_LIMITS } from './events/event-merge';
