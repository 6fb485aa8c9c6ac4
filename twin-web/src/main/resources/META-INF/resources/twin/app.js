// Entry point of the twin page: wires the REST snapshot, the live feed, the health bar, the trend and the event list.
//
// Consistency model: the live feed is the source of change, the REST API the source of truth after a gap. Every time
// the WebSocket (re)connects the page re-reads /api/v1/assets, and whenever the feed mentions an asset or tag the page
// does not know yet, it re-reads it once (debounced), so a page opened before an agent's birth still fills in.

import { api } from './api.js';
import { AssetBoard } from './assets.js';
import { EventList } from './events.js';
import { HealthBar } from './health.js';
import { LiveFeed } from './live.js';
import { TrendView } from './trend.js';

const HISTORY_MS = 24 * 60 * 60 * 1000;
const RESYNC_DELAY_MS = 300;

const conn = document.getElementById('conn');
const trend = new TrendView(
  document.getElementById('trend'), document.getElementById('trend-message'), document.getElementById('trend-label'));
const events = new EventList(
  document.getElementById('events'), document.getElementById('events-empty'), document.getElementById('events-asset'));
const board = new AssetBoard(document.getElementById('assets'), {
  onSelect: (asset, tag) => selectSensor(asset, tag),
  onUnknown: (what) => scheduleResync(`live feed names unknown ${what}`),
});

let resyncTimer = null;
let selectedAsset = null;

function scheduleResync(reason) {
  if (resyncTimer === null) {
    console.info(`re-reading /api/v1/assets: ${reason}`);
    resyncTimer = setTimeout(() => {
      resyncTimer = null;
      loadAssets();
    }, RESYNC_DELAY_MS);
  }
}

async function loadAssets() {
  try {
    const assets = await api.assets();
    board.load(assets);
    await Promise.all(assets.map((a) => loadThresholds(a.id)));
  } catch (e) {
    console.error(`cannot read the assets: ${e.message}`);
    document.getElementById('assets-empty').textContent = `Cannot read the assets: ${e.message}`;
  }
}

/** The threshold of a model is not part of /assets; the asset's recent anomaly events carry it. */
async function loadThresholds(assetId) {
  const now = Date.now();
  const recent = await api.anomalies(assetId, now - HISTORY_MS, now).catch((e) => {
    console.warn(`anomaly history of ${assetId}: ${e.message}`);
    return [];
  });
  [...recent].sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).forEach((e) => board.applyEvent(e));
  if (assetId === selectedAsset) {
    events.addAll(recent);
  }
}

async function selectSensor(assetId, tagId) {
  board.select(assetId, tagId);
  const assetChanged = selectedAsset !== assetId;
  selectedAsset = assetId;
  if (assetChanged) {
    events.show(assetId, []);
  }
  const now = Date.now();
  const loadingTrend = trend.select(assetId, tagId, board.unitOf(assetId, tagId));
  revealTrend();
  try {
    const history = await api.anomalies(assetId, now - HISTORY_MS, now);
    if (selectedAsset === assetId) {
      events.addAll(history);
      trend.setMarkers(events.events);
    }
  } catch (e) {
    console.warn(`anomaly history of ${assetId}: ${e.message}`);
  }
  await loadingTrend;
}

/** On a one-column (narrow) layout the trend sits below the cards: bring it into view. */
function revealTrend() {
  const panel = document.querySelector('.detail-panel');
  if (panel.getBoundingClientRect().top > window.innerHeight) {
    panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}

function onLive(message) {
  switch (message.type) {
    case 'samples':
      board.applySamples(message.asset, message.samples ?? []);
      trend.appendSamples(message.asset, message.samples ?? []);
      break;
    case 'score':
      board.applyScore(message.asset, message.model, message.t, message.v);
      break;
    case 'event':
      onEvent(message.event);
      break;
    case 'asset':
      board.applyAsset(message.asset);
      break;
    default:
      console.debug(`live feed: ignoring message type '${message.type}'`);
  }
}

function onEvent(event) {
  if (!event) {
    return;
  }
  board.applyEvent(event);
  if (event.asset === selectedAsset && events.addAll([event])) {
    trend.setMarkers(events.events);
  }
}

function showConnection(state, text) {
  conn.dataset.state = state;
  conn.textContent = text;
}

new HealthBar(document.getElementById('health')).start();
loadAssets();
new LiveFeed({ onMessage: onLive, onOpen: loadAssets, onState: showConnection }).start();
