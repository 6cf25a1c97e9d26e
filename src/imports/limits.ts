/**
 * The most an `importEvents` mutation may carry inline (5 MiB). Larger files go through
 * `npm run import`, which streams them. The HTTP body cap is derived from it, so it lives here,
 * below both the import resolver and the HTTP admission.
 */
export const MAX_IMPORT_CONTENT_BYTES = 5 * 1024 * 1024;
