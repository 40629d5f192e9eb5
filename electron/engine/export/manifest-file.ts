import { manifestPathFor } from '../../../shared/export/settings';
import { manifestSchema, type Manifest } from '../../../shared/export/manifest';
import { stableStringify } from '../../../shared/export/stable-json';
import { openAtomicFile, type AtomicFile } from './atomic-file';

/**
 * The bytes of a manifest: validated against its schema (a manifest that does not parse is a bug
 * here, better found now than by the researcher), keys sorted at every depth, two-space indent, `\n`
 * at the end. The same manifest always gives the same text.
 */
export function manifestText(manifest: Manifest): string {
  return `${stableStringify(manifestSchema.parse(manifest), 2)}\n`;
}

/**
 * Writes `<output>.manifest.json` to a temporary file beside it and returns it unrenamed, so the
 * export can rename it right after the outputs it describes (see write-export.ts).
 */
export async function stageManifest(outputPath: string, manifest: Manifest): Promise<AtomicFile> {
  const file = await openAtomicFile(manifestPathFor(outputPath));
  try {
    await file.write(manifestText(manifest));
    await file.finish();
    return file;
  } catch (error) {
    await file.abort();
    throw error;
  }
}
