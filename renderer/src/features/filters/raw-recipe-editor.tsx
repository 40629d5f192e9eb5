import { Editor } from '@monaco-editor/react';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import { useEffect, useState } from 'react';
import recipeJsonSchema from '../../../../resources/recipe.schema.json';
import { useAppServices } from '../../app/api-context';
import '../editor/monaco-setup';
import type { FilterSettingsValue } from './threshold-controls';

/** The model path the recipe's JSON Schema is bound to. */
const MODEL_PATH = 'agentmix://recipe/current.recipe.json';

// The recipe's JSON Schema (generated from shared/recipe/schema.ts) marks bad fields inline.
jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, schemaValidation: 'error', schemaRequest: 'ignore', schemas: [{ uri: 'agentmix://recipe.schema.json', fileMatch: [MODEL_PATH], schema: recipeJsonSchema }] });

/**
 * The current recipe as JSON in Monaco, checked against the recipe's JSON Schema as it is typed;
 * **Apply filters** sends its `filters` section through the same live re-judge as the controls.
 */
export function RawRecipeEditor({ version, onApply }: { version: number; onApply(filters: FilterSettingsValue): void }): React.JSX.Element {
  const { client } = useAppServices();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    client.call('recipe.text', {}).then(
      (result) => active && setText(result.text),
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, version]);
  const apply = (): void => {
    try {
      const value = JSON.parse(text ?? '') as { filters?: unknown };
      if (value.filters === null || typeof value.filters !== 'object') throw new Error('the recipe has no "filters" object');
      setError(null);
      onApply(value.filters as FilterSettingsValue);
    } catch (caught) {
      setError(`Cannot apply: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  };
  return (
    <section className="raw-recipe" aria-label="Raw recipe" data-testid="raw-recipe">
      <div className="raw-recipe-bar">
        <button type="button" onClick={apply} disabled={text === null}>
          Apply filters
        </button>
        {error !== null && <span className="error" role="alert">{error}</span>}
      </div>
      {text !== null && <Editor height="420px" language="json" path={MODEL_PATH} value={text} onChange={(next) => setText(next ?? '')} options={{ minimap: { enabled: false }, wordWrap: 'on' }} />}
    </section>
  );
}
