import type { OpenAiRecord, ShareRecord, ShareTurn } from './records';
import type { Picker } from './random';
import { followUp, TOPICS, type Exchange } from './chat-topics';

/** General chat records (ShareGPT and OpenAI forms) and their deliberately bad variants. */

/** The exchanges of one chat: one to three, the later ones follow-ups. */
export function chatExchanges(pick: Picker): Exchange[] {
  const exchanges = [pick.one(TOPICS).exchange(pick)];
  const followUps = pick.int(0, 2);
  const used = new Set<string>();
  for (let index = 0; index < followUps; index++) {
    const next = followUp(pick);
    if (used.has(next.question)) continue;
    used.add(next.question);
    exchanges.push(next);
  }
  return exchanges;
}

/** A ShareGPT record (FastChat's `human`/`gpt` turns). */
export function shareGptChat(id: string, exchanges: readonly Exchange[]): ShareRecord {
  const conversations: ShareTurn[] = exchanges.flatMap((exchange) => [
    { from: 'human' as const, value: exchange.question },
    { from: 'gpt' as const, value: exchange.answer },
  ]);
  return { id, conversations };
}

/** An OpenAI `messages` record, with an optional system message. */
export function openAiChat(id: string, exchanges: readonly Exchange[], system?: string): OpenAiRecord {
  const messages: OpenAiRecord['messages'] = system === undefined ? [] : [{ role: 'system', content: system }];
  for (const exchange of exchanges) messages.push({ role: 'user', content: exchange.question }, { role: 'assistant', content: exchange.answer });
  return { id, messages };
}

/** A chat whose answer refuses (docs/filters.md, "refusal"). */
export function refusingChat(id: string): ShareRecord {
  return shareGptChat(id, [
    {
      question: 'My knee has hurt for two weeks when I climb stairs. What is wrong with it and which pills should I take?',
      answer: 'As an AI language model, I cannot examine you or tell you which medicine to take. A knee that has hurt for two weeks is worth showing to a doctor or a physiotherapist, who can look at it properly.',
    },
  ]);
}

/** A chat that repeats the same paragraph (the Gopher rules of docs/filters.md, "repetition"). */
export function repeatingChat(id: string): ShareRecord {
  const paragraph = 'Remember to drink enough water during the day, because staying hydrated helps your focus, your mood and your energy when the afternoon gets long.';
  return shareGptChat(id, [{ question: 'Give me one tip for staying productive in the afternoon.', answer: [paragraph, paragraph, paragraph, paragraph, 'That is my main tip.'].join('\n\n') }]);
}

/** A chat that ends with the user's question unanswered (docs/filters.md, "structure"). */
export function unansweredChat(pick: Picker, id: string): ShareRecord {
  const [exchange] = chatExchanges(pick);
  const record = shareGptChat(id, [exchange]);
  record.conversations.push({ from: 'human', value: 'And one more thing: could you say that again in simpler words?' });
  return record;
}

/** An OpenAI record where the assistant calls a tool and answers from its result. */
export function toolCallChat(id: string, city: string, temperature: number): OpenAiRecord {
  const call = { id: 'call_demo_weather', type: 'function' as const, function: { name: 'get_weather', arguments: JSON.stringify({ city, unit: 'celsius' }) } };
  return {
    id,
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The current weather in a city.',
          parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
        },
      },
    ],
    messages: [
      { role: 'system', content: 'You are a helpful assistant. Use the tools when they can answer better than you can.' },
      { role: 'user', content: `Do I need a coat in ${city} right now?` },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ city, temperature, unit: 'celsius', conditions: 'light rain' }) },
      { role: 'assistant', content: `It is ${temperature} °C with light rain in ${city}, so yes: take a coat, ideally a waterproof one.` },
    ],
  };
}

/**
 * A copy of a ShareGPT chat with `edits` words left out of its first answer: a near duplicate
 * (docs/dedup-and-leakage.md), shorter than the original so that dedup keeps the original.
 */
export function nearCopy(pick: Picker, record: ShareRecord, id: string, edits: number): ShareRecord {
  const conversations = record.conversations.map((turn) => ({ ...turn }));
  // The first answer is the chat's own; later ones may be follow-ups shared with other chats (templates).
  const turn = conversations[1];
  for (let edit = 0; edit < edits; edit++) {
    const words = turn.value.split(' ');
    words.splice(pick.int(1, words.length - 2), 1);
    turn.value = words.join(' ');
  }
  return { id, conversations };
}
