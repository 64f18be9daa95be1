// The bins contract against real GPIO. It can only run on a Raspberry Pi with the pins free
// (LAUNDRY_SORTER_GPIO_CONTRACT=1, nothing wired that must not twitch): elsewhere it is
// reported as skipped, never as passed.
import { test } from 'node:test';
import { createOnoffLines } from '../../src/gpio/onoff-lines.js';
import { binsContract } from '../contracts/bins-contract.js';

if (process.env.LAUNDRY_SORTER_GPIO_CONTRACT === '1') {
  binsContract('onoff', () => createOnoffLines('/sys/class/gpio'));
} else {
  test('onoff: bins contract on real GPIO (set LAUNDRY_SORTER_GPIO_CONTRACT=1 on a Pi)', { skip: 'no GPIO on this machine' }, () => {});
}
