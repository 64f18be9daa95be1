import { UserError } from '../errors/user-error.js';

/** A model directory that is missing, tampered with, truncated or does not match its manifest. */
export class ModelFileError extends UserError {
  constructor(message: string) {
    super(message, { hint: 'check the model with `laundry-sorter model info DIR`, or push or train a fresh one' });
    this.name = 'ModelFileError';
  }
}
