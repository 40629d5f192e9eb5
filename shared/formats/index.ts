/**
 * The conversation formats: reading any supported record into a normalized Conversation, writing it
 * back in any format, and identifying what a file holds. The streaming reader, filters and exports
 * call this module; the formats themselves live one per file beside it.
 */
export { FORMATS, getFormat } from './registry';
export { identify, type Identification } from './identify';
export { applyMapping, mappedFormat } from './mapping';
export { mappingSchema, type Mapping } from './mapping-schema';
export { taskFromId } from './task';
export { FORMAT_NAMES, type Format, type FormatName, type ReadContext, type ReadResult } from './types';
