import type { ExportFormat } from './settings';

/** What the snippet needs to know about the exported files. */
export interface AxolotlOptions {
  /** The train file, as the Axolotl config should name it (relative to where Axolotl runs, or absolute). */
  path: string;
  /** The validation file, when there is one. */
  validationPath?: string;
  format: ExportFormat;
  /** Whether a `tools` column holds JSON strings (LLaMA-Factory's form), which Axolotl refuses. */
  hasStringTools: boolean;
}

/** A YAML double-quoted scalar: JSON's string syntax is valid YAML. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** The dataset entry lines (indented under a `- path:` item) for one file. */
function entryLines(path: string, format: ExportFormat): string[] {
  const lines = [`  - path: ${quote(path)}`, '    ds_type: json'];
  if (format === 'llama2-chat') {
    lines.push(
      '    type: completion',
      '    field: text',
      '    # completion trains on the whole text: Axolotl does not read the loss spans of this file.',
      '    # For masked training, export sharegpt or openai instead.',
    );
    return lines;
  }
  lines.push('    type: chat_template');
  if (format === 'openai') {
    lines.push(
      '    field_messages: messages',
      '    message_property_mappings:',
      '      role: role',
      '      content: content',
      '    roles_to_train: ["assistant"]',
      '    # weight 0 masks an assistant message, weight 1 trains it; messages without one follow roles_to_train.',
      '    message_field_training: weight',
    );
  } else {
    lines.push(
      '    field_messages: conversations',
      '    message_property_mappings:',
      '      role: from',
      '      content: value',
      '    roles:',
      '      system: ["system"]',
      '      user: ["human", "user"]',
      '      assistant: ["gpt", "assistant", "function_call"]',
      '      tool: ["observation", "tool"]',
      '    roles_to_train: ["assistant"]',
      '    # AgentInstruct loss flags: false masks a turn, true trains it, null (or none) follows roles_to_train.',
      '    message_field_training: loss',
    );
  }
  lines.push('    train_on_eos: turn');
  return lines;
}

/**
 * An Axolotl `datasets:` YAML snippet that loads an export with its loss flags, following Axolotl's
 * `chat_template` dataset type (docs/dataset-formats/conversation.qmd): `field_messages`,
 * `message_property_mappings`, `roles`, `roles_to_train` and `message_field_training` (a per-message
 * field that, when set, overrides `roles_to_train`: AgentInstruct's `loss`, OpenAI's `weight`).
 * The chat template itself is the model's (`chat_template: tokenizer_default` for Llama-2-chat).
 */
export function axolotlSnippet(options: AxolotlOptions): string {
  const lines = [
    `# Axolotl datasets for the AgentMix export ${options.path} (${options.format}).`,
    '# Paste into your Axolotl config; the chat template comes from the model, e.g. chat_template: tokenizer_default.',
  ];
  if (options.hasStringTools) {
    lines.push(
      "# Note: this export has a `tools` column of JSON strings (LLaMA-Factory's form); Axolotl expects a list of",
      '# objects there and stops with "Unknown tools format". Export openai, or drop the column, to train with Axolotl.',
    );
  }
  lines.push('datasets:');
  for (const line of entryLines(options.path, options.format)) lines.push(line);
  if (options.validationPath !== undefined) {
    lines.push('test_datasets:');
    for (const line of entryLines(options.validationPath, options.format)) lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
