/** A YAML double-quoted scalar: JSON's string syntax is valid YAML. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** A LLaMA-Factory v1 dataset config naming one dataset (LLaMA-Factory's v1 `dataset_info.yaml` form). */
export function v1DatasetYaml(name: string, entry: Readonly<Record<string, unknown>>, shown: string): string {
  const body = Object.entries(entry).map(([key, value]) => `  ${key}: ${typeof value === 'string' ? yamlString(value) : JSON.stringify(value)}`);
  return `# LLaMA-Factory v1 dataset config for ${shown}: pass this file as dataset.\n${name}:\n${body.join('\n')}\n`;
}
