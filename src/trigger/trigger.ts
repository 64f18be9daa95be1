// Something that decides when to take the picture. The controller turns each firing into
// exactly one sort cycle.
export interface Trigger {
  readonly name: string;
  start(fire: (reason: string) => void): Promise<void>;
  stop(): Promise<void>;
}
