// The domain-shift proof's camera, nothing like the demo frames: a saturated green tray, strong
// light fall-off, soft focus, small garments. The preprocessing was never tuned on it.
import type { Random } from '../training/random.js';
import type { FrameStyle } from './render-frame.js';

export const shiftedStyle = (rng: Random): FrameStyle => ({
  width: 640, height: 480, tray: [110 + rng.int(0, 20), 165 + rng.int(0, 20), 105 + rng.int(0, 20)], tint: [0.9, 0.75, 0.85],
  scale: 0.35 + rng.next() * 0.2, offset: [rng.next() * 2 - 1, rng.next() * 2 - 1], lightFalloff: 0.45 + rng.next() * 0.15,
  lightAngle: rng.next() * Math.PI * 2, noise: 6, blur: 1.2, jpegQuality: 80,
});
