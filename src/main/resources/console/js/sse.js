// Server-sent events over fetch rather than EventSource: EventSource cannot send the credentials header.
import { errorOf, headers } from './api.js';

/**
 * Opens an event stream; onEvent({event, data, id}) per event. Returns a function that closes it. onEnd(error) runs
 * once when the stream ends by itself (error null) or fails (an ApiError or network error), not after close().
 */
export function openEventStream(path, { onOpen, onEvent, onEnd }) {
  const controller = new AbortController();
  (async () => {
    try {
      const response = await fetch(path, {
        headers: headers('text/event-stream'), signal: controller.signal, credentials: 'omit', cache: 'no-store',
      });
      if (!response.ok) {
        throw await errorOf(response);
      }
      onOpen?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let event = { event: 'message', data: [], id: null };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event.data.length) {
              onEvent({ event: event.event, data: event.data.join('\n'), id: event.id });
            }
            event = { event: 'message', data: [], id: null };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const data = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'data') {
              event.data.push(data);
            } else if (name === 'event') {
              event.event = data;
            } else if (name === 'id') {
              event.id = data;
            }
          }
        }
      }
      onEnd?.(null);
    } catch (e) {
      if (e.name !== 'AbortError') {
        onEnd?.(e);
      }
    }
  })();
  return () => controller.abort();
}
