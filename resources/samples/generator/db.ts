import { agent, human, trajectory, type ShareRecord, type ShareTurn } from './records';
import type { Picker } from './random';
import { CAPITALIZED_PEOPLE, CITIES, SURNAMES } from './words';

/**
 * db trajectories: the agent answers questions over a MySQL table (docs/domain.md): prose, then
 * `Action: Operation` with a fenced sql block, or `Action: Answer` with `Final Answer: [...]`.
 */

export const DB_PROMPT = [
  'I will give you a question about a table in a MySQL database, and you will find the answer with SQL.',
  'Explain what you are doing as you go. In each turn, do one of two things:',
  'To run a statement, end your turn with:\nAction: Operation\n```sql\nSELECT name FROM some_table WHERE id = 1;\n```',
  'To answer, end your turn with:\nAction: Answer\nFinal Answer: ["first value", "second value"]',
  'Write each statement on one line without comments. I will reply with the rows the database returns. A reply that follows neither shape ends the task as failed.',
].join('\n');

/** A table with rows, for a question. */
interface Table {
  name: string;
  columns: string[];
  rows: (string | number)[][];
}

function describe(table: Table): string {
  return `The table is called \`${table.name}\`; its columns are ${table.columns.map((column) => `\`${column}\``).join(', ')}.`;
}

function operation(explanation: string, sql: string): ShareTurn {
  return agent(`${explanation}\nAction: Operation\n\`\`\`sql\n${sql}\n\`\`\``);
}

function finalAnswer(explanation: string, values: (string | number)[]): ShareTurn {
  return agent(`${explanation}\nAction: Answer\nFinal Answer: ${JSON.stringify(values.map(String))}`);
}

function rowsText(rows: (string | number)[][]): string {
  return `[${rows.map((row) => `(${row.map((value) => (typeof value === 'number' ? String(value) : `'${value}'`)).join(', ')})`).join(', ')}]`;
}

function staffTable(pick: Picker): Table {
  const name = pick.one(['staff', 'members', 'volunteers', 'tutors']);
  const rows = pick.some(CAPITALIZED_PEOPLE, 6).map((first, index) => [index + 1, `${first} ${pick.one(SURNAMES)}`, pick.one(CITIES), pick.int(1990, 2023)]);
  return { name, columns: ['id', 'full_name', 'city', 'joined_year'], rows };
}

/** One db episode: the question and the turns that answer it. */
export interface DbEpisode {
  question: string;
  turns: ShareTurn[];
}

function whoInCity(pick: Picker): DbEpisode {
  const table = staffTable(pick);
  const city = String(pick.one(table.rows)[2]);
  const found = table.rows.filter((row) => row[2] === city).map((row) => [row[1]]);
  return {
    question: `Which people in the ${table.name} table live in ${city}? ${describe(table)}`,
    turns: [
      operation(`I will select the names of the rows whose city is ${city}.`, `SELECT full_name FROM ${table.name} WHERE city = '${city}';`),
      human(rowsText(found)),
      finalAnswer(`The query returned ${found.length === 1 ? 'one name' : `${found.length} names`}.`, found.map((row) => row[0])),
    ],
  };
}

function countSince(pick: Picker): DbEpisode {
  const table = staffTable(pick);
  const year = pick.int(2000, 2018);
  const count = table.rows.filter((row) => Number(row[3]) >= year).length;
  return {
    question: `How many entries of ${table.name} joined in ${year} or later? ${describe(table)}`,
    turns: [
      operation(`Counting the rows with joined_year of at least ${year} answers this.`, `SELECT COUNT(*) FROM ${table.name} WHERE joined_year >= ${year};`),
      human(`[(${count},)]`),
      finalAnswer(`There are ${count} such rows.`, [count]),
    ],
  };
}

function updateCity(pick: Picker): DbEpisode {
  const table = staffTable(pick);
  const [, person] = pick.one(table.rows);
  const city = pick.one(CITIES);
  return {
    question: `${person} has moved to ${city}. Update the ${table.name} table to match. ${describe(table)}`,
    turns: [
      operation(`I will set the city of ${person} to ${city}.`, `UPDATE ${table.name} SET city = '${city}' WHERE full_name = '${person}';`),
      human('[]'),
      operation('I will read the row back to check the change.', `SELECT city FROM ${table.name} WHERE full_name = '${person}';`),
      human(`[('${city}',)]`),
      finalAnswer('The row now shows the new city, so the update is done.', ['none']),
    ],
  };
}

function earliestMember(pick: Picker): DbEpisode {
  const table = staffTable(pick);
  const first = [...table.rows].sort((left, right) => Number(left[3]) - Number(right[3]))[0];
  return {
    question: `Who has been in ${table.name} the longest, going by joined_year? ${describe(table)}`,
    turns: [
      operation('Ordering by joined_year and taking the first row gives the earliest member.', `SELECT full_name, joined_year FROM ${table.name} ORDER BY joined_year ASC LIMIT 1;`),
      human(rowsText([[first[1], first[3]]])),
      finalAnswer(`${first[1]} joined first, in ${first[3]}.`, [first[1]]),
    ],
  };
}

export const DB_EPISODES = [whoInCity, countSince, updateCity, earliestMember] as const;

/** A db record for an episode. */
export function dbRecord(id: string, episode: DbEpisode): ShareRecord {
  return trajectory(id, [human(DB_PROMPT), agent('Ok.', false), human(episode.question), ...episode.turns]);
}

/** A clean db trajectory of a random kind. */
export function dbTrajectory(pick: Picker, id: string): ShareRecord {
  return dbRecord(id, pick.one(DB_EPISODES)(pick));
}

/** A malformed db trajectory: the statement is not in a fenced sql block. */
export function dbMalformed(pick: Picker, id: string): ShareRecord {
  const episode = countSince(pick);
  const first = episode.turns[0].value.replace(/```sql\n([\s\S]*?)\n```/, '$1');
  return dbRecord(id, { question: episode.question, turns: [agent(first), ...episode.turns.slice(1)] });
}
