import { agent, human, trajectory, type ShareRecord, type ShareTurn } from './records';
import type { Picker } from './random';
import { BRANDS, COLORS, PRODUCTS } from './words';

/**
 * webshop trajectories: shopping on a simulated store (docs/domain.md): `Thought:` then `Action:`
 * with `search[...]` or `click[...]`. Pages are WebShop-style text with `[SEP]` between fields.
 */

export const WEBSHOP_PROMPT = [
  'You are shopping online for me. I give you what I want; every round you get the page you are on and the actions it allows.',
  'Possible actions:\nsearch[your keywords]\nclick[a button or link that the page shows]',
  'Search only when the page has a search box, and click only what the page lists. Write your turn like this:',
  'Thought:\nI should look for a product that matches.\n\nAction:\nsearch[matching keywords]',
].join('\n');

/** A shopping goal and what satisfies it. */
export interface ShoppingGoal {
  text: string;
  kind: string;
  feature: string;
  color: string;
  size: string;
  budget: number;
}

/** A goal in WebShop's style: lower case, what and how, and a price limit. */
export function shoppingGoal(pick: Picker): ShoppingGoal {
  const product = pick.one(PRODUCTS);
  const feature = pick.one(product.features);
  const color = pick.one(COLORS);
  const size = pick.one(product.sizes);
  const budget = pick.int(2, 12) * 10;
  const sizeText = size === 'one size' ? '' : `, size ${size}`;
  const opening = pick.one(['i need', 'i am looking for', 'find me', 'i want to buy', 'get me']);
  return { text: `${opening} a ${feature} ${product.kind} in ${color}${sizeText}, and price lower than ${budget}.00 dollars`, kind: product.kind, feature, color, size, budget };
}

function productId(pick: Picker): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let id = 'B0';
  for (let index = 0; index < 8; index++) id += letters[pick.int(0, letters.length - 1)];
  return id;
}

function turn(thought: string, action: string): ShareTurn {
  return agent(`Thought:\n${thought}\n\nAction:\n${action}`);
}

interface Listing {
  id: string;
  title: string;
  price: number;
}

function results(pick: Picker, goal: ShoppingGoal, count: number): Listing[] {
  const listings: Listing[] = [];
  for (let index = 0; index < count; index++) {
    const matching = index === 1;
    const title = matching
      ? `${pick.one(BRANDS)} ${goal.feature} ${goal.kind}, ${pick.one(['everyday', 'classic', 'travel', 'studio'])} edition`
      : `${pick.one(BRANDS)} ${pick.one(['basic', 'deluxe', 'compact', 'pro'])} ${goal.kind}`;
    listings.push({ id: productId(pick), title, price: matching ? pick.int(goal.budget / 2, goal.budget - 1) + 0.99 : pick.int(goal.budget - 5, goal.budget * 2) + 0.49 });
  }
  return listings;
}

function resultsPage(goal: ShoppingGoal, page: number, listings: readonly Listing[]): string {
  const items = listings.map((listing) => `${listing.id} [SEP] ${listing.title} [SEP] $${listing.price.toFixed(2)}`).join(' [SEP] ');
  return `Instruction: [SEP] ${goal.text} [SEP] Back to Search [SEP] Page ${page} (Total results: ${listings.length * 8}) [SEP] Next > [SEP] ${items}`;
}

function productPage(goal: ShoppingGoal, listing: Listing): string {
  const sizes = goal.size === 'one size' ? '' : ` [SEP] size [SEP] ${goal.size}`;
  return `Instruction: [SEP] ${goal.text} [SEP] Back to Search [SEP] < Prev [SEP] color [SEP] ${goal.color} [SEP] black${sizes} [SEP] ${listing.title} [SEP] Price: $${listing.price.toFixed(2)} [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now`;
}

/** The usual episode: search, open the matching result, pick the options, buy. */
export function shoppingTurns(pick: Picker, goal: ShoppingGoal, listingCount = 3): ShareTurn[] {
  const listings = results(pick, goal, listingCount);
  const chosen = listings[1];
  const turns: ShareTurn[] = [
    turn(`I will search for a ${goal.feature} ${goal.kind} first.`, `search[${goal.feature} ${goal.kind} ${goal.color}]`),
    human(resultsPage(goal, 1, listings)),
    turn(`${chosen.id} is a ${goal.feature} ${goal.kind} under $${goal.budget}, so I will open it.`, `click[${chosen.id}]`),
    human(productPage(goal, chosen)),
    turn(`The ${goal.color} color is offered; I will choose it.`, `click[${goal.color}]`),
    human(`You have clicked ${goal.color}.`),
  ];
  if (goal.size !== 'one size') turns.push(turn(`Now the size ${goal.size}.`, `click[${goal.size}]`), human(`You have clicked ${goal.size}.`));
  turns.push(turn('Everything matches the request, so I will buy it.', 'click[Buy Now]'));
  return turns;
}

/** A webshop record for a goal and its turns. */
export function webshopRecord(id: string, goal: ShoppingGoal, turns: ShareTurn[]): ShareRecord {
  return trajectory(id, [human(WEBSHOP_PROMPT), agent('Ok.', false), human(`WebShop [SEP] Instruction: [SEP] ${goal.text} [SEP] Search`), ...turns]);
}

/** A clean webshop trajectory. */
export function webshopTrajectory(pick: Picker, id: string): ShareRecord {
  const goal = shoppingGoal(pick);
  return webshopRecord(id, goal, shoppingTurns(pick, goal));
}

/** A trajectory whose agent refuses in one turn (docs/filters.md, "refusal"), still well formed. */
export function webshopRefusal(pick: Picker, id: string): ShareRecord {
  const goal = shoppingGoal(pick);
  const turns = shoppingTurns(pick, goal);
  turns.splice(
    2,
    0,
    turn("I'm sorry, but I cannot compare these prices with other stores for you. I will keep to the results on this page.", 'click[Next >]'),
    human(resultsPage(goal, 2, results(pick, goal, 3))),
    turn('The first page had a better match; I will go back to it.', 'click[< Prev]'),
    human(turns[1].value),
  );
  return webshopRecord(id, goal, turns);
}
