import { describe, it } from 'vitest';
import { HAVE_SHARED_DATA } from './data';

/**
 * vitest's suite and test, skipped when `../shared/data` is absent (tests/helpers/data.ts). A
 * skipped suite's body still runs to collect its tests, so read the data in `beforeAll` or in the
 * tests, never in the body itself.
 */
export const describeWithData = describe.skipIf(!HAVE_SHARED_DATA);

/** A test that reads `../shared/data`, skipped when the folder is absent. */
export const itWithData = it.skipIf(!HAVE_SHARED_DATA);
