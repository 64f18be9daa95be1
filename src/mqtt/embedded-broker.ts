// An MQTT broker inside the sorter process (aedes), for the demo: any MQTT client or
// dashboard can connect to localhost and watch without installing a broker.
import { Aedes } from 'aedes';
import { createServer, type AddressInfo } from 'node:net';
import { UserError } from '../errors/user-error.js';
import { EXIT_UNAVAILABLE } from '../errors/exit-codes.js';

export interface EmbeddedBroker { url: string; port: number; close(): Promise<void> }

export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', () => { aedes.close(); });
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? new UserError(`cannot start the demo's MQTT broker: port ${port} is in use`, { hint: 'stop the other broker, or set mqtt.embeddedPort (0 picks a free port), or point mqtt.url at your broker', exitCode: EXIT_UNAVAILABLE })
      : err));
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host}:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => aedes.close(() => server.close(() => resolve()))),
  };
}
