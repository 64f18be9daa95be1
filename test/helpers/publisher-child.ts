// A process that connects a Publisher and then idles, so a test can kill -9 it.
// Usage: node publisher-child.js URL ROOT
import { Publisher } from '../../src/mqtt/publisher.js';

const [url, root] = process.argv.slice(2);
const settings = { url, baseTopic: 'x', rejectUnauthorized: true, embeddedPort: 0 };
const publisher = new Publisher(url, root, settings, { onConnect: () => process.stdout.write('connected\n') });
publisher.start();
setInterval(() => {}, 1000);
