import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import WebSocket from 'ws';
import { Choices } from './choices';
import { choiceStream } from './http-cases';
import { buildOperation, type FuzzOperation, type OperationOptions } from './operations';
import { category, judgeBody } from './outcomes';

/** A frame the fuzz client sends: text, or bytes for a binary frame. */
export type Frame = { text: string } | { binary: number[] };

type FrameSpec = Frame | { subscribe: FuzzOperation; reuseId: boolean };

export interface WsSession {
  /** Sent in order after the (possibly odd) connection_init; a probe query follows them. */
  frames: Frame[];
  init: Frame | undefined;
}

export interface WsOutcome {
  codes: string[];
  problems: string[];
  /** The id of the subscribe message each problem answered, where it had one. */
  problemIds: Map<string, string>;
  closeCode: number | undefined;
}

const PROBE_ID = 'probe';
const PROBE_QUERY = '{ timeline(first: 1) { edges { cursor } } }';

const text = (message: unknown) => ({ text: JSON.stringify(message) });
const PROPER_INIT = text({ type: 'connection_init' }).text;

/**
 * The WebSocket share: a graphql-ws session (connection_init, then random subscribe messages of
 * queries, subscriptions and anonymous mutations built from the schema, completes, pings) with raw
 * malformed frames mixed in: not JSON, unknown types, missing or duplicate ids, binary, oversized.
 */
export function wsSessionArbitrary(
  schema: GraphQLSchema,
  options: OperationOptions,
  framesPerSession: number,
): fc.Arbitrary<WsSession> {
  // Ids are unique but for a few reused on purpose: a duplicate closes the socket (4409), which
  // would otherwise end most sessions after their first frames.
  const subscribe = choiceStream(160).map((stream): FrameSpec => {
    const c = new Choices(stream);
    return { subscribe: buildOperation(schema, c, options), reuseId: c.chance(4) };
  });
  const frame: fc.Arbitrary<FrameSpec> = fc.oneof(
    { weight: 120, arbitrary: subscribe },
    { weight: 10, arbitrary: fc.constantFrom('s0', 's1', 's2', 'nope').map((id) => text({ id, type: 'complete' })) },
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        text({ type: 'ping' }),
        text({ type: 'pong' }),
        text({ type: 'ping', payload: { x: 'y'.repeat(1000) } }),
      ),
    },
    // Most of these close the socket (4400), so they are rare enough to leave half the sessions whole.
    {
      weight: 6,
      arbitrary: fc.constantFrom<Frame>(
        { text: 'not json' },
        { text: '{' },
        { text: '[]' },
        { text: 'null' },
        { text: '' },
        text({ type: 'unknown' }),
        text({ type: 'subscribe' }),
        text({ type: 'subscribe', id: 5, payload: { query: '{ __typename }' } }),
        text({ type: 'subscribe', id: '', payload: { query: '{ __typename }' } }),
        text({ type: 'subscribe', id: 'd', payload: null }),
        text({ type: 'subscribe', id: 'd', payload: { query: 7 } }),
        text({ type: 'subscribe', id: 'd', payload: { query: '{ __typename }', variables: 'x' } }),
        text({ type: 'connection_init' }),
        text({ type: 'next', id: 'x', payload: {} }),
        {
          text: '{"type":"subscribe","id":"n","payload":{"query":"{ actors(search: \\"\\u0000\\") { edges { cursor } } }"}}',
        },
      ),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes): Frame => ({ binary: [...bytes] })) },
    {
      weight: 1,
      arbitrary: fc.constant(
        text({
          id: 'big',
          type: 'subscribe',
          payload: { query: `{ timeline(filter: { text: "${'x'.repeat(1_500_000)}" }) { totalCount } }` },
        }),
      ),
    },
  );
  const init = fc.oneof(
    { weight: 85, arbitrary: fc.constant<Frame | undefined>(text({ type: 'connection_init' })) },
    {
      weight: 15,
      arbitrary: fc.constantFrom<Frame | undefined>(
        undefined,
        text({ type: 'connection_init', payload: 'x' }),
        text({ type: 'connection_init', payload: { Authorization: 'Bearer bogus' } }),
        text({ type: 'connection_init', payload: { Authorization: 7 } }),
        { text: '{"type":"connection_init"' },
      ),
    },
  );
  return fc
    .record({ init, frames: fc.array(frame, { minLength: framesPerSession, maxLength: framesPerSession }) })
    .map(({ init, frames }) => ({
      init,
      frames: frames.map((spec, i) =>
        'subscribe' in spec
          ? text({ id: spec.reuseId ? 's0' : `s${i}`, type: 'subscribe', payload: spec.subscribe })
          : spec,
      ),
    }));
}

/**
 * Plays one session over a raw `ws` socket (graphql-transport-ws subprotocol) and ends it once the
 * probe query that follows the frames is answered, or the server closes the socket, or the bound
 * passes (a problem of its own). Then judges every message that came back.
 */
export function playSession(wsUrl: string, session: WsSession, timeoutMs = 20_000): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    const codes: string[] = [];
    const problems: string[] = [];
    const problemIds = new Map<string, string>();
    let settled = false;
    const finish = (closeCode: number | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
      resolve({ codes, problems, problemIds, closeCode });
    };
    const timer = setTimeout(() => {
      problems.push(`no answer to the probe within ${timeoutMs / 1000} s`);
      finish(undefined);
    }, timeoutMs);
    socket.on('error', (error) => {
      problems.push(`socket error: ${category(error.message)}`);
      finish(undefined);
    });
    socket.on('close', (code, reason) => {
      // 4500 is graphql-ws's internal error; 1011 the WebSocket one; 1006: dropped without a close frame.
      if (code === 4500 || code === 1011 || code === 1006)
        problems.push(`closed ${code}: ${category(reason.toString())}`);
      finish(code);
    });
    socket.on('message', (data) => {
      let message: { id?: string; type?: string; payload?: unknown };
      try {
        message = JSON.parse(data.toString());
      } catch {
        problems.push('a message that is not JSON');
        return;
      }
      if (message.type === 'next' || message.type === 'error') {
        const judged = judgeBody(message.type === 'error' ? { errors: message.payload } : message.payload);
        codes.push(...judged.codes);
        problems.push(...judged.problems);
        for (const problem of judged.problems)
          if (message.id !== undefined && !problemIds.has(problem)) problemIds.set(problem, message.id);
      }
      if (message.type === 'connection_ack') sendFrames();
      if (message.id === PROBE_ID && (message.type === 'complete' || message.type === 'error')) {
        socket.close(1000);
        finish(undefined);
      }
    });
    const send = (frame: Frame) => socket.send('text' in frame ? frame.text : Buffer.from(frame.binary));
    let sent = false;
    // Frames before the acknowledgement only get the socket closed (4401): wait for it when the
    // init is a proper one, send at once when it is not (that is the case being tried).
    const sendFrames = () => {
      if (sent) return;
      sent = true;
      for (const frame of session.frames) send(frame);
      send(text({ id: PROBE_ID, type: 'subscribe', payload: { query: PROBE_QUERY } }));
    };
    socket.on('open', () => {
      if (session.init) send(session.init);
      if (!(session.init && 'text' in session.init && session.init.text === PROPER_INIT)) sendFrames();
    });
  });
}

/** The session, or only the subscribe message that got the problem when its id is known. */
export function describeSession(session: WsSession, id?: string): string {
  const show = (frame: Frame | undefined) =>
    frame === undefined
      ? '(none)'
      : 'text' in frame
        ? frame.text.length > 400
          ? `${frame.text.slice(0, 400)}… (${frame.text.length} chars)`
          : frame.text
        : `<binary ${frame.binary.length} bytes>`;
  const answered =
    id === undefined
      ? undefined
      : session.frames.find(
          (frame) => 'text' in frame && frame.text.startsWith(`{"id":${JSON.stringify(id)},"type":"subscribe"`),
        );
  if (answered) return `(after a connection_init) ${show(answered)}`;
  return [`init: ${show(session.init)}`, ...session.frames.map((frame, i) => `${i}: ${show(frame)}`)].join('\n');
}
