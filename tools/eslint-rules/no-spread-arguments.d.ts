import type { ESLint, Rule } from 'eslint';

/** See no-spread-arguments.js. */
export const noSpreadArguments: Rule.RuleModule;
/** The project's ESLint plugin. */
export const agentmixPlugin: ESLint.Plugin;
