/** Pure formatters from timeline nodes to TimelineJS, NDJSON (the import's format) and CSV. */
export type { ExportActor, ExportNode, ExportParticipant } from './timeline-node';
export {
  toTimelineJs,
  timelineJsDate,
  type TimelineJsDate,
  type TimelineJsDocument,
  type TimelineJsOptions,
  type TimelineJsSlide,
} from './timelinejs';
export { validateTimelineJs, type TimelineJsProblem } from './timelinejs-validate';
export { ndjsonLines, toNdjson, importLine } from './ndjson-export';
export { csvLines, toCsv, csvField, CSV_COLUMNS } from './csv';
export { escapeHtml } from './html';
