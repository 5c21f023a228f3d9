/**
 * Violation kinds of defects the simulation found in today's engine, each with the defect it
 * points to. Runs that show only these are counted and printed, not failed (SIM_STRICT=1 fails
 * them too); each has a recorded seed in regressions.test.ts. Remove a kind when its fix lands,
 * and the normal run then fails on any seed that still shows it.
 */
export const KNOWN_DEFECTS: Record<string, string> = {
	// (a) transfer.ts findLostEntry() awaits options.hash() with no bound: a hash that never
	// settles (the one worker stuck on an earlier file) holds the job and its slot for ever.
	'hang-on-hash': 'a lost answer waits for a hash that never comes',
	// (b) a file above maxuploadsize sent before the site info came: file-too-large answered by
	// chunks, filesize clamped, a truncated file assembled (and, via async Poll, published).
	'truncated-stash': 'a clamped upload leaves a truncated file in the stash',
	'truncated-publish': 'a clamped upload publishes a truncated file',
	'published-count': 'a file shown as done is not on the wiki with its bytes',
	// (c) the commit (wikiApi NO_TIMEOUT, no idleTimeoutMs) and the last chunk (no idle timeout)
	// wait for ever on a stalled connection.
	'hang-on-request': 'a stalled commit or last chunk waits for ever',
	// (d) queue.ts sendCommit(): a published file shown as failed when the lost answer's
	// recovery cannot confirm it (look-up failed, no user name yet, or a later attempt).
	'published-not-done': 'a published file is shown as failed or cancelled'
};
