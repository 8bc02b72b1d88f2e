/**
 * What happens when a page's code cannot be fetched. The mini programs download subpackages themselves (and say
 * so); only H5 fetches page chunks with the app's own code (`page-loads.h5.ts`). Tests run this no-op.
 */
export function watchPageLoads(): void {}
