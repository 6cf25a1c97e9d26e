export { decodeTimelineCursor, encodeTimelineCursor } from './cursors';
export { QueryInputError } from '../../input/query-input-error';
export type * from './query-types';
export { ALWAYS_CARRIED_DOC_KEYS, BUCKET_SIZES, CHANGE_KINDS, EVENT_DOC_KEYS } from './query-types';
export {
  checkChangeWindow,
  checkFilter,
  checkRecordTime,
  DEFAULT_PAGE_SIZE,
  MAX_LIST_LENGTH,
  MAX_MIN_SOURCES,
  MAX_PAGE_SIZE,
  MAX_TEXT_LENGTH,
} from './query-validation';
export { activeSchemaFrom, TimelineQueries } from './timeline-queries';
export { CHANGES_SCAN_ROWS } from './changes-sql';
export {
  DEFAULT_DUPLICATE_CANDIDATES,
  DuplicateCandidateQueries,
  MAX_DUPLICATE_CANDIDATES,
  type DuplicateCandidate,
} from './duplicate-candidates';
