import type { Picker } from './random';
import { CAPITALIZED_PEOPLE, SURNAMES } from './words';

/**
 * A small held-in evaluation set in AgentBench's shapes (docs/domain.md, "Leakage against the
 * held-in benchmark"): OS problems, DB items, KG items, WebShop goals and an ALFWorld game list.
 * Its words come from lists the training records do not use, so only the planted leaks match.
 */

export interface OsItem {
  description: string;
  create: { local: 'default'; init: { code: string } };
  evaluation: { check: (null | { language: 'python'; file: string })[]; example: { code: string } };
  labels: string[];
}

export interface DbItem {
  description: string;
  label: string[];
  create: { database: string; init: string };
  table: { table_name: string; table_info: { columns: { name: string; type: string }[]; rows: (string | number)[][] } };
}

export interface KgItem {
  question: string;
  qid: string;
  source: string;
  entities: Record<string, string>;
  s_expression: string;
  actions: string[];
  answer: { answer_type: 'Entity'; answer_argument: string; entity_name: string }[];
}

const OS_SUBJECTS = ['symbolic links', 'empty files', 'files owned by nobody', 'executable scripts', 'files larger than one megabyte', 'hidden folders'] as const;
const OS_PLACES = ['/usr/share/fixtures', '/opt/lab/run', '/var/cache/bench', '/etc/exam.d', '/home/grader/in'] as const;

/** OS problems, grouped in numbered folders as AgentBench keeps them. */
export function osItems(pick: Picker): OsItem[][] {
  const folders: OsItem[][] = [];
  for (let folder = 0; folder < 3; folder++) {
    const items: OsItem[] = [];
    for (let index = 0; index < 4; index++) {
      const subject = pick.one(OS_SUBJECTS);
      const place = pick.one(OS_PLACES);
      const description = pick.one([
        `A grading script prepared the folder ${place} before this session. Count the ${subject} you find there at any depth and reply with that count as a single integer.`,
        `Look only at the top level of ${place}, which the examiners filled this morning: how many ${subject} does it hold? Answer with one whole number.`,
        `Somewhere below ${place} a setup job left ${subject} behind. Report how many there are in total, as a plain integer and nothing else.`,
      ]);
      items.push({
        description,
        create: { local: 'default', init: { code: `mkdir -p ${place} && cd ${place} && touch a b c` } },
        evaluation: { check: [null, { language: 'python', file: 'check/integer-match.py' }], example: { code: `find ${place} | wc -l` } },
        labels: ['file', pick.one(['count', 'search'])],
      });
    }
    folders.push(items);
  }
  return folders;
}

/** DB items (DBBench's JSONL shape). */
export function dbItems(pick: Picker): DbItem[] {
  const items: DbItem[] = [];
  const instruments = ['cello', 'oboe', 'harp', 'trombone', 'viola', 'bassoon', 'marimba'] as const;
  const questions = [
    (instrument: string) => `Which orchestra member plays the ${instrument} and has the most seasons?`,
    (instrument: string) => `Who is the newest ${instrument} player on the orchestra roster?`,
  ];
  const seen = new Set<string>();
  while (items.length < 10) {
    const instrument = pick.one(instruments);
    const description = pick.one(questions)(instrument);
    if (seen.has(description)) continue;
    seen.add(description);
    const people = pick.some(CAPITALIZED_PEOPLE, 4).map((first) => `${first} ${pick.one(SURNAMES)}`);
    const rows = people.map((person, row) => [person, row === 0 ? instrument : pick.one(instruments), pick.int(1, 40)]);
    items.push({
      description,
      label: [String(rows[0][0])],
      create: { database: 'orchestra', init: 'orchestra_init.sql' },
      table: { table_name: `Orchestra Roster ${items.length + 1}`, table_info: { columns: [{ name: 'Member', type: 'TEXT' }, { name: 'Instrument', type: 'TEXT' }, { name: 'Seasons', type: 'INT' }], rows } },
    });
  }
  return items;
}

/** KG items (AgentBench's knowledge-graph shape). */
export function kgItems(pick: Picker): KgItem[] {
  const rivers = ['Lowen', 'Stray', 'Corrib Vale', 'Ashmere', 'Tolland', 'Vire'] as const;
  const items: KgItem[] = [];
  for (let index = 0; index < 8; index++) {
    const river = pick.one(rivers);
    items.push({
      question: `which bridges cross the river ${river} and were opened before the railway reached the valley?`,
      qid: `demo_kg_${index + 1}`,
      source: 'agentmix-demo',
      entities: { [river]: `m.demo${index}r` },
      s_expression: `(AND transport.bridge (JOIN transport.bridge.crosses m.demo${index}r))`,
      actions: [`get_relations(m.demo${index}r)`, `get_neighbors(m.demo${index}r,transport.river.bridges)`],
      answer: [{ answer_type: 'Entity', answer_argument: `m.demo${index}b`, entity_name: `${river} Old Bridge` }],
    });
  }
  return items;
}

/** WebShop goals: plain strings, as WebShop's goal list holds them. */
export function webshopGoals(pick: Picker, count: number): string[] {
  const kinds = ['garden hose', 'cast iron skillet', 'picture frame', 'bike lock', 'rain barrel', 'camping stove', 'label printer', 'shoe rack'] as const;
  const qualities = ['heavy duty', 'compact', 'rust resistant', 'adjustable', 'foldable', 'easy to clean'] as const;
  const goals: string[] = [];
  for (let index = 0; index < count; index++) {
    goals.push(`i am shopping for a ${pick.one(qualities)} ${pick.one(kinds)} that ships with a ${pick.int(1, 5)} year warranty, under ${pick.int(3, 20) * 5}.00 dollars`);
  }
  return goals;
}

/** ALFWorld game paths by task type (no text to match: the leakage check skips it). */
export function alfworldGames(pick: Picker): Record<string, string[]> {
  const objects = ['Ladle', 'Candle', 'Kettle', 'Watch', 'Pillow', 'Sponge'] as const;
  const places = ['Shelf', 'Drawer', 'CounterTop', 'Cabinet', 'Sofa'] as const;
  const games: Record<string, string[]> = {};
  for (const type of ['pick_and_place', 'pick_clean_then_place', 'pick_heat_then_place', 'pick_cool_then_place', 'look_at_obj', 'pick_two_obj']) {
    games[type] = Array.from({ length: 3 }, () => `demo_games/${type}-${pick.one(objects)}-None-${pick.one(places)}-${pick.int(1, 400)}/trial_${pick.int(100000, 999999)}/game.tw-pddl`);
  }
  return games;
}
