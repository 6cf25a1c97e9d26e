import { Args, Query, Resolver } from '@nestjs/graphql';
import { notFound } from '../graphql/errors';
import { DuplicateCandidatesArgs } from './dto/duplicate-candidates.args';
import { DuplicateCandidate } from './models/duplicate-candidate.model';
import { ProjectionStatus } from './projection/projection-status';
import { DuplicateCandidateQueries } from './queries';
import { waitForReadModel } from './read-your-writes';
import { nodeModel } from './timeline-node.mapping';

@Resolver()
export class DuplicateCandidatesResolver {
  constructor(
    private readonly queries: DuplicateCandidateQueries,
    private readonly status: ProjectionStatus,
  ) {}

  @Query(() => [DuplicateCandidate], {
    description:
      'Events likely to be the same occurrence as this one (same kind, shared participants or their countries, ' +
      'close dates, similar titles), best first, each with a score and the reason',
  })
  async duplicateCandidates(@Args() args: DuplicateCandidatesArgs): Promise<DuplicateCandidate[]> {
    await waitForReadModel(this.status, args);
    const found = await this.queries.candidates(args.eventId, { first: args.first, asOf: args.asOf });
    if (!found)
      throw notFound(
        args.asOf
          ? `no event with id ${args.eventId} was known at ${args.asOf.toISOString()}`
          : `no event with id ${args.eventId}`,
      );
    return found.map((candidate) => ({
      event: nodeModel(candidate.node, args.asOf),
      score: candidate.score,
      reason: candidate.reason,
      titleSimilarity: candidate.titleSimilarity,
      sharedActorIds: candidate.sharedActorIds,
      sharedCountries: candidate.sharedCountries,
    }));
  }
}
