import 'reflect-metadata';
import { keysCli } from './keys';
import { runMain } from './run-cli';

runMain(keysCli);
