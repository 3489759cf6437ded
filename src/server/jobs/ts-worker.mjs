// Starts a worker thread written in TypeScript (development, tests): registers tsx in this
// thread, then loads the entry named in workerData. Compiled JavaScript is started directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
