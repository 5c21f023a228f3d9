/**
 * Violation kinds of defects the simulation found in today's engine, each with the defect it
 * points to. Runs that show only these are counted and printed, not failed (SIM_STRICT=1 fails
 * them too); each has a recorded seed in regressions.test.ts. Remove a kind when its fix lands.
 */
export const KNOWN_DEFECTS: Record<string, string> = {};
