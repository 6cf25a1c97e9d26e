import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Actor } from '../graphql/models/actor.model';
import { actorModel } from '../graphql/models/to-model';
import { StreamFacts } from './stream-facts.service';

/**
 * Participants' actors for mutation answers, from the log (an answer never waits for the
 * projection, nor shows an actor older than the write it answers), following merges to the
 * survivor. The read side answers from the read model instead (timelines' ReadModelActorLoader).
 */
@Injectable()
export class ActorLoader {
  constructor(private readonly facts: StreamFacts) {}

  /** A loader for one answer: its participants' actors in one read of the log, when first asked for. */
  forAnswer(): DataLoader<string, Actor | null> {
    return new DataLoader((ids) => this.load(ids));
  }

  private async load(ids: readonly string[]): Promise<Array<Actor | null>> {
    const loaded = await this.facts.actors(ids);
    // Survivors are loaded one merge deep at a time: chains are rare and short.
    for (let depth = 0; depth < 5; depth += 1) {
      const missing = [...loaded.values()]
        .map(({ state }) => (state.status === 'MERGED' ? state.mergedInto : null))
        .filter((id): id is string => id !== null && !loaded.has(id));
      if (missing.length === 0) break;
      for (const [id, actor] of await this.facts.actors(missing)) loaded.set(id, actor);
    }
    return ids.map((id) => {
      let current = loaded.get(id);
      const seen = new Set<string>();
      while (current?.state.status === 'MERGED' && current.state.mergedInto && !seen.has(current.state.mergedInto)) {
        seen.add(current.state.mergedInto);
        current = loaded.get(current.state.mergedInto) ?? current;
      }
      return current && current.state.status !== 'NOT_REGISTERED' ? actorModel(current.state, current.version) : null;
    });
  }
}
