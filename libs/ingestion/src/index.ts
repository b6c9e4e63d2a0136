export { IngestionService, levelOf, type IngestOptions, type IngestResult, type IngestStatus } from './ingestion.service';
export { IngestError, IngestErrorCode } from './ingest.error';
