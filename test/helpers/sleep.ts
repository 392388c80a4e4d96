/** Waits `ms` milliseconds: for tests that check nothing more happens in that time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
