// Entry of a page thread from the sources (see analysis-pool.ts): used when the bundled code
// (thread-bundle.ts) cannot be made. The tool runs its TypeScript through tsx without a build step;
// a worker thread starts without the parent's loader, so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-thread.ts');
