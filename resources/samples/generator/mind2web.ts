import { agent, human, trajectory, type ShareRecord } from './records';
import type { Picker } from './random';
import { CITIES, COLORS, PRODUCTS } from './words';

/**
 * mind2web records: one step of a web task as multiple choice (docs/domain.md): the page's
 * simplified HTML, the goal, the steps so far and lettered choices; the answer is
 * `Thought: ...`, `Answer: <letter>.` and `Action: CLICK`, or `TYPE`/`SELECT` with `Value: ...`.
 */

/** The element the step needs, and how it is used. */
interface Target {
  element: (id: number) => string;
  operation: 'CLICK' | 'TYPE' | 'SELECT';
  value?: string;
  thought: string;
}

interface Step {
  goal: string;
  history: string[];
  /** null: the page has no element for the step ("None of the above"). */
  target: Target | null;
  thought?: string;
}

/** Elements a page may show that no step here needs. */
const DISTRACTORS: readonly ((id: number) => string)[] = [
  (id) => `<a id=${id}> Gift cards </a>`,
  (id) => `<a id=${id}> Careers </a>`,
  (id) => `<button id=${id}> Sign up for the newsletter </button>`,
  (id) => `<a id=${id}> Help center </a>`,
  (id) => `<span id=${id}> Customer reviews </span>`,
  (id) => `<a id=${id}> Returns policy </a>`,
  (id) => `<button id=${id}> Accept cookies </button>`,
  (id) => `<a id=${id}> Store locator </a>`,
  (id) => `<img id=${id} logo />`,
  (id) => `<a id=${id}> Privacy settings </a>`,
  (id) => `<button id=${id}> Change language </button>`,
  (id) => `<a id=${id}> Deals of the week </a>`,
  (id) => `<div id=${id}> Free shipping over 50 </div>`,
  (id) => `<a id=${id}> Contact us </a>`,
  (id) => `<button id=${id}> Open menu </button>`,
  (id) => `<a id=${id}> Blog </a>`,
];

function flightStep(pick: Picker): Step {
  const [from, to] = pick.some(CITIES, 2);
  const day = pick.one(['next Friday', 'on the 14th', 'this Sunday', 'in two weeks']);
  const goal = pick.one([`Find a one-way flight from ${from} to ${to} ${day}.`, `Look up the cheapest flight from ${from} to ${to} ${day} for one adult.`, `Check flights from ${from} to ${to} ${day}, economy class.`]);
  return pick.chance(0.5)
    ? { goal, history: ['[button] Flights -> CLICK', `[input] Departure city -> TYPE: ${from}`], target: { element: (id) => `<input id=${id} text placeholder="Arrival city" />`, operation: 'TYPE', value: to, thought: `${from} is entered as the departure; the arrival field comes next and takes ${to}.` } }
    : { goal, history: ['[button] Flights -> CLICK', `[input] Departure city -> TYPE: ${from}`, `[input] Arrival city -> TYPE: ${to}`], target: { element: (id) => `<button id=${id}> Show flights </button>`, operation: 'CLICK', thought: `Both ${from} and ${to} are filled in, so the search can run.` } };
}

function cartStep(pick: Picker): Step {
  const product = pick.one(PRODUCTS);
  const color = pick.one(COLORS);
  const goal = pick.one([`Add a ${color} ${product.kind} to the cart.`, `Buy one ${product.kind} in ${color} and go to checkout.`, `Put the ${color} version of the ${product.kind} in my basket.`]);
  return pick.chance(0.5)
    ? { goal, history: [`[input] Search the store -> TYPE: ${product.kind}`, `[link] ${product.kind} -> CLICK`], target: { element: (id) => `<select id=${id} color>`, operation: 'SELECT', value: color, thought: `The ${product.kind} page is open; its color must be set to ${color} first.` } }
    : { goal, history: [`[input] Search the store -> TYPE: ${product.kind}`, `[link] ${product.kind} -> CLICK`, `[select] color -> SELECT: ${color}`], target: { element: (id) => `<button id=${id}> Add to cart </button>`, operation: 'CLICK', thought: `${color} is chosen, so the ${product.kind} can go in the cart.` } };
}

function eventStep(pick: Picker): Step {
  const city = pick.one(CITIES);
  const kind = pick.one(['jazz concert', 'food festival', 'book fair', 'open air cinema', 'marathon']);
  const goal = `Find tickets for a ${kind} in ${city} this month.`;
  return { goal, history: [`[input] Where -> TYPE: ${city}`], target: { element: (id) => `<a id=${id}> ${kind[0].toUpperCase()}${kind.slice(1)}s </a>`, operation: 'CLICK', thought: `The ${kind} category link narrows the listing for ${city}.` } };
}

function offPageStep(pick: Picker): Step {
  const city = pick.one(CITIES);
  const goal = pick.one([`Book a table for ${pick.int(2, 6)} at an Italian restaurant in ${city} tonight.`, `Renew my library card at the ${city} central library.`, `Report a broken street light on my road in ${city}.`]);
  return { goal, history: [], target: null, thought: 'None of the elements on this page can do that, so no choice fits.' };
}

const LETTERS = 'ABCDEFGHIJ';

/** The user turn and the agent turn of a step, with the choices shuffled and numbered. */
function render(pick: Picker, step: Step): [string, string] {
  const ids = pick.shuffled(Array.from({ length: 40 }, (_unused, index) => index + 1));
  const distractors = pick.some(DISTRACTORS, pick.int(3, 5)).map((element, index) => element(ids[index]));
  const targetElement = step.target?.element(ids[10]);
  const choices = pick.shuffled(targetElement === undefined ? distractors : [...distractors, targetElement]);
  const extra = pick.some(DISTRACTORS, 3).map((element, index) => element(ids[20 + index]));
  const body = pick.shuffled([...choices, ...extra]).map((element) => `<div> ${element} </div>`).join(' ');
  const page = `'''\n<html> <body> <header> <a id=0> Home </a> </header> <main> ${body} </main> </body> </html>\n'''`;
  const history = step.history.length === 0 ? 'None' : step.history.join('\n');
  const listed = ['None of the above', ...choices].map((choice, index) => `${LETTERS[index]}. ${choice}`).join('\n');
  const user = `${page}\n\nThe page above is open in the browser. Pick the next step toward this goal.\nGoal: ${step.goal}\nSteps taken so far:\n${history}\nWhich element is next? Choose one of these (A when none fits):\n\n${listed}`;
  if (step.target === null || targetElement === undefined) return [user, `Thought: ${step.thought}\nAnswer: A.`];
  const letter = LETTERS[choices.indexOf(targetElement) + 1];
  const value = step.target.value === undefined ? '' : `\nValue: ${step.target.value}`;
  return [user, `Thought: ${step.target.thought}\nAnswer: ${letter}.\nAction: ${step.target.operation}${value}`];
}

export const MIND2WEB_STEPS = [flightStep, cartStep, eventStep, offPageStep] as const;

/** A mind2web record of a random step. */
export function mind2webTrajectory(pick: Picker, id: string): ShareRecord {
  const [user, answer] = render(pick, pick.one(MIND2WEB_STEPS)(pick));
  return trajectory(id, [human(user), agent(answer)]);
}
