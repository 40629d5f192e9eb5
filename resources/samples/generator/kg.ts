import { agent, human, trajectory, type ShareRecord, type ShareTurn } from './records';
import type { Picker } from './random';

/**
 * kg trajectories: questions over a knowledge base queried with tool calls (docs/domain.md):
 * `Thought: ...` and `Action: get_relations(...)`, `get_neighbors(...)`, `intersection(...)`,
 * `count(...)` ..., ending with `Final Answer: #<variable>`. Entities and relations are invented.
 */

export const KG_PROMPT = [
  'You answer questions from a knowledge base, which you can only reach through these tools:',
  '1. get_relations(variable: var) -> list of relations: the relations of an entity or of a set of entities (a variable from an earlier step).',
  '2. get_neighbors(variable: var, relation: str) -> variable: the entities linked to the variable by the relation.',
  '3. intersection(variable1: var, variable2: var) -> variable: the entities two variables share; both must be of the same type.',
  '4. get_attributes(variable: var) -> list of attributes: the numeric attributes of a variable, for argmax and argmin.',
  '5. argmax(variable: var, attribute: str) -> variable and 6. argmin(variable: var, attribute: str) -> variable: the entity with the largest or smallest value.',
  '7. count(variable: var) -> int: how many entities a variable holds.',
  'Each result you create gets a number, #0, #1 and so on, that later calls can use. Call exactly one tool per turn, as "Action: get_relations(Some entity)", and reason first on a "Thought:" line.',
  'When a variable holds the answer, reply "Final Answer: #n" with its number. You have at most 15 turns.',
].join('\n');

const ACKNOWLEDGEMENT = 'Understood. Please give me the question.';

interface Domain {
  relation: string;
  type: string;
  secondRelation: string;
  subject: (name: string) => string;
  second: (name: string) => string;
  question: (first: string, second: string) => string;
}

const ADJECTIVES = ['Amber', 'Silent', 'Northern', 'Copper', 'Hollow', 'Bright', 'Winter', 'Scarlet', 'Quiet', 'Iron', 'Velvet', 'Distant'] as const;
const NOUNS = ['Harbor', 'Orchard', 'Lantern', 'Meadow', 'Signal', 'Compass', 'Garden', 'Tide', 'Summit', 'Archive', 'Bridge', 'Forest'] as const;

const DOMAINS: readonly Domain[] = [
  { relation: 'music.album.producer', type: 'music.producer', secondRelation: 'music.record_label.producers', subject: (name) => `${name} (album)`, second: (name) => `${name} Records`, question: (a, b) => `which producer worked on ${a} and is signed to ${b}?` },
  { relation: 'book.written_work.translator', type: 'book.translator', secondRelation: 'book.publisher.translators', subject: (name) => `The ${name}`, second: (name) => `${name} Press`, question: (a, b) => `who translated ${a} and also works for ${b}?` },
  { relation: 'engineering.structure.designer', type: 'engineering.designer', secondRelation: 'engineering.firm.employees', subject: (name) => `${name} Bridge`, second: (name) => `${name} Engineering`, question: (a, b) => `which engineer designed ${a} and works at ${b}?` },
  { relation: 'sports.team.coaches', type: 'sports.coach', secondRelation: 'sports.competition.winning_coaches', subject: (name) => `${name} FC`, second: (name) => `${name} Cup`, question: (a, b) => `which coach of ${a} has won the ${b}?` },
  { relation: 'film.festival.jury_members', type: 'film.person', secondRelation: 'award.category.winners', subject: (name) => `${name} Film Week`, second: (name) => `${name} Documentary Prize`, question: (a, b) => `which jury member of ${a} has received the ${b}?` },
  { relation: 'astronomy.observatory.staff', type: 'astronomy.astronomer', secondRelation: 'astronomy.comet.discoverers', subject: (name) => `${name} Observatory`, second: (name) => `Comet ${name}`, question: (a, b) => `which astronomer on the staff of ${a} discovered ${b}?` },
];

function name(pick: Picker): string {
  return `${pick.one(ADJECTIVES)} ${pick.one(NOUNS)}`;
}

const NOISE = ['common.topic.image', 'common.topic.webpage', 'location.location.containedby', 'base.tagit.concept.tagged', 'type.object.key', 'common.topic.notable_for'];

function call(thought: string, action: string): ShareTurn {
  return agent(`Thought: ${thought}\nAction: ${action}`);
}

function relations(pick: Picker, real: string): string {
  return `Observation: [${pick.shuffled([real, ...pick.some(NOISE, 3)]).join(', ')}]`;
}

/** A question answered by intersecting two neighbor sets. */
function intersect(pick: Picker): { question: string; entities: string[]; turns: ShareTurn[] } {
  const chosen = pick.one(DOMAINS);
  const domain = { ...chosen, subject: chosen.subject(name(pick)), second: chosen.second(name(pick)) };
  const turns: ShareTurn[] = [
    call(`I start from ${domain.subject} and look at its relations.`, `get_relations(${domain.subject})`),
    human(relations(pick, domain.relation)),
    call(`${domain.relation} leads to the people I need.`, `get_neighbors(${domain.subject}, ${domain.relation})`),
    human(`Observation: variable #0, which are instances of ${domain.type}`),
    call(`Now the other side: the relations of ${domain.second}.`, `get_relations(${domain.second})`),
    human(relations(pick, domain.secondRelation)),
    call(`${domain.secondRelation} gives the second set.`, `get_neighbors(${domain.second}, ${domain.secondRelation})`),
    human(`Observation: variable #1, which are instances of ${domain.type}`),
    call('Both variables hold the same type, so their intersection is the answer.', 'intersection(#0, #1)'),
    human(`Observation: variable #2, which are instances of ${domain.type}`),
    agent('Thought: #2 holds the entities that satisfy both conditions.\nFinal Answer: #2'),
  ];
  return { question: domain.question(domain.subject, domain.second), entities: [domain.subject, domain.second], turns };
}

/** A "how many" question answered with count. */
function howMany(pick: Picker): { question: string; entities: string[]; turns: ShareTurn[] } {
  const chosen = pick.one(DOMAINS);
  const domain = { ...chosen, subject: chosen.subject(name(pick)) };
  const turns: ShareTurn[] = [
    call(`The question is about ${domain.subject}; its relations come first.`, `get_relations(${domain.subject})`),
    human(relations(pick, domain.relation)),
    call(`${domain.relation} lists them.`, `get_neighbors(${domain.subject}, ${domain.relation})`),
    human(`Observation: variable #0, which are instances of ${domain.type}`),
    call('Counting #0 answers the question.', 'count(#0)'),
    human(`Observation: variable #1, which is a number`),
    agent('Thought: #1 is the count I was asked for.\nFinal Answer: #1'),
  ];
  return { question: `how many ${domain.type.split('.')[1]}s are linked to ${domain.subject} by ${domain.relation}?`, entities: [domain.subject], turns };
}

/** A kg record. */
export function kgRecord(id: string, question: string, entities: readonly string[], turns: ShareTurn[]): ShareRecord {
  return trajectory(id, [human(KG_PROMPT), agent(ACKNOWLEDGEMENT, false), human(`Question: ${question}\nEntities: [${entities.join(', ')}]`), ...turns]);
}

/** A clean kg trajectory. */
export function kgTrajectory(pick: Picker, id: string): ShareRecord {
  const episode = pick.chance(0.6) ? intersect(pick) : howMany(pick);
  return kgRecord(id, episode.question, episode.entities, episode.turns);
}
