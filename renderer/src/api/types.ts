import type { EventPayload, Response } from '../../../shared/api';

/** An open source, as the sources panel shows it. */
export type SourceSummary = Response<'sources.list'>['sources'][number];

/** One grid row. */
export type RecordRow = Response<'records.page'>['rows'][number];

/** A record opened in full. */
export type RecordDetail = Response<'records.get'>;

/** A turn of a record. */
export type TurnData = RecordDetail['conversation']['turns'][number];

/** A running job. */
export type JobInfo = EventPayload<'onDidStartJob'>;

/** How a job ended. */
export type JobEnd = EventPayload<'onDidFinishJob'>;
