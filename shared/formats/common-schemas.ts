import { z } from 'zod';

/** The loss flag as AgentInstruct stores it: true (trained), false (masked, e.g. the "Ok." acknowledgement), null or absent. */
export const LOSS_FLAG_SCHEMA = z.boolean({ error: 'expected true, false or null' }).nullable().optional();

/** A record id: a string, or a number in some datasets (kept as written, read as its decimal text). */
export const ID_SCHEMA = z.union([z.string(), z.number()], { error: 'expected a string or a number' }).optional();
