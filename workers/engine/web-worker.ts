/// <reference lib="webworker" />
import { expose } from 'comlink';
import { WorkerApi } from './worker-api.ts';

expose(new WorkerApi());
