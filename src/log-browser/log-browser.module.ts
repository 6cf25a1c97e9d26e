import { Module } from '@nestjs/common';
import { LogResolver } from './log.resolver';

@Module({ providers: [LogResolver] })
export class LogBrowserModule {}
