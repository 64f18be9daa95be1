// Ctrl-C during training: the first stops after the current batch (the last whole-epoch
// checkpoint is kept, so --resume goes on from it), the second quits at once.
export interface StopSwitch {
  /** True once Ctrl-C was pressed: the training loop polls it between batches. */
  readonly requested: () => boolean;
  /** Gives Ctrl-C back to Node's default once training is over. */
  release(): void;
}

export function stopAfterBatchOnCtrlC(log: (line: string) => void): StopSwitch {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('\nstopping after this batch (Ctrl-C again to quit at once)…');
  };
  process.on('SIGINT', onSigint);
  return { requested: () => interrupted, release: () => { process.off('SIGINT', onSigint); } };
}
