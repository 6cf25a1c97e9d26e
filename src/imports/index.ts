/** Pure import side: files to records, rejects and skips. Matching and appending live elsewhere. */
export * from './types';
export { readLines, DEFAULT_MAX_LINE_LENGTH, type ReadLinesOptions } from './read-lines';
export { hasBrokenCharacters } from './broken-characters';
export { sniffFormat, SNIFF_BYTES, type SniffResult } from './sniff';
export { parseGdeltLine } from './gdelt';
export { GDELT_COLUMNS, GDELT_COLUMN_COUNT } from './gdelt-columns';
export { parseIcewsLine, ICEWS_COLUMNS, ICEWS_HEADER } from './icews';
export { parseNdjsonLine, NDJSON_FIELDS } from './ndjson';
export { importLines, importStream, emptyTally, addToTally, type ImportTally } from './import-lines';
export { classifyEventCode, type Classification } from './cameo-scope';
export { bindActors, domainRefusal } from './domain-check';
export { eventIdFor, sourceIdFor, importId, IMPORT_NAMESPACE } from './ids';
export { icewsCountryIso3 } from './icews-countries';
export { MAX_IMPORT_CONTENT_BYTES } from './limits';
export {
  CLUSTER_MODES,
  DEFAULT_CLUSTER_MODE,
  clusterEventId,
  clusterKey,
  clustered,
  compareReports,
  reportIdFor,
  type ClusterMode,
  type ReportRanking,
} from './clustering';
export { fileTimestamp, compareImportFiles, timeBound, withinBounds } from './file-names';
export {
  parseFileListLine,
  isListedFile,
  MAX_FILE_LIST_BYTES,
  type ListedFile,
  type FileListProblem,
} from './gdelt-file-list';
export { ARCHIVE_LIMITS, ArchiveRefusedError, ExpansionGuard, type ArchiveLimits } from './archive-limits';
