import {
  tehranActors,
  tehranCorrections,
  tehranEvents,
  tehranIds,
  tehranSources,
} from '../../diplomacy/story/tehran-2022';
import type { RegisterActorInput } from '../../editorial/dto/actor-commands.input';
import type { RecordEventInput, ReviseEventInput } from '../../editorial/dto/event-commands.input';
import type { SourceInput } from '../../graphql/dto/shared.input';

/**
 * The demo story as an admin enters it: the Tehran story of src/diplomacy/story, as the inputs of
 * registerActor, recordEvent and reviseEvent. Its ids are fixed, so seeding is idempotent.
 */
export const demoIds = tehranIds;
export const sources: Record<keyof typeof tehranSources, SourceInput> = tehranSources;
export const actors: RegisterActorInput[] = tehranActors;
export const events: RecordEventInput[] = tehranEvents;
export const corrections: Array<Omit<ReviseEventInput, 'expectedVersion'>> = tehranCorrections;
