import { chatExchanges, shareGptChat } from '../../resources/samples/generator/chat';
import { Picker } from '../../resources/samples/generator/random';

/**
 * A large general shard for scale tests, written by the project: `count` ShareGPT records as JSON
 * Lines, cycling 500 chats from the demo's chat generator (resources/samples/generator) with
 * unique ids `chat_<n>`.
 */
export function chatShard(count: number, seed = 1): string {
  const pick = new Picker(seed, 'scale-chats');
  const base = Array.from({ length: 500 }, (_unused, index) => shareGptChat(`base_${index}`, chatExchanges(pick)).conversations);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) lines.push(JSON.stringify({ id: `chat_${index}`, conversations: base[index % base.length] }));
  return `${lines.join('\n')}\n`;
}
