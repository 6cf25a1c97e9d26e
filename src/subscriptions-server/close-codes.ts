/**
 * Close codes this server uses beyond graphql-ws's own (4400 bad request, 4401 unauthorised,
 * 4408 connection initialisation timeout, 4409 subscriber already exists, 4429 too many
 * initialisation requests) and the WebSocket standard's (1001 going away, 1009 message too big).
 */
export const WS_CLOSE = {
  /** The server is shutting down: reconnect, to another instance. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** The API key the socket connected with is no longer valid (revoked). */
  keyRevoked: { code: 4403, reason: 'API key revoked' },
  /** A subscriber stopped reading: its updates piled up past WS_MAX_QUEUED_UPDATES. */
  slowConsumer: { code: 4008, reason: 'slow consumer' },
} as const;
