import 'reflect-metadata';
import { rebuildProjectionsCli } from './rebuild-projections';
import { runMain } from './run-cli';

runMain(rebuildProjectionsCli);
