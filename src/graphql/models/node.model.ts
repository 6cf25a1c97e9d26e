import { Field, ID, InterfaceType } from '@nestjs/graphql';

/**
 * Relay's Global Object Identification: every version of an event or an actor is a Node, and
 * `node(id)` refetches it as it was recorded.
 */
@InterfaceType({
  description: 'An object with a global id: one version of an event or of an actor',
  resolveType: (value: { eventId?: unknown }) => (typeof value.eventId === 'string' ? 'DiplomaticEvent' : 'Actor'),
})
export abstract class Node {
  @Field(() => ID, {
    description:
      'Opaque global id of this version, for client caches and node(id) only; arguments take eventId/actorId',
  })
  id!: string;
}
