import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ActorCommandsService } from './actor-commands.service';
import { ActorLoader } from './actor-loader.service';
import { EditorialResolver } from './editorial.resolver';
import { EventCommandsService } from './event-commands.service';
import { EventMergeResolver } from './event-merge.resolver';
import { EventMergeService } from './event-merge.service';
import { HistoryResolver } from './history.resolver';
import { StreamFacts } from './stream-facts.service';

/** Entering and correcting events and actors: the write side over GraphQL. */
@Module({
  imports: [IdempotencyModule],
  providers: [
    StreamFacts,
    EventCommandsService,
    ActorCommandsService,
    ActorLoader,
    EditorialResolver,
    HistoryResolver,
    EventMergeService,
    EventMergeResolver,
  ],
  exports: [StreamFacts, EventCommandsService, ActorCommandsService],
})
export class EditorialModule {}
