/** A path on disk and the way the recipe (and so the manifest) writes it. */
export interface ExportPath {
  /** Where to write (absolute, or relative to the working folder). */
  file: string;
  /** As the recipe writes it, relative to the recipe: what the manifest shows. */
  shown: string;
}
