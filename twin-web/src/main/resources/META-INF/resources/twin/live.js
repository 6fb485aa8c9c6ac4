// The live feed: one WebSocket to /api/v1/live that reconnects with capped, jittered exponential backoff, so a hub
// restart does not turn every open twin page into a reconnect storm. Each (re)connect calls onOpen so the page can
// re-read the state it missed while disconnected.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;

export class LiveFeed {
  constructor({ path = '/api/v1/live', onMessage, onOpen, onState }) {
    this.url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onState = onState;
    this.attempt = 0;
    this.socket = null;
  }

  start() {
    this.connect();
  }

  connect() {
    this.onState('connecting', this.attempt === 0 ? 'connecting' : `connecting (try ${this.attempt + 1})`);
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      console.error(`live feed ${this.url}: ${e.message}`);
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.onState('live', 'live');
      this.onOpen();
    });
    socket.addEventListener('message', (e) => this.dispatch(e.data));
    socket.addEventListener('close', (e) => {
      if (this.socket === socket) {
        console.warn(`live feed ${this.url} closed (code ${e.code}${e.reason ? `, ${e.reason}` : ''})`);
        this.socket = null;
        this.retry();
      }
    });
  }

  dispatch(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      console.warn(`live feed: ignoring a message that is not JSON: ${String(text).slice(0, 80)}`);
      return;
    }
    try {
      this.onMessage(message);
    } catch (e) {
      console.error(`live feed: cannot apply a '${message?.type}' message`, e);
    }
  }

  retry() {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * base / 2);
    this.attempt += 1;
    this.onState('offline', `offline, retry in ${Math.ceil(delay / 1000)} s`);
    setTimeout(() => this.connect(), delay);
  }
}
