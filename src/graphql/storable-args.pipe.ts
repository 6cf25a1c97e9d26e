import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badUserInput } from './errors';
import { findUnstorableText } from '../input/storable-text';
import { findVersionIdArgument } from './version-id-args';

/**
 * How @nestjs/graphql hands @Args() to pipes (as Nest's 'body'); the parent, context, info and
 * the principal come as 'custom' and are not the client's text. No controller takes a body.
 */
const GRAPHQL_ARGS = 'body';

/**
 * Every GraphQL argument of every resolver, queries, mutations, subscriptions and nested fields
 * alike, is walked once before the resolver runs: text PostgreSQL cannot store is a
 * BAD_USER_INPUT naming the argument's path (filter.text, input.participants.2.role), whichever
 * resolver or statement the value would have reached. So is the id of one version (a node id)
 * where a member named *Id or *Ids takes the stable UUID.
 */
@Injectable()
export class StorableArgsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== GRAPHQL_ARGS) return value;
    // @Args('input') names its argument; @Args() hands over all of them, named by their members.
    const found = findUnstorableText(value, metadata.data ?? '');
    if (found) {
      const field = found.path === '' ? (metadata.data ?? 'arguments') : found.path;
      throw badUserInput(`${field} ${found.problem}`, field);
    }
    const versionId = findVersionIdArgument(value, metadata.data ?? '');
    if (versionId !== undefined)
      throw badUserInput(
        `${versionId} takes the stable UUID (eventId or actorId), not the id of one version: that one is for node(id) and caches`,
        versionId,
      );
    return value;
  }
}
