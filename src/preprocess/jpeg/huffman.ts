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

export class BitReader {
  private buffer = 0;
  private bits = 0;
  /** Zero bits fed in after a marker or the end of the data. */
  private padding = 0;
  /** The marker that stopped the reader (the byte after 0xFF), −1 while in entropy data. */
  marker = -1;

  constructor(private readonly data: Uint8Array, private pos: number) {}

  /** True once a code or value was read from the zero padding: the data ran out. */
  get overran(): boolean {
    return this.bits < this.padding;
  }

  private fill(): void {
    while (this.bits <= 24) {
      let byte = 0;
      if (this.marker < 0 && this.pos < this.data.length) {
        byte = this.data[this.pos];
        if (byte !== 0xff) this.pos++;
        else {
          const next = this.pos + 1 < this.data.length ? this.data[this.pos + 1] : CUT_OFF;
          if (next === 0) this.pos += 2; // stuffed 0xFF00 is a data byte 0xFF
          else if (next === 0xff) { this.pos++; continue; } // fill before a marker
          else { this.marker = next; byte = 0; this.padding += 8; }
        }
      } else this.padding += 8;
      this.buffer = (this.buffer << 8) | byte;
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
   * At a restart interval or the end of the scan: what is left must be under a byte of
   * padding, followed by a marker. Returns that marker and starts reading after it.
   */
  nextMarker(): number {
    this.fill();
    if (this.overran || this.bits - this.padding >= 8 || this.marker < 0) return -1;
    const marker = this.marker;
    this.pos += 2;
    this.marker = -1;
    this.buffer = 0;
    this.bits = 0;
    this.padding = 0;
    return marker;
  }
}
