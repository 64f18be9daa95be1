// Child process: a broker outage while a real sorter keeps sorting (see the test helper for
// the scenario). Usage: node broker-outage.js OUTAGE_SECONDS
import { brokerOutage } from '../test/helpers/outage-scenario.js';
import { manualScope } from '../test/helpers/scope.js';

const scope = manualScope();
const figures = await brokerOutage(Number(process.argv[2] ?? 10), scope);
await scope.close();
process.stdout.write(JSON.stringify(figures));
process.exit(0);
