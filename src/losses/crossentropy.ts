// Cross-entropy family (issue 4): not yet implemented.
export {};
