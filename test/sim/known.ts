/**
 * Violation kinds of defects the simulation found in today's engine, each with the defect it
 * points to. Runs that show only these are counted and printed, not failed (SIM_STRICT=1 fails
 * them too); each has a recorded seed in regressions.test.ts. Remove a kind when its fix lands,
 * and the normal run then fails on any seed that still shows it.
 */
export const KNOWN_DEFECTS: Record<string, string> = {
	// None: every kind the simulation found (hang-on-hash, truncated-stash, truncated-publish,
	// published-count, hang-on-request, published-not-done) is fixed; regressions.test.ts keeps
	// their seeds.
};
