// A Server-Sent Events stream parser (the WHATWG "event stream interpretation"), pure: feed it chunks
// as they arrive, split anywhere (mid-line, mid-CRLF, mid-UTF-8 character), and it returns the
// messages each chunk completed.

// One dispatched message: `event` defaults to "message"; `id` is the last event id in force when it was
// dispatched (set by this or an earlier message's `id:` field), "" when none was ever set.
export interface SseMessage {
  id: string;
  event: string;
  data: string;
  // The server's `retry:` advice in ms, when this message carried one.
  retry?: number;
}

// An incremental parser: `push` returns the messages completed by a chunk; `lastEventId` is the id a
// reconnecting client sends as Last-Event-ID (it is updated even by an `id:` line without data).
export interface SseParser {
  push(chunk: string | Uint8Array): SseMessage[];
  // Ends the stream: a message without its final blank line is discarded (as the spec says).
  end(): SseMessage[];
  readonly lastEventId: string;
}

// Creates a parser for one connection (a new connection needs a new parser; carry lastEventId over).
export function createSseParser(initialLastEventId = ''): SseParser {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let skipLeadingLf = false;
  let atStart = true;
  let lastEventId = initialLastEventId;
  let eventType = '';
  let data: string[] = [];
  let hasData = false;
  let retry: number | undefined;

  const dispatch = (out: SseMessage[]): void => {
    if (hasData) {
      const message: SseMessage = { id: lastEventId, event: eventType || 'message', data: data.join('\n') };
      if (retry !== undefined) message.retry = retry;
      out.push(message);
    }
    eventType = '';
    data = [];
    hasData = false;
    retry = undefined;
  };

  const line = (text: string, out: SseMessage[]): void => {
    if (text === '') {
      dispatch(out);
      return;
    }
    if (text.startsWith(':')) return; // a comment (keepalives)
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        return;
      case 'data':
        data.push(value);
        hasData = true;
        return;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        return;
      default:
        return; // unknown fields are ignored
    }
  };

  const feed = (text: string): SseMessage[] => {
    const out: SseMessage[] = [];
    let buffer = pending + text;
    if (atStart && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      atStart = false;
    }
    let start = 0;
    if (skipLeadingLf && buffer.length > 0) {
      if (buffer[0] === '\n') start = 1;
      skipLeadingLf = false;
    }
    for (let i = start; i < buffer.length; i++) {
      const char = buffer[i];
      if (char !== '\n' && char !== '\r') continue;
      line(buffer.slice(start, i), out);
      if (char === '\r') {
        if (i + 1 < buffer.length) {
          if (buffer[i + 1] === '\n') i++;
        } else {
          // A CR at the end of a chunk: a LF starting the next chunk belongs to it.
          skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    pending = buffer.slice(start);
    return out;
  };

  return {
    push(chunk) {
      return feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      const out = feed(decoder.decode());
      pending = '';
      eventType = '';
      data = [];
      hasData = false;
      retry = undefined;
      return out;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
