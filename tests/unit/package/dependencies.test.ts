import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/data';

/**
 * package.json's dependency groups say what ships (docs/packaging.md): `dependencies` are exactly
 * the npm packages the compiled engine and shell import at run time (electron-builder packs those
 * and only those into the app); everything Vite bundles (the renderer's React, Monaco, AG Grid,
 * Dexie, uPlot) and every tool is a devDependency.
 */
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; engines: { node: string } };

/** The packages a folder of built JavaScript imports (bare specifiers, not Node built-ins). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(m|c)?js$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']((?:@[\w.-]+\/)?[a-z][\w.-]*(?:\/[\w.-]+)*|node:[\w/]+)["']/g)) {
      const specifier = match[1];
      if (isBuiltin(specifier)) continue;
      names.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  }
  return names;
}

describe('dependency groups', () => {
  it('dependencies are exactly what the compiled engine and the shell import', () => {
    const engine = importedPackages(join(REPO_ROOT, 'out/engine'));
    const shell = importedPackages(join(REPO_ROOT, 'out/main'));
    shell.delete('electron');
    expect([...new Set([...engine, ...shell])].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    // The preload is sandboxed: it may require electron and nothing else.
    expect([...importedPackages(join(REPO_ROOT, 'out/preload'))]).toEqual(['electron']);
  });

  it('the renderer packages and the toolchain are devDependencies', () => {
    for (const name of ['react', 'react-dom', 'monaco-editor', '@monaco-editor/react', 'ag-grid-community', 'ag-grid-react', 'dexie', 'uplot', 'tsx', 'electron', 'electron-builder', 'vite']) {
      expect(manifest.devDependencies, name).toHaveProperty(name);
      expect(manifest.dependencies, name).not.toHaveProperty(name);
    }
  });
});

describe('Node versions', () => {
  it('engines names the Node lines with require(esm), which the Electron toolchain needs', () => {
    expect(manifest.engines.node).toBe('^20.19.0 || >=22.12.0');
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major === 20 ? minor >= 19 : major > 22 || (major === 22 && minor >= 12), `Node ${process.versions.node}`).toBe(true);
  });

  it('the ES-module-only Electron toolchain (declared for Node 22.12) loads on this Node through require, as its CommonJS users load it', () => {
    // electron's own install.js requires @electron/get; app-builder-lib requires @electron/rebuild (which uses node-abi).
    const fromElectron = createRequire(join(REPO_ROOT, 'node_modules/electron/install.js'));
    expect(typeof fromElectron('@electron/get').downloadArtifact).toBe('function');
    const fromBuilder = createRequire(join(REPO_ROOT, 'node_modules/app-builder-lib/package.json'));
    expect(typeof fromBuilder('@electron/rebuild').rebuild).toBe('function');
    expect(typeof createRequire(fromBuilder.resolve('@electron/rebuild'))('node-abi').getAbi).toBe('function');
  });
});
