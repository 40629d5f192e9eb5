import { grammarFor } from '../../../../shared/filters/grammars';
import { labelLines } from '../../../../shared/filters/grammars/label-lines';

/**
 * Splits an assistant turn into its Thought and Action parts (docs/ui.md, "Review desk") when
 * the turn follows its task's action grammar (shared/filters/grammars). The labels per task come
 * from the AgentInstruct prompts (docs/domain.md, "Action syntaxes per task").
 */

/** What a section of an agent turn is. */
export type SectionKind = 'thought' | 'action' | 'answer';

/** One labeled part of an agent turn. */
export interface TurnSection {
  kind: SectionKind;
  /** The label as written (`Think`, `ACTION`, `Final Answer`), or `Thought` for unlabeled prose before the action. */
  label: string;
  text: string;
}

/** The labels of each task, and what each means. */
const TASK_LABELS: Record<string, Record<string, SectionKind>> = {
  os: { Think: 'thought', Act: 'action' },
  db: { Action: 'action', 'Final Answer': 'answer' },
  alfworld: { THOUGHT: 'thought', ACTION: 'action' },
  webshop: { Thought: 'thought', Action: 'action' },
  kg: { Thought: 'thought', Action: 'action', 'Final Answer': 'answer' },
  mind2web: { Thought: 'thought', Answer: 'answer', Action: 'action', Value: 'action' },
};

/** For tasks without a grammar (ReAct data such as FireAct): Thought / Action when both are there. */
const REACT_LABELS: Record<string, SectionKind> = { Thought: 'thought', Action: 'action' };

/**
 * The sections of `text`, or null when it should be shown whole: not an agent turn, or a turn that
 * does not follow its task's grammar (a malformed turn is shown as written).
 */
export function splitTurnSections(text: string, task: string | null, observation = ''): TurnSection[] | null {
  const grammar = grammarFor(task);
  if (grammar !== null && !grammar.parse(text, observation).ok) return null;
  const labels = grammar !== null && task !== null ? TASK_LABELS[task] : REACT_LABELS;
  const found = Object.entries(labels)
    .flatMap(([label, kind]) => labelLines(text, label).map((line) => ({ label, kind, start: line.start, valueStart: line.valueStart })))
    .sort((left, right) => left.start - right.start);
  if (!found.some((section) => section.kind === 'action' || section.kind === 'answer')) return null;
  if (grammar === null && !found.some((section) => section.kind === 'thought')) return null;
  const sections: TurnSection[] = [];
  const preamble = text.slice(0, found[0].start).trim();
  if (preamble !== '') sections.push({ kind: 'thought', label: 'Thought', text: preamble });
  found.forEach((section, index) => {
    const end = index + 1 < found.length ? found[index + 1].start : text.length;
    sections.push({ kind: section.kind, label: section.label, text: text.slice(section.valueStart, end).trim() });
  });
  return sections;
}
