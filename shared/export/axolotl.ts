import { formatSpec, type ExportFormat } from './formats/index';

/** What the snippet needs to know about the exported files. */
export interface AxolotlOptions {
  format: ExportFormat;
  /** The train file, as Axolotl must name it: absolute, or relative to {@link AxolotlOptions.base}. */
  path: string;
  /** The validation file, when there is one, named the same way. */
  validationPath?: string;
  /** The folder Axolotl runs from, when the user named one (the paths are then relative to it). */
  base?: string;
}

/**
 * An Axolotl `datasets:` YAML snippet for an export (Axolotl's dataset-format documentation), from
 * the format's spec: `chat_template` entries with the role mappings and the per-message training
 * field, `completion` for text, no type for pre-tokenized records. Paths resolve from where Axolotl
 * runs: absolute, or relative to the base the user named. Null when Axolotl does not read the format.
 */
export function axolotlSnippet(options: AxolotlOptions): string | null {
  const entry = formatSpec(options.format).axolotl;
  if (typeof entry !== 'function') return null;
  const where = options.base === undefined ? 'Paths are absolute.' : `Paths are relative to ${options.base}: run Axolotl from there.`;
  const lines = [
    `# Axolotl datasets for the AgentMix export ${options.path} (${options.format}). ${where}`,
    '# Paste into your Axolotl config; the chat template comes from the model, e.g. chat_template: tokenizer_default.',
    'datasets:',
  ];
  for (const line of entry(options.path)) lines.push(line);
  if (options.validationPath !== undefined) {
    lines.push('test_datasets:');
    for (const line of entry(options.validationPath)) lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
