import 'reflect-metadata';
import { importCli } from './import';
import { runMain } from './run-cli';

runMain(importCli);
