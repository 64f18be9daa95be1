import type { Publisher } from '../mqtt/publisher.js';
import type { Trigger } from './trigger.js';

/** `<root>/cmd/trigger`: any message takes one picture (a Home Assistant button, a Node-RED flow). */
export const TRIGGER_COMMAND = 'cmd/trigger';

export class MqttTrigger implements Trigger {
  readonly name = `MQTT ${TRIGGER_COMMAND}`;
  private active = false;

  constructor(private readonly publisher: Publisher) {}

  async start(fire: (reason: string) => void): Promise<void> {
    this.active = true;
    this.publisher.subscribe(TRIGGER_COMMAND, () => { if (this.active) fire('mqtt command'); });
  }

  async stop(): Promise<void> {
    this.active = false;
  }
}
