import type { Picker } from './random';
import { CAPITALIZED_PEOPLE, CITIES } from './words';

/**
 * General chat topics for the demo's ShareGPT and OpenAI records: each fills a question and an
 * answer from its own phrases, so two chats rarely share a run of five words (near-duplicate
 * dedup must find only the planted copies).
 */

export interface Exchange {
  question: string;
  answer: string;
}

export interface Topic {
  name: string;
  exchange(pick: Picker): Exchange;
}

const DISHES = ['lentil soup', 'mushroom risotto', 'chickpea curry', 'banana bread', 'vegetable lasagna', 'fish tacos', 'pumpkin gnocchi', 'miso ramen', 'shakshuka', 'apple crumble'] as const;
const INGREDIENTS = ['smoked paprika', 'fresh thyme', 'a splash of lemon juice', 'toasted cumin seeds', 'grated parmesan', 'a spoon of miso', 'chopped dill', 'brown butter'] as const;
const LANGUAGES = ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'Kotlin'] as const;
const PLANTS = ['basil', 'tomatoes', 'lavender', 'strawberries', 'mint', 'chili peppers', 'courgettes', 'rosemary'] as const;
const SKILLS = ['public speaking', 'touch typing', 'sketching', 'chess openings', 'sourdough baking', 'juggling', 'bird watching'] as const;

/** Sentences of an answer: an opening, `count` body sentences drawn without repeats, a closing. */
function compose(pick: Picker, opening: string, body: readonly ((pick: Picker) => string)[], count: number, closing: readonly string[]): string {
  const sentences = pick.some(body, Math.min(count, body.length)).map((sentence) => sentence(pick));
  const paragraphs: string[] = [opening];
  for (let index = 0; index < sentences.length; index += 2) paragraphs.push(sentences.slice(index, index + 2).join(' '));
  paragraphs.push(pick.one(closing));
  return paragraphs.join('\n\n');
}

const cooking: Topic = {
  name: 'cooking',
  exchange(pick) {
    const dish = pick.one(DISHES);
    const guests = pick.int(2, 10);
    const question = pick.one([
      `How do I make ${dish} for ${guests} people without it turning out bland?`,
      `I am cooking ${dish} tonight for ${guests}. Any tips so it tastes better than last time?`,
      `What is a good way to prepare ${dish} ahead of time for a dinner with ${guests} friends?`,
    ]);
    const body = [
      () => `Season in layers: a pinch of salt early on brings out more flavour than a lot of salt at the end.`,
      (p: Picker) => `Try adding ${p.one(INGREDIENTS)}; it lifts ${dish} without hiding the main ingredients.`,
      (p: Picker) => `For ${guests} people, plan on roughly ${p.int(150, 320)} grams of the main ingredient per person.`,
      () => `Taste it twice while it cooks and once right before serving, adjusting acid and salt each time.`,
      () => `A wide pan helps: more surface means better browning, and browning is where much of the taste comes from.`,
      (p: Picker) => `If you prepare it the day before, keep it in the fridge and warm it gently for about ${p.int(10, 25)} minutes.`,
      () => `Fresh herbs go in at the very end so they stay green and fragrant.`,
      () => `Let it rest for a few minutes off the heat; flavours settle and the texture improves.`,
    ];
    return { question, answer: compose(pick, `Good choice. Here is how I would approach ${dish}:`, body, pick.int(3, 5), ['Enjoy the dinner!', 'Have fun cooking, and adjust to your own taste.', 'Your guests will be happy.']) };
  },
};

const travel: Topic = {
  name: 'travel',
  exchange(pick) {
    const city = pick.one(CITIES);
    const days = pick.int(2, 6);
    const question = pick.one([
      `I have ${days} days in ${city} in ${pick.one(['April', 'June', 'September', 'November'])}. How should I plan them?`,
      `What should a first-time visitor see in ${city} with only ${days} days?`,
      `Can you sketch a relaxed ${days}-day plan for ${city} that avoids the busiest spots?`,
    ]);
    const body = [
      () => `Spend the first morning walking the old centre of ${city}; it gives you a feel for distances.`,
      () => `Book anything with timed entry a few days ahead, especially for weekends.`,
      (p: Picker) => `A day pass for local transport usually pays for itself after about ${p.int(3, 5)} rides.`,
      () => `Keep one afternoon free; the best discoveries often come from wandering without a list.`,
      () => `Markets are liveliest early, so go before ten if you want to see them at their best.`,
      (p: Picker) => `With ${days} days you can fit in one trip outside the city, ideally on day ${p.int(2, days)}.`,
      () => `Eat where people who live there eat: side streets a few blocks from the main square are a good bet.`,
      () => `Pack a light layer; evenings by the water can be cooler than the forecast suggests.`,
    ];
    return { question, answer: compose(pick, `${city} is a great pick. A plan for ${days} days:`, body, pick.int(3, 5), ['Have a wonderful trip!', 'Enjoy it, and leave room for surprises.', 'Safe travels.']) };
  },
};

const programming: Topic = {
  name: 'programming',
  exchange(pick) {
    const language = pick.one(LANGUAGES);
    const task = pick.one(['read a large CSV file line by line', 'retry a failing HTTP request with backoff', 'remove duplicates from a list while keeping order', 'parse dates in several formats', 'measure how long a function takes']);
    const question = pick.one([`In ${language}, what is a clean way to ${task}?`, `How would you ${task} in ${language}? I keep writing messy code for it.`, `Best practice to ${task} using ${language}?`]);
    const code = pick.one([
      'for record in stream(path):\n    handle(record)',
      'result = []\nseen = set()\nfor item in items:\n    if item not in seen:\n        seen.add(item)\n        result.append(item)',
      'for attempt in range(5):\n    try:\n        return fetch(url)\n    except TimeoutError:\n        sleep(2 ** attempt)',
    ]);
    const body = [
      () => `Keep the logic in a small function with a clear name, so it is easy to test on its own.`,
      () => `Write a test with one tricky input first; it tells you quickly when the approach is wrong.`,
      () => `Prefer the standard library where it covers the case; it is well tested and familiar to readers.`,
      (p: Picker) => `On large inputs, stream instead of loading everything: memory stays flat even at ${p.int(2, 50)} GB.`,
      () => `Handle the error you expect explicitly and let unexpected ones surface with a clear message.`,
      () => `Log enough context to understand a failure later, but never secrets or personal data.`,
    ];
    const prose = compose(pick, `In ${language} I would keep it simple. The shape of it, in pseudocode:`, body, pick.int(2, 4), ['Adapt the names to your code base.', 'That should keep it readable.', 'Hope this helps.']);
    const [opening, ...rest] = prose.split('\n\n');
    return { question, answer: [opening, `\`\`\`\n${code}\n\`\`\``, ...rest].join('\n\n') };
  },
};

const gardening: Topic = {
  name: 'gardening',
  exchange(pick) {
    const plant = pick.one(PLANTS);
    const place = pick.one(['a north-facing balcony', 'a small backyard', 'a sunny windowsill', 'raised beds', 'pots on a rooftop']);
    const question = pick.one([`Can I grow ${plant} on ${place}?`, `My ${plant} on ${place} keep wilting. What am I doing wrong?`, `When should I plant ${plant} if I only have ${place}?`]);
    const body = [
      (p: Picker) => `${plant[0].toUpperCase() + plant.slice(1)} want around ${p.int(4, 8)} hours of light a day; fewer makes them leggy.`,
      () => `Water deeply and less often rather than a little every day, so the roots grow down.`,
      () => `Check the soil with a finger: if the top few centimetres are dry, it is time to water.`,
      () => `A layer of mulch keeps moisture in on hot days and protects the roots.`,
      () => `Pots need drainage holes; standing water rots roots faster than drought harms them.`,
      (p: Picker) => `Feed with a mild fertiliser every ${p.int(2, 4)} weeks during the growing season.`,
      () => `Pinch off the first flowers on young plants to push growth into leaves and roots.`,
    ];
    return { question, answer: compose(pick, `Yes, with a little care. For ${plant} on ${place}:`, body, pick.int(3, 5), ['Good luck with the garden!', 'They should pick up within a week or two.', 'Happy growing.']) };
  },
};

const learning: Topic = {
  name: 'learning',
  exchange(pick) {
    const skill = pick.one(SKILLS);
    const minutes = pick.int(10, 60);
    const question = pick.one([`I want to get better at ${skill} but only have ${minutes} minutes a day. Where do I start?`, `How long does it take to become decent at ${skill}?`, `What is an efficient practice routine for ${skill}?`]);
    const body = [
      () => `Short daily practice beats a long weekly session; your memory consolidates between sessions.`,
      () => `Pick one narrow thing per week instead of trying to improve everything at once.`,
      () => `Record yourself or keep notes, so you can see progress that is hard to notice day to day.`,
      (p: Picker) => `Most people notice a real difference after about ${p.int(3, 10)} weeks of steady practice.`,
      () => `Find someone slightly better than you to learn with; feedback speeds things up enormously.`,
      () => `Stop each session while it still feels good; it makes the next one easier to start.`,
    ];
    return { question, answer: compose(pick, `${minutes} minutes a day is plenty to make progress in ${skill}.`, body, pick.int(3, 5), ['You will get there.', 'Enjoy the process.', 'Keep at it!']) };
  },
};

const writing: Topic = {
  name: 'writing',
  exchange(pick) {
    const person = pick.one(CAPITALIZED_PEOPLE);
    const occasion = pick.one(['leaving the team', 'a work anniversary', 'finishing a long project', 'a promotion', 'retirement']);
    const question = pick.one([`Help me write a short card for my colleague ${person}, who is celebrating ${occasion}.`, `What should I say in a message to ${person} about ${occasion}? Keep it warm but short.`]);
    const lines = [
      `Dear ${person},`,
      pick.one([`Congratulations on ${occasion}!`, `What a milestone: ${occasion}.`, `A big cheer for ${occasion}!`]),
      pick.one(['Working with you has made hard weeks easier and good weeks better.', 'Your patience and good humour have taught me more than any training.', 'The team owes a lot of its calm to you.']),
      pick.one(['I hope the next chapter brings you as much joy as you brought us.', 'Here is to many more good things ahead.', 'Enjoy every bit of it, you earned it.']),
      pick.one(['Warm wishes,', 'All the best,', 'With thanks,']),
    ];
    return { question, answer: `Here is a short message you could use:\n\n${lines.join('\n')}\n\nFeel free to add a memory you share with ${person}; a personal detail makes it land.` };
  },
};

const arithmetic: Topic = {
  name: 'arithmetic',
  exchange(pick) {
    const price = pick.int(20, 400);
    const discount = pick.one([10, 15, 20, 25, 30]);
    const tax = pick.one([5, 8, 12, 20]);
    const discounted = (price * (100 - discount)) / 100;
    const total = (discounted * (100 + tax)) / 100;
    return {
      question: `An item costs ${price} euros. It is ${discount}% off, and then ${tax}% sales tax is added. What do I pay?`,
      answer: [
        `Step by step:`,
        `1. Discount: ${price} × ${discount}% = ${((price * discount) / 100).toFixed(2)}, so the reduced price is ${discounted.toFixed(2)} euros.`,
        `2. Tax: ${discounted.toFixed(2)} × ${tax}% = ${((discounted * tax) / 100).toFixed(2)} euros.`,
        `3. Total: ${discounted.toFixed(2)} + ${((discounted * tax) / 100).toFixed(2)} = ${total.toFixed(2)} euros.`,
        `You pay ${total.toFixed(2)} euros. Applying the discount before the tax is the usual order; the other way round gives the same result here, because both are multiplications.`,
      ].join('\n'),
    };
  },
};

export const TOPICS: readonly Topic[] = [cooking, travel, programming, gardening, learning, writing, arithmetic];

/** A follow-up question and answer that continues a chat on any topic. */
export function followUp(pick: Picker): Exchange {
  return pick.one([
    { question: 'Thanks! Could you make that shorter, in three bullet points?', answer: '- Start small and keep it simple.\n- Check the result early and adjust.\n- Leave some room for the unexpected.' },
    { question: 'What is the most common mistake people make with this?', answer: 'Doing too much at once. People change several things together and then cannot tell which change helped; change one thing, look at the result, then go on.' },
    { question: `Would that still work for someone in ${pick.one(CITIES)}?`, answer: 'Yes. Nothing here depends on where you live; only the timing might shift with the local season and opening hours.' },
    { question: 'Great, and how much time should I set aside for it?', answer: `Plan on about ${pick.int(2, 5)} hours the first time. It gets quicker once the steps are familiar.` },
  ]);
}
