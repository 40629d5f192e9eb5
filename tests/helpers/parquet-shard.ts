import { parquetWriteFile } from 'hyparquet-writer';

/** A trajectory as AgentInstruct's native form holds it. */
export interface ShardRecord {
  id: string;
  conversations: { from: string; value: string; loss?: boolean | null }[];
}

/** Writes a Hugging Face style shard: `id` and a `conversations` list<struct<from, value, loss>> column. */
export function writeShard(path: string, records: readonly ShardRecord[], rowGroupSize: number, codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): void {
  parquetWriteFile({
    filename: path,
    rowGroupSize,
    codec,
    columnData: [
      { name: 'id', data: records.map((record) => record.id) },
      { name: 'conversations', data: records.map((record) => record.conversations.map((turn) => ({ from: turn.from, value: turn.value, loss: turn.loss ?? null }))) },
    ],
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'conversations', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', num_children: 3 },
      { name: 'from', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'loss', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
    ],
  });
}
