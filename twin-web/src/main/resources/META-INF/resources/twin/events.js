// The recent anomaly events of the selected asset, newest first. Events arrive from the REST history and from the
// live feed; the hub's event id (or time+model when an id is missing) keeps the list free of duplicates.

import { el, formatDateTime, formatValue, toMillis } from './format.js';

const MAX_EVENTS = 50;

export class EventList {
  constructor(list, empty, label) {
    this.list = list;
    this.empty = empty;
    this.label = label;
    this.asset = null;
    this.events = [];
  }

  show(asset, events) {
    this.asset = asset;
    this.events = [];
    this.label.textContent = `· ${asset}`;
    this.addAll(events);
  }

  /** Adds events of the shown asset; returns true when the list changed. */
  addAll(events) {
    const known = new Set(this.events.map(keyOf));
    const fresh = events.filter((e) => e.asset === this.asset && !known.has(keyOf(e)));
    if (!fresh.length) {
      this.render();
      return false;
    }
    this.events = [...this.events, ...fresh]
      .sort((a, b) => toMillis(b.time) - toMillis(a.time))
      .slice(0, MAX_EVENTS);
    this.render();
    return true;
  }

  render() {
    this.list.replaceChildren(...this.events.map(item));
    this.list.dataset.count = String(this.events.length);
    this.empty.hidden = this.events.length > 0 || this.asset === null;
  }
}

function keyOf(e) {
  return e.id !== undefined && e.id !== null ? `id:${e.id}` : `${e.time}|${e.model}`;
}

function item(e) {
  return el('li', { className: 'event', 'data-event-id': e.id, 'data-event-time': e.time, 'data-event-score': e.score },
    el('time', { className: 'event-time', datetime: e.time }, formatDateTime(e.time)),
    el('span', { className: 'event-model' }, e.model ?? '?'),
    el('span', { className: 'event-score' },
      `score ${formatValue(e.score)} > ${formatValue(e.threshold)}`));
}
