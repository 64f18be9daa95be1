// How a models directory is laid out on a sorter: one directory per model id, a `current`
// symlink naming the one in service, `previous` naming the one before (for rollback), and
// serving.json, where the running sorter says which model it actually loaded.
//
//   models/
//     sorter-20261127-984f57f4/   model.json, weights.bin, manifest.json
//     cnn-20261127-9169036f/
//     current  -> sorter-20261127-984f57f4
//     previous -> cnn-20261127-9169036f
//     serving.json
export const CURRENT = 'current';
export const PREVIOUS = 'previous';
export const SERVING_FILE = 'serving.json';
/** Uploads land in `.incoming-<id>-<random>` and become `<id>` only once verified. */
export const INCOMING_PREFIX = '.incoming-';
/** New pointers are made as `.pointer-<random>` and renamed over the old one. */
export const POINTER_PREFIX = '.pointer-';
/** Model ids are file names: what the trainer makes, nothing that could climb out of the directory. */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** What a running sorter writes to serving.json whenever it loads, or fails to load, a model. */
export interface ServingStatus {
  modelId: string;
  /** The model directory it resolved `current` to. */
  dir: string;
  pid: number;
  topicRoot: string;
  since: string;
  /** The last model it refused, and why; cleared by the next successful load. */
  failed: { dir: string; message: string; at: string } | null;
}
