// The asset cards. Each card is built once and then updated in place, so a fast live feed only touches the text of
// the values that changed. Values merge by time: a reading older than the one shown (a late REST answer racing the
// live feed) never overwrites it.

import { el, formatTime, formatValue, modelId, toMillis } from './format.js';

export class AssetBoard {
  constructor(root, { onSelect, onUnknown }) {
    this.root = root;
    this.onSelect = onSelect;
    this.onUnknown = onUnknown;
    this.cards = new Map();
    this.selected = null;
  }

  /** Replaces the picture with a full /assets answer (cards of assets no longer listed are removed). */
  load(assets) {
    const ids = new Set(assets.map((a) => a.id));
    for (const [id, card] of this.cards) {
      if (!ids.has(id)) {
        card.root.remove();
        this.cards.delete(id);
      }
    }
    assets.forEach((a) => this.applyAsset(a));
    this.updateCount();
  }

  applyAsset(asset) {
    const card = this.cards.get(asset.id) ?? this.createCard(asset.id);
    card.setInfo(asset);
    for (const tag of asset.tags ?? []) {
      const sensor = card.sensor(tag.id, tag.unit);
      if (tag.time) {
        sensor.update(tag.time, tag.value, tag.quality, tag.text);
      }
    }
    for (const score of asset.scores ?? []) {
      const row = card.score(score.model);
      row.update(score.time, score.value);
      if (score.threshold !== undefined && score.threshold !== null) {
        row.setThreshold(score.threshold);
      }
    }
    this.updateCount();
  }

  applySamples(assetId, samples) {
    const card = this.cards.get(assetId);
    if (!card) {
      this.onUnknown(`asset ${assetId}`);
      return;
    }
    for (const s of samples) {
      if (!card.sensors.has(s.tag)) {
        this.onUnknown(`tag ${assetId}/${s.tag}`);
      }
      card.sensor(s.tag, '').update(s.t, s.v, s.q, s.text);
    }
  }

  applyScore(assetId, model, t, v) {
    const card = this.cards.get(assetId);
    if (card) {
      card.score(model).update(t, v);
    } else {
      this.onUnknown(`asset ${assetId}`);
    }
  }

  /** An anomaly event tells the card the model's threshold (not part of /assets) and flags the card. */
  applyEvent(event) {
    const card = this.cards.get(event.asset);
    if (card) {
      card.score(modelId(event.model)).setThreshold(event.threshold, event.time);
    }
  }

  unitOf(assetId, tagId) {
    return this.cards.get(assetId)?.sensors.get(tagId)?.unit ?? '';
  }

  select(assetId, tagId) {
    for (const card of this.cards.values()) {
      for (const sensor of card.sensors.values()) {
        sensor.button.setAttribute('aria-pressed', String(card.id === assetId && sensor.id === tagId));
      }
    }
    this.selected = { asset: assetId, tag: tagId };
  }

  createCard(id) {
    const card = new AssetCard(id, (tagId) => this.onSelect(id, tagId));
    const after = [...this.cards.keys()].filter((other) => other > id).sort()[0];
    this.root.insertBefore(card.root, after ? this.cards.get(after).root : null);
    this.cards.set(id, card);
    return card;
  }

  updateCount() {
    document.getElementById('asset-count').textContent = this.cards.size ? `(${this.cards.size})` : '';
    document.getElementById('assets-empty').hidden = this.cards.size > 0;
  }
}

class AssetCard {
  constructor(id, onSelect) {
    this.id = id;
    this.onSelect = onSelect;
    this.sensors = new Map();
    this.scores = new Map();
    const titleId = `asset-title-${id}`;
    this.status = el('span', { className: 'status', 'data-role': 'status' }, 'unknown');
    this.meta = el('p', { className: 'asset-meta' });
    this.sensorList = el('ul', { className: 'sensors', 'aria-label': `Sensors of ${id}` });
    this.scoreList = el('ul', { className: 'scores', 'aria-label': `Anomaly scores of ${id}` });
    this.root = el('article', { className: 'asset', 'data-asset': id, 'data-status': 'unknown', 'aria-labelledby': titleId },
      el('header', { className: 'asset-head' }, el('h3', { id: titleId, className: 'asset-name' }, id), this.status),
      this.meta, this.sensorList, this.scoreList);
  }

  setInfo(asset) {
    const status = asset.status ?? 'unknown';
    this.root.dataset.status = status;
    this.status.textContent = status;
    this.meta.replaceChildren(
      el('span', { className: 'protocol', 'data-role': 'protocol', title: 'protocol' }, asset.protocol ?? '?'),
      asset.device ? el('span', { title: 'device' }, asset.device) : null,
      asset.agent ? el('span', { title: 'edge agent' }, asset.agent) : null,
    );
  }

  sensor(tagId, unit) {
    let sensor = this.sensors.get(tagId);
    if (!sensor) {
      sensor = new SensorRow(this.id, tagId, () => this.onSelect(tagId));
      this.sensors.set(tagId, sensor);
      insertSorted(this.sensorList, sensor.root, tagId);
    }
    if (unit) {
      sensor.setUnit(unit);
    }
    return sensor;
  }

  score(model) {
    let score = this.scores.get(model);
    if (!score) {
      score = new ScoreRow(this.id, model);
      this.scores.set(model, score);
      insertSorted(this.scoreList, score.root, model);
    }
    return score;
  }
}

class SensorRow {
  constructor(assetId, tagId, onClick) {
    this.id = tagId;
    this.unit = '';
    this.time = -Infinity;
    const key = `${assetId}/${tagId}`;
    this.value = el('span', { className: 'value', 'data-tag': key, 'data-quality': 'BAD' }, '—');
    this.unitText = el('span', { className: 'unit' });
    this.quality = el('span', { className: 'quality', 'data-quality': 'BAD' }, 'no data');
    this.stamp = el('time', { className: 'stamp' });
    this.button = el('button', { type: 'button', className: 'sensor', 'data-sensor': key, 'aria-pressed': 'false',
      title: `Show the trend of ${key}` },
    el('span', { className: 'sensor-name' }, tagId),
    el('span', { className: 'reading' }, this.value, ' ', this.unitText),
    this.quality, this.stamp);
    this.button.addEventListener('click', onClick);
    this.root = el('li', { 'data-key': tagId }, this.button);
  }

  setUnit(unit) {
    this.unit = unit;
    this.unitText.textContent = unit;
  }

  /** A text tag (a Modbus string) passes its text, shown as it is; a number is shown rounded. */
  update(t, v, q, text) {
    const ms = toMillis(t);
    if (Number.isFinite(ms) && ms < this.time) {
      return;
    }
    this.time = Number.isFinite(ms) ? ms : this.time;
    const quality = q ?? 'GOOD';
    const isText = typeof text === 'string';
    this.value.textContent = quality === 'BAD' ? '—' : isText ? text : formatValue(v);
    this.value.dataset.value = isText ? text : v === null || v === undefined ? '' : String(v);
    this.value.dataset.quality = quality;
    this.quality.dataset.quality = quality;
    this.quality.textContent = quality;
    this.stamp.textContent = formatTime(t);
    if (Number.isFinite(ms)) {
      this.stamp.dateTime = new Date(ms).toISOString();
    }
  }
}

class ScoreRow {
  constructor(assetId, model) {
    this.time = -Infinity;
    this.current = null;
    this.threshold = null;
    this.valueText = el('span', { className: 'score-value' }, '—');
    this.thresholdText = el('span', { className: 'score-threshold' }, 'threshold unknown');
    this.bar = el('span', { className: 'score-bar-fill' });
    this.root = el('li', { className: 'score', 'data-score': `${assetId}/${model}`, 'data-above': 'false', 'data-key': model },
      el('span', { className: 'score-model' }, `anomaly score · ${model}`),
      el('span', { className: 'score-numbers' }, this.valueText, ' / ', this.thresholdText),
      el('span', { className: 'score-bar', 'aria-hidden': 'true' }, this.bar));
  }

  update(t, v) {
    const ms = toMillis(t);
    if (Number.isFinite(ms) && ms < this.time) {
      return;
    }
    this.time = Number.isFinite(ms) ? ms : this.time;
    this.current = Number(v);
    this.valueText.textContent = formatValue(v);
    this.render();
  }

  setThreshold(threshold, t) {
    if (Number.isFinite(Number(threshold))) {
      this.threshold = Number(threshold);
      this.thresholdText.textContent = `threshold ${formatValue(threshold)}`;
      if (t) {
        this.root.dataset.lastAnomaly = t;
      }
      this.render();
    }
  }

  render() {
    const above = this.threshold !== null && this.current !== null && this.current > this.threshold;
    this.root.dataset.above = String(above);
    const ratio = this.threshold ? Math.min(1, this.current / (this.threshold * 1.5)) : 0;
    this.bar.style.width = `${Math.max(0, ratio) * 100}%`;
  }
}

function insertSorted(list, node, key) {
  const after = [...list.children].find((child) => child.dataset.key > key);
  list.insertBefore(node, after ?? null);
}
