// A one-line progress bar for long work. On a terminal it redraws in place; in a log (CI,
// journald, a pipe) it prints a line every `logEverySeconds` instead of flooding.
export interface ProgressBarOptions {
  stream?: NodeJS.WriteStream;
  width?: number;
  logEverySeconds?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly width: number;
  private readonly logEvery: number;
  private lastLog = 0;
  private drawn = false;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.width = options.width ?? 24;
    this.logEvery = (options.logEverySeconds ?? 30) * 1000;
  }

  update(fraction: number, label: string, details: string): void {
    const f = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(f * this.width);
    const line = `${label} [${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${details}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 120) - 1)}`);
      this.drawn = true;
    } else if (Date.now() - this.lastLog >= this.logEvery) {
      this.lastLog = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends the bar's line so the next output starts clean. */
  done(finalLine?: string): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    if (finalLine) this.stream.write(`${finalLine}\n`);
  }
}
