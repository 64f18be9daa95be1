// The smallest thing a GPIO backend must do: drive an output line, watch an input line.
// Everything else (bins, pulses, order, debounce) is shared code above it, so the simulated
// backend and the real one behave the same by construction.

export type Level = 0 | 1;

export interface OutputLine {
  write(level: Level): Promise<void>;
  /** Gives the line back to the system (unexport). The caller sets its safe level first. */
  release(): Promise<void>;
}

export interface InputLine {
  read(): Promise<Level>;
  release(): Promise<void>;
}

/** A GPIO backend. Pins are BCM numbers; the backend maps them to whatever its kernel wants. */
export interface Lines {
  readonly name: string;
  /** `safe` is the level a backend that can outlive the sorter leaves the line at if the sorter dies. */
  output(pin: number, initial: Level, safe?: Level): Promise<OutputLine>;
  /** Calls `onChange` with the new level on every edge (undebounced). */
  input(pin: number, onChange: (level: Level, at: number) => void): Promise<InputLine>;
  /** Frees what the backend holds beyond its lines (a helper process); after every release. */
  close?(): Promise<void>;
}
