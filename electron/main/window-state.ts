import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The window's size and place, remembered between runs in a small JSON file in userData. */
const windowStateSchema = z.object({
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
  x: z.int().optional(),
  y: z.int().optional(),
  maximized: z.boolean().default(false),
});

/** A remembered window state. */
export type WindowState = z.infer<typeof windowStateSchema>;

/** The size of the first window. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

/** The state file's path. */
export function windowStatePath(userData: string): string {
  return join(userData, 'window-state.json');
}

/** Reads the remembered state; the default when the file is missing or damaged. */
export function loadWindowState(userData: string): WindowState {
  try {
    return windowStateSchema.parse(JSON.parse(readFileSync(windowStatePath(userData), 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Saves the state (best effort: a read-only profile must not stop the app from closing). */
export function saveWindowState(userData: string, state: WindowState): void {
  try {
    writeFileSync(windowStatePath(userData), JSON.stringify(state));
  } catch {
    // Nothing to do: the next start uses the default size.
  }
}
