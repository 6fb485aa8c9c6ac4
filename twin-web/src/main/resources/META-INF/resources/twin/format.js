// Formatting shared by the cards, the trend and the event list. Values keep about four significant digits so a
// reading fits a card without hiding its integer part; times show in the operator's local time zone.

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** A reading as text: "—" when there is none (a BAD sample carries no value). */
export function formatValue(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) {
    return '—';
  }
  const n = Number(v);
  const intDigits = Math.abs(n) < 1 ? 1 : Math.floor(Math.log10(Math.abs(n))) + 1;
  const decimals = Math.min(4, Math.max(0, 4 - intDigits));
  return String(Number(n.toFixed(decimals)));
}

/** Milliseconds since the epoch from an ISO string (or a number); NaN when it cannot be read. */
export function toMillis(t) {
  if (typeof t === 'number') {
    return t;
  }
  return t ? Date.parse(t) : NaN;
}

export function formatTime(t) {
  const ms = toMillis(t);
  return Number.isFinite(ms) ? TIME.format(new Date(ms)) : '—';
}

export function formatDateTime(t) {
  const ms = toMillis(t);
  return Number.isFinite(ms) ? DATE_TIME.format(new Date(ms)) : '—';
}

/** "pump-ae@1.0.0" and "pump-ae" name the same model on a card: scores carry the id, events the reference. */
export function modelId(ref) {
  return String(ref ?? '').split('@', 1)[0];
}

/** Creates an element with attributes and children; strings become text nodes (never parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'className') {
      node.className = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}
