/** assembly/losses/crossentropy.ts (issue 4): not yet implemented. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CrossEntropyKernels {}
