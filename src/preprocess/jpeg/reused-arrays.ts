// Work arrays kept from one frame to the next. A camera sends frames of one size, so after the
// first frame decoding allocates nothing big, and the garbage collector has nothing to chase at
// 20 garments a second. An array handed out is valid until the next call with the same name:
// the decoder uses each synchronously, within one frame.
export class ReusedArrays {
  private readonly arrays = new Map<string, Float32Array>();

  float32(name: string, length: number): Float32Array {
    let array = this.arrays.get(name);
    if (array?.length !== length) this.arrays.set(name, (array = new Float32Array(length)));
    return array;
  }
}
