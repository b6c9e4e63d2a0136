export {
  IngestionService,
  levelOf,
  type IngestionSettings,
  type IngestOptions,
  type IngestResult,
  type IngestStatus,
  type RevisionChanges,
} from './ingestion.service';
export { IngestError, IngestErrorCode } from './ingest.error';
