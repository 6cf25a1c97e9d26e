import 'reflect-metadata';
import { exportCli } from './export';
import { runMain } from './run-cli';

runMain(exportCli);
