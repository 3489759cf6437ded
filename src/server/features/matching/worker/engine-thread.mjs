// Entry point of the engine's worker thread: TypeScript through tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./engine-thread.ts');
