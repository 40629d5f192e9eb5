/** The real mix in every export format through its trainers' checkers (./mix-in-every-format.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from '../../../../helpers/data';
import { describeWithData, itWithData } from '../../../../helpers/with-data';
import { CONVERSATION_FILES } from '../../../shared/formats/data-values';
import { mixInEveryFormat } from './mix-in-every-format';

mixInEveryFormat({
  title: 'the real mix (every conversation file of ../shared/data, default filters, η = 0.2)',
  recipe: (folder) => {
    const recipe = join(folder, 'real-mix.recipe.json');
    writeFileSync(recipe, JSON.stringify({ sources: Object.keys(CONVERSATION_FILES).map((path) => ({ path: dataFile(path) })), mix: { agentShare: 0.2 } }));
    return recipe;
  },
  describe: describeWithData,
  it: itWithData,
});
