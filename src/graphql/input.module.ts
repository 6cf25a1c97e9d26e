import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { StorableArgsPipe } from './storable-args.pipe';

/** Checks on client input that hold for every resolver, whoever owns it. */
@Module({ providers: [{ provide: APP_PIPE, useClass: StorableArgsPipe }] })
export class InputModule {}
