import packageJson from '../../../package.json' with { type: 'json' };

/** The app's name and version as the manifest records them (docs/recipe.md, "Export": the version is package.json's). */
export interface AppInfo {
  name: string;
  version: string;
}

/**
 * This build's name and version, from package.json: imported as JSON so that the Electron bundle
 * carries it (the file is not beside the bundle at run time) and tsx reads it from source.
 */
export function appInfo(): AppInfo {
  return { name: packageJson.name, version: packageJson.version };
}
