/** The time source; tests pass a fixed one. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
