// Huffman decoding for baseline JPEG: canonical code tables with a 9-bit lookahead (nearly
// every code in a camera frame is that short), and a bit reader that removes byte stuffing and
// stops at markers. Reading past the data is recorded, not hidden: a truncated frame must fail.

const LOOKAHEAD = 9;
/** Stands for the marker when the data ends inside one (a lone 0xFF at the very end). */
const CUT_OFF = 0x100;

export interface HuffmanTable {
  /** For each 9-bit prefix: (code length << 8) | symbol, or 0 when the code is longer. */
  lookup: Uint16Array;
  /** Largest code of each length (index 1–16), −1 when none. */
  maxCode: Int32Array;
  /** Index into `symbols` minus the first code, per length. */
  valueOffset: Int32Array;
  symbols: Uint8Array;
  /**
   * Per 9-bit prefix holding a whole short code and its value bits: value · 65536 + run · 256
   * + bits used, plus NO_VALUE for codes without value bits (end of block, 16 zeros, a DC
   * difference of 0); else 0. Nearly every code in a camera frame is read in this one step.
   */
  fast: Int32Array;
}

/** From a DHT segment's 16 counts and its symbols; undefined when the counts cannot form a code. */
export function buildHuffmanTable(counts: Uint8Array, symbols: Uint8Array): HuffmanTable | undefined {
  const lookup = new Uint16Array(1 << LOOKAHEAD);
  const maxCode = new Int32Array(18).fill(-1);
  const valueOffset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    valueOffset[length] = k - code;
    for (let i = 0; i < counts[length - 1]; i++, k++, code++) {
      if (code >= 1 << length) return undefined;
      if (length <= LOOKAHEAD) {
        const spread = 1 << (LOOKAHEAD - length);
        lookup.fill((length << 8) | symbols[k], code * spread, (code + 1) * spread);
      }
    }
    if (counts[length - 1] > 0) maxCode[length] = code - 1;
    code <<= 1;
  }
  return { lookup, maxCode, valueOffset, symbols: Uint8Array.from(symbols), fast: fastTable(lookup) };
}

/** Flag in a `fast` entry: the symbol has no value bits. */
export const NO_VALUE = 0x1000;

function fastTable(lookup: Uint16Array): Int32Array {
  const fast = new Int32Array(1 << LOOKAHEAD);
  for (let prefix = 0; prefix < fast.length; prefix++) {
    const entry = lookup[prefix];
    if (entry === 0) continue;
    const length = entry >> 8;
    const run = (entry >> 4) & 15;
    const size = entry & 15;
    if (size === 0) {
      fast[prefix] = NO_VALUE + (run << 8) + length;
      continue;
    }
    if (length + size > LOOKAHEAD) continue;
    const bits = (prefix >> (LOOKAHEAD - length - size)) & ((1 << size) - 1);
    const value = bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
    fast[prefix] = value * 65536 + (run << 8) + length + size;
  }
  return fast;
}

/**
 * Reads the scan's bits. The entropy-coded bytes are copied once, up front, without their byte
 * stuffing and with the restart markers noted, so reading bits needs no marker checks: the
 * hot loop only shifts bytes in.
 */
export class BitReader {
  private readonly clean: Uint8Array;
  /** Where each restart marker was in `clean`, and its code. */
  private readonly restarts: { at: number; marker: number }[] = [];
  private nextRestart = 0;
  /** The marker after the scan (EOI in a whole frame), or CUT_OFF when the data just stops. */
  private readonly endMarker: number;
  private pos = 0;
  /** End of the current restart interval's bytes in `clean`, and of all of them. */
  private limit: number;
  private readonly end: number;
  private buffer = 0;
  private bits = 0;
  /** Zero bits fed in past the current interval's data. */
  private padding = 0;

  constructor(data: Uint8Array, start: number) {
    this.clean = cleanBytes(data.length - start);
    let out = 0;
    let at = start;
    let endMarker = CUT_OFF;
    for (;;) {
      const ff = data.indexOf(0xff, at);
      const stop = ff < 0 ? data.length : ff;
      this.clean.set(data.subarray(at, stop), out);
      out += stop - at;
      if (ff < 0 || ff + 1 >= data.length) break;
      const next = data[ff + 1];
      if (next === 0) this.clean[out++] = 0xff; // stuffed: a data byte 0xFF
      else if (next === 0xff) { at = ff + 1; continue; } // fill before a marker
      else if (next >= 0xd0 && next <= 0xd7) this.restarts.push({ at: out, marker: next });
      else { endMarker = next; break; }
      at = ff + 2;
    }
    this.endMarker = endMarker;
    this.limit = this.restarts.length > 0 ? this.restarts[0].at : out;
    this.end = out;
  }

  /** True once a code or value was read from the zero padding: the data ran out. */
  get overran(): boolean {
    return this.bits < this.padding;
  }

  private fill(): void {
    while (this.bits <= 24) {
      if (this.pos < this.limit) this.buffer = (this.buffer << 8) | this.clean[this.pos++];
      else {
        this.buffer <<= 8;
        this.padding += 8;
      }
      this.bits += 8;
    }
  }

  /** The next Huffman symbol, or −1 for a code the table does not have. */
  decode(table: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const entry = table.lookup[(this.buffer >>> (this.bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)];
    if (entry !== 0) {
      this.bits -= entry >> 8;
      return entry & 0xff;
    }
    for (let length = LOOKAHEAD + 1; length <= 16; length++) {
      const code = (this.buffer >>> (this.bits - length)) & ((1 << length) - 1);
      if (code <= table.maxCode[length]) {
        this.bits -= length;
        return table.symbols[table.valueOffset[length] + code];
      }
    }
    return -1;
  }

  /** A short code and its value in one step (see HuffmanTable.fast), or 0 to take the long way. */
  fast(table: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const entry = table.fast[(this.buffer >>> (this.bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)];
    if (entry !== 0) this.bits -= entry & 0xff;
    return entry;
  }

  /** Reads `size` bits and sign-extends them as JPEG codes coefficient values (F.2.2.1). */
  receiveExtend(size: number): number {
    if (this.bits < size) this.fill();
    const value = (this.buffer >>> (this.bits - size)) & ((1 << size) - 1);
    this.bits -= size;
    return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
  }

  /**
   * At a restart interval or the end of the scan: what is left of the interval must be under a
   * byte of padding. Returns the marker that ended it (RSTn, EOI, or −1 when bits are left
   * over or were missing) and starts reading after it.
   */
  nextMarker(): number {
    const left = (this.limit - this.pos) * 8 + this.bits - this.padding;
    if (this.overran || left >= 8) return -1;
    this.buffer = 0;
    this.bits = 0;
    this.padding = 0;
    this.pos = this.limit;
    if (this.nextRestart < this.restarts.length) {
      const marker = this.restarts[this.nextRestart++].marker;
      this.limit = this.nextRestart < this.restarts.length ? this.restarts[this.nextRestart].at : this.end;
      return marker;
    }
    return this.endMarker;
  }
}

let cleanArray = new Uint8Array(0);
/** One array reused for every frame's unstuffed bytes (a reader is used within one decode). */
function cleanBytes(length: number): Uint8Array {
  if (cleanArray.length < length) cleanArray = new Uint8Array(Math.max(length, cleanArray.length * 2));
  return cleanArray;
}
