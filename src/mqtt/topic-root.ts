import { hostname } from 'node:os';
import { UserError } from '../errors/user-error.js';

/** <baseTopic>/<deviceId>: a fleet shares one broker with one root per sorter. */
export function topicRoot(baseTopic: string, deviceId: string | undefined): string {
  const device = deviceId ?? hostname().replace(/[^A-Za-z0-9_-]/g, '-');
  const root = `${baseTopic.replace(/\/+$/, '')}/${device}`;
  if (/[+#]/.test(root) || root.startsWith('$')) {
    throw new UserError(`MQTT topic root \`${root}\` may not contain + or # or start with $`, { hint: 'change mqtt.baseTopic or mqtt.deviceId' });
  }
  return root;
}
