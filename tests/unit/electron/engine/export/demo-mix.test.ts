/**
 * The demo's mix (resources/samples/mix-export.recipe.json: its filters, leakage check and η = 0.2)
 * in every export format through its trainers' checkers (./mix-in-every-format.ts); needs no
 * ../shared/data, so a fresh clone checks every writer on every kind of record the demo holds.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../../../../helpers/data';
import { mixInEveryFormat } from './mix-in-every-format';

mixInEveryFormat({
  title: "the demo's mix (resources/samples/mix-export.recipe.json)",
  recipe: () => join(REPO_ROOT, 'resources/samples/mix-export.recipe.json'),
});
