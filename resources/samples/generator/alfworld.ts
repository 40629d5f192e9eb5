import { agent, human, trajectory, type ShareRecord, type ShareTurn } from './records';
import type { Picker } from './random';
import { OBJECTS, RECEPTACLES } from './words';

/**
 * alfworld trajectories: a household game (docs/domain.md): `THOUGHT: ...` (optional) and
 * `ACTION: <command>` per turn; the environment answers each command.
 */

export const ALFWORLD_PROMPT = [
  'You are playing a text game set in a home. I describe the room and give you a goal; you reach it by sending commands, one per turn.',
  'Commands you can use: go to <place>, open <place>, close <place>, take <object> from <place>, put <object> in/on <place>, clean <object> with <place>, heat <object> with <place>, cool <object> with <place>, use <object>, look, inventory.',
  'Answer in exactly this shape:\nTHOUGHT: what you think\nACTION: the command\nor, when there is nothing to think about, only:\nACTION: the command',
  'Places and objects carry numbers, such as drawer 2; use them as I write them.',
].join('\n');

const ACKNOWLEDGEMENT = 'Understood. I will send one command per turn in that shape.';

interface Room {
  places: string[];
  description: string;
}

function room(pick: Picker): Room {
  const kinds = pick.some(RECEPTACLES, pick.int(5, 8));
  const places = kinds.flatMap((kind) => Array.from({ length: pick.int(1, 3) }, (_unused, index) => `${kind} ${index + 1}`));
  return { places, description: `You stand in a room. Around you are ${places.slice(0, -1).map((place) => `a ${place}`).join(', ')} and a ${places.at(-1)}.` };
}

function act(command: string, thought?: string): ShareTurn {
  return agent(thought === undefined ? `ACTION: ${command}` : `THOUGHT: ${thought}\nACTION: ${command}`);
}

/** One alfworld episode: the goal and the turns that reach it. */
export interface AlfworldEpisode {
  goal: string;
  room: Room;
  turns: ShareTurn[];
}

/** Find an object and put it somewhere. */
function pickAndPlace(pick: Picker): AlfworldEpisode {
  const here = room(pick);
  const object = `${pick.one(OBJECTS)} ${pick.int(1, 3)}`;
  const [first, second, target] = pick.some(here.places, 3);
  const objectName = object.split(' ')[0];
  return {
    goal: `put a ${objectName} in ${target.split(' ')[0]}.`,
    room: here,
    turns: [
      act(`go to ${first}`, `I need a ${objectName}. I will look in ${first} first.`),
      human(`On ${first} there is nothing useful: a ${pick.one(OBJECTS)} ${pick.int(1, 3)}.`),
      act(`go to ${second}`, `No ${objectName} there. ${second} is next.`),
      human(`On ${second} you find a ${object} and a ${pick.one(OBJECTS)} ${pick.int(1, 3)}.`),
      act(`take ${object} from ${second}`),
      human(`You pick up the ${object} from ${second}.`),
      act(`go to ${target}`, `Now I carry the ${objectName} to ${target}.`),
      human(`You reach ${target}. It is empty.`),
      act(`put ${object} in/on ${target}`),
      human(`You place the ${object} in/on ${target}. Well done: the goal is reached.`),
    ],
  };
}

/** Find an object, change its state with an appliance, then place it. */
function transformAndPlace(pick: Picker): AlfworldEpisode {
  const here = room(pick);
  const [verb, appliance] = pick.one([['clean', 'sinkbasin 1'], ['heat', 'microwave 1'], ['cool', 'fridge 1']] as const);
  const object = `${pick.one(['mug', 'plate', 'apple', 'tomato', 'bowl', 'egg'])} ${pick.int(1, 2)}`;
  const objectName = object.split(' ')[0];
  const [source, target] = pick.some(here.places, 2);
  return {
    goal: `${verb} a ${objectName} and put it in ${target.split(' ')[0]}.`,
    room: here,
    turns: [
      act(`go to ${source}`, `First I have to find a ${objectName}; ${source} is a likely place.`),
      human(`On ${source} you find a ${object}.`),
      act(`take ${object} from ${source}`),
      human(`You pick up the ${object} from ${source}.`),
      act(`go to ${appliance}`, `Next I ${verb} it with ${appliance}.`),
      human(`You reach ${appliance}.`),
      act(`${verb} ${object} with ${appliance}`),
      human(`You ${verb} the ${object} using ${appliance}.`),
      act(`go to ${target}`),
      human(`You reach ${target}.`),
      act(`put ${object} in/on ${target}`, `The ${objectName} is ready, so it goes in/on ${target}.`),
      human(`You place the ${object} in/on ${target}. Well done: the goal is reached.`),
    ],
  };
}

export const ALFWORLD_EPISODES = [pickAndPlace, transformAndPlace] as const;

/** An alfworld record for an episode. */
export function alfworldRecord(id: string, episode: AlfworldEpisode): ShareRecord {
  return trajectory(id, [human(ALFWORLD_PROMPT), agent(ACKNOWLEDGEMENT, false), human(`${episode.room.description}\nYour goal: ${episode.goal}`), ...episode.turns]);
}

/** A clean alfworld trajectory of a random kind. */
export function alfworldTrajectory(pick: Picker, id: string): ShareRecord {
  return alfworldRecord(id, pick.one(ALFWORLD_EPISODES)(pick));
}

/** A trajectory stuck in a loop (docs/filters.md, "repetition"): the same command three times. */
export function alfworldLoop(pick: Picker, id: string): ShareRecord {
  const episode = pickAndPlace(pick);
  const place = episode.room.places[0];
  const stuck: ShareTurn[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    stuck.push(act(`open ${place}`, attempt === 0 ? `Maybe the object is inside ${place}.` : `Nothing changed; I will try ${place} again.`));
    stuck.push(human('Nothing happens.'));
  }
  return alfworldRecord(id, { ...episode, turns: [...stuck, ...episode.turns] });
}

/** A malformed trajectory: one turn is prose with no ACTION line. */
export function alfworldMalformed(pick: Picker, id: string): ShareRecord {
  const episode = transformAndPlace(pick);
  const turns = [...episode.turns];
  turns[4] = agent('I think I should walk over to the appliance now and use it.');
  return alfworldRecord(id, { ...episode, turns });
}
