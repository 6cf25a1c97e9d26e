/** Hooks for metrics, so that the store itself knows nothing of Prometheus. */
export interface EventStoreObserver {
  appended?(streams: number, events: number, seconds: number): void;
  conflicted?(): void;
}

/**
 * The token the store's observer is provided under: observability binds its metrics to it, so
 * that the dependency points from observability down to the store, never back up.
 */
export const EVENT_STORE_OBSERVER = Symbol('EVENT_STORE_OBSERVER');
