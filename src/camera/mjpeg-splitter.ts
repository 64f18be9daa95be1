// Splits a byte stream of concatenated JPEGs (MJPEG as rpicam-vid and ffmpeg write it) into
// frames: each starts with SOI (FF D8) and ends with EOI (FF D9). Inside entropy-coded data an
// FF is always followed by 00 or a restart marker, so FF D9 only ever ends a frame.
export class MjpegSplitter {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Largest frame accepted; a stream that never ends a frame must not grow without bound. */
  static readonly MAX_FRAME_BYTES = 16 * 1024 * 1024;

  constructor(private readonly onFrame: (jpeg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    for (;;) {
      const start = buf.indexOf(SOI);
      if (start < 0) { buf = buf.subarray(Math.max(0, buf.length - 1)); break; }
      const end = buf.indexOf(EOI, start + 2);
      if (end < 0) { buf = buf.subarray(start); break; }
      this.onFrame(Buffer.from(buf.subarray(start, end + 2)));
      buf = buf.subarray(end + 2);
    }
    if (buf.length > MjpegSplitter.MAX_FRAME_BYTES) buf = Buffer.alloc(0);
    this.chunks = buf.length ? [buf] : [];
    this.length = buf.length;
  }
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
