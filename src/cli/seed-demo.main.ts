import 'reflect-metadata';
import { seedDemoCli } from './seed-demo';
import { runMain } from './run-cli';

runMain(seedDemoCli);
