import { trains } from '../../../../shared/schema/conversation';
import type { TurnData } from '../../api/types';

/**
 * Whether the trainer learns from a turn (AgentInstruct `loss`, OpenAI `weight`): "trained" or
 * "masked", and "by default" when the record sets no flag (an assistant turn then trains).
 */
export function LossBadge({ turn }: { turn: TurnData }): React.JSX.Element {
  const trained = trains(turn);
  const label = trained ? 'trained' : 'masked';
  const origin = turn.loss === null ? ' (default)' : '';
  const title = turn.loss === null
    ? `No loss flag: ${turn.role === 'assistant' ? 'assistant turns train by default' : 'only assistant turns train'}`
    : `loss: ${String(turn.loss)}`;
  return (
    <span className={`badge loss-${label}`} title={title} data-testid="loss-badge">
      {label}
      {origin}
    </span>
  );
}
