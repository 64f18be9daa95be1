// Every topic the sorter publishes, with its payload type, QoS and retain flag in one place,
// so a payload cannot drift from its documentation (docs/mqtt.md).
import type { GarmentColour } from '../colour/measure-colour.js';

export type Action = 'sorted' | 'rejected' | 'empty';

export interface Timings { capture: number; preprocess: number; infer: number; actuate: number; total: number }

/** One garment's outcome, on <root>/decision. */
export interface Decision {
  /** Unique and sortable: ordering ids orders decisions by time. */
  id: string;
  timestamp: string;
  action: Action;
  /** null when the tray was empty. */
  class: number | null;
  name: string | null;
  confidence: number | null;
  probabilities: number[] | null;
  bin: string | null;
  modelId: string;
  timings: Timings;
  /** Why a garment went to the reject bin: `low confidence`, `views disagree` or `no bin takes the class`. */
  reason?: string;
  /** How the garment lay and which of its views the decision rests on; null for an empty tray. */
  pose?: DecisionPose | null;
  /**
   * The garment's colour from the frame: `group` (white, light, dark, colour, mixed), the nearest
   * basic colour `name`, `rgb` as hex, `confidence` 0–1; or `unknown` with a `reason`. Null for
   * an empty tray; absent when colour is off.
   */
  colour?: GarmentColour | null;
}

export interface DecisionPose {
  /** The garment's direction in the frame, degrees counter-clockwise within a quarter turn. */
  orientation: number;
  /** Degrees it was turned to sit straight, then the winning view's quarter turn on top. */
  turn: number;
  view: 0 | 90 | 180 | 270;
  /** Views are quarter turns only: the model is trained mirror-blind (flip augmentation). */
  mirrored: false;
  /** Share of the views whose own top class is the decided one (under `upright`, of the upright weight). */
  agreement: number;
  /** How the views became one decision: `upright` (the model's upright finder weighed them), max, log or mean. */
  rule?: 'max' | 'log' | 'mean' | 'upright';
  /** Under `upright`: how sure the finder was that the winning view is the right way up, 0–1. */
  upright?: number;
  method: 'rect' | 'axis';
  /** Why the garment was left as it lay (too small or thin for an orientation). */
  fallback?: string;
}

/** The sorter's running totals and health, retained on <root>/state. */
export interface SorterState {
  modelId: string;
  backend: string;
  uptimeSeconds: number;
  /** Garments per bin, class, colour group (white, light, dark, colour, mixed, unknown) and action. */
  counts: { bins: Record<string, number>; classes: Record<string, number>; colours: Record<string, number>; actions: Record<Action, number> };
  camera: 'ok' | 'lost';
  broker: { connected: boolean; reconnects: number };
  /** Decisions journaled but not yet acknowledged by the broker, and any dropped when the journal was full. */
  backlog: number;
  dropped: number;
  /**
   * The journal's health: `ok`, or degraded (`disk full`, `read-only`, `write failing`), when
   * undelivered decisions are kept in memory only and `unsaved` of them would not survive a restart.
   */
  journal: { health: 'ok' | 'disk full' | 'read-only' | 'write failing'; unsaved: number };
  paused: boolean;
  threshold: number;
  lastError: string | null;
}

export type Status = 'online' | 'offline';

export interface TopicPayloads {
  decision: Decision;
  status: Status;
  state: SorterState;
}

export const TOPICS: { [K in keyof TopicPayloads]: { suffix: string; qos: 0 | 1; retain: boolean } } = {
  decision: { suffix: 'decision', qos: 1, retain: false },
  status: { suffix: 'status', qos: 1, retain: true },
  state: { suffix: 'state', qos: 1, retain: true },
};

export function encodePayload(payload: unknown): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
