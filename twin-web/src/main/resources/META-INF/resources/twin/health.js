// The header's hub health: GET /api/v1/health every few seconds. An unreachable hub is shown as such, not as the last
// good answer.

import { api } from './api.js';

const PERIOD_MS = 5000;

export class HealthBar {
  constructor(root) {
    this.root = root;
    this.hub = root.querySelector('#health-hub');
    this.db = root.querySelector('#health-db');
    this.mqtt = root.querySelector('#health-mqtt');
    this.agents = root.querySelector('#health-agents');
  }

  start() {
    const tick = async () => {
      await this.refresh();
      setTimeout(tick, PERIOD_MS);
    };
    tick();
  }

  async refresh() {
    try {
      this.show(await api.health());
    } catch (e) {
      console.warn(`hub health: ${e.message}`);
      this.root.dataset.state = 'unreachable';
      setPill(this.hub, 'unreachable', 'bad');
      for (const pill of [this.db, this.mqtt, this.agents]) {
        setPill(pill, '?', 'unknown');
      }
    }
  }

  show(health) {
    this.root.dataset.state = health.status ?? 'unknown';
    setPill(this.hub, health.status ?? '?', health.status === 'ok' ? 'ok' : 'warn');
    const db = health.db?.status ?? '?';
    setPill(this.db, db, db === 'ok' ? 'ok' : 'bad');
    const mqtt = health.mqtt?.status ?? '?';
    const clients = health.mqtt?.clients;
    setPill(this.mqtt, clients === undefined ? mqtt : `${mqtt} · ${clients} client${clients === 1 ? '' : 's'}`,
      mqtt === 'ok' ? 'ok' : 'bad');
    const agents = health.agents ?? [];
    const online = agents.filter((a) => a.status === 'online').length;
    setPill(this.agents, `${online}/${agents.length} online`, online === agents.length ? 'ok' : 'warn');
    this.agents.title = agents.map((a) => `${a.id}: ${a.status}`).join('\n');
  }
}

function setPill(pill, text, level) {
  pill.textContent = text;
  pill.dataset.level = level;
}
