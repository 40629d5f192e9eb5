import { readFileSync } from 'node:fs';
import type { EvalItem } from '../../../../shared/leakage/ngram-index';
import { dataFile } from '../../../helpers/data';

/** The db (300) and kg (150) AgentBench test questions and WebShop goals 0-499, read directly (no loader), for the leakage tests. */
export function agentBenchItems(): EvalItem[] {
  const items: EvalItem[] = [];
  readFileSync(dataFile('agentbench-old-testsets', 'dbbench', 'standard.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .forEach((line, index) => items.push({ set: 'db', index, text: (JSON.parse(line) as { description: string }).description }));
  (JSON.parse(readFileSync(dataFile('agentbench-old-testsets', 'knowledgegraph', 'std.json'), 'utf8')) as { question: string }[]).forEach((item, index) =>
    items.push({ set: 'kg', index, text: item.question }),
  );
  const os = JSON.parse(readFileSync(dataFile('agentbench-old-testsets', 'os_interaction', 'data', '7', '2023-06-07-00-13-14.json'), 'utf8')) as { description: string }[];
  os.forEach((item, index) => items.push({ set: 'os', index, text: item.description }));
  (JSON.parse(readFileSync(dataFile('webshop-human-goals', 'human_goals.json'), 'utf8')) as string[]).slice(0, 500).forEach((text, index) => items.push({ set: 'webshop', index, text }));
  return items;
}
