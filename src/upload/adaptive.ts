/**
 * The adaptive chunk size: how big the next chunk of a file should be, decided from how the last
 * chunks went. Pure decisions (no clock, no I/O), so the engine stays readable and the tests fast.
 *
 * Why: a chunk costs a round trip and the server's per-request work on top of its bytes. At 1 MiB
 * that overhead is most of a chunk's time on a fast link (loopback: ~1 MiB per 30 ms of transfer
 * against ~20 ms of fixed cost) and a good share of it on a slow one (80 ms of round trip against
 * 170 ms of transfer at 50 Mbit/s). Bigger chunks cut it, but a failed chunk is sent again whole
 * and the server's limits on a request body are not published. So: start small, grow while the
 * chunks are fast (at most ×8 per chunk, like TCP's slow start), aim at chunks of about `targetMs`,
 * halve after a failure, and never again try a size the server refused as too large.
 *
 * How the engine uses it (see BENCHMARKS.md, "Wiring the adaptive chunk size"): keep an
 * AdaptiveHistory per file, ask nextChunkSize() before each chunk, and record each chunk's
 * outcome with recordAccepted / recordFailed / recordRefused.
 */
import { ApiError, HttpError } from '../api/errors';
import { MiB } from './chunks';

/** A chunk the server accepted: its size and how long its request took, start to answer. */
export interface ChunkOutcome {
	bytes: number;
	ms: number;
}

export interface AdaptiveHistory {
	/** Accepted chunks, oldest first. Not the last chunk of a file: its answer waits for the assembly. */
	readonly accepted: readonly ChunkOutcome[];
	/** Sizes the server refused as too large (HTTP 413, PHP's upload limit …): never tried again. */
	readonly refused: readonly number[];
	/** The size of the chunk that just failed for a passing reason, until a chunk succeeds. */
	readonly failed: number | null;
}

export interface AdaptiveBounds {
	/** The wiki's minuploadchunksize: no chunk but the last may be smaller. */
	min: number;
	/** The largest chunk ever sent (the server's limits on a request body are not published). */
	max: number;
	/** The first chunk's size (the user's chunk size setting). */
	initial: number;
	/** Bytes of the file not yet sent. */
	remaining: number;
}

export interface AdaptiveTuning {
	/** How long a chunk should take: round trips become a small share, a lost chunk stays cheap. */
	targetMs: number;
	/** At most this many times the last chunk's size. */
	growth: number;
	/** The throughput is estimated from this many recent chunks. */
	window: number;
	/** Sizes are whole multiples of this (when above the minimum). */
	align: number;
}

/**
 * 5 s chunks: a round trip plus the server's per-request work (100–300 ms) stays a few percent of
 * a chunk, and a failed chunk costs 5 s of upload. ×8: from 1 MiB to 64 MiB in two steps on a
 * fast link (the throughput estimate, not the growth, bounds it on a slow one). ×4 took three,
 * and on loopback each chunk is written to the stash and read again at the assembly: 100 MiB
 * went as 1, 4, 16, 64 and 15 MiB, one request more than needed (npm run bench, b/c5 0.72).
 */
export const ADAPTIVE_TUNING: AdaptiveTuning = { targetMs: 5000, growth: 8, window: 3, align: 64 * 1024 };

/** The default ceiling: far below any body limit MediaWiki's hosts are known to set for chunked uploads. */
export const MAX_ADAPTIVE_CHUNK = 64 * MiB;

export const EMPTY_HISTORY: AdaptiveHistory = { accepted: [], refused: [], failed: null };

export function recordAccepted( history: AdaptiveHistory, outcome: ChunkOutcome ): AdaptiveHistory {
	return { ...history, accepted: history.accepted.concat( [ outcome ] ).slice( -16 ), failed: null };
}

export function recordFailed( history: AdaptiveHistory, bytes: number ): AdaptiveHistory {
	return { ...history, failed: bytes };
}

export function recordRefused( history: AdaptiveHistory, bytes: number ): AdaptiveHistory {
	return { ...history, refused: history.refused.concat( [ bytes ] ), failed: null };
}

/** The largest size still allowed: the bound, and half of the smallest size ever refused. */
export function ceilingOf( history: AdaptiveHistory, bounds: Pick<AdaptiveBounds, 'min' | 'max'> ): number {
	const floor = Math.max( 1, bounds.min );
	let ceiling = bounds.max;
	history.refused.forEach( ( size ) => {
		ceiling = Math.min( ceiling, Math.floor( size / 2 ) );
	} );
	return Math.max( floor, ceiling );
}

/** The size of the next chunk, in bytes: within [min, ceiling] and never more than what remains. */
export function nextChunkSize( history: AdaptiveHistory, bounds: AdaptiveBounds, tuning: AdaptiveTuning = ADAPTIVE_TUNING ): number {
	const floor = Math.max( 1, bounds.min );
	const ceiling = ceilingOf( history, bounds );
	let size: number;
	if ( history.failed !== null ) {
		// A passing failure: try again with less at stake.
		size = history.failed / 2;
	} else if ( !history.accepted.length ) {
		size = bounds.initial;
	} else {
		const recent = history.accepted.slice( -tuning.window );
		const bytes = recent.reduce( ( n, c ) => n + c.bytes, 0 );
		const ms = Math.max( 1, recent.reduce( ( n, c ) => n + c.ms, 0 ) );
		// Bytes per ms as the chunks saw it, round trips included: it rises as chunks grow, so
		// the size settles where a chunk takes about targetMs.
		const ideal = ( bytes / ms ) * tuning.targetMs;
		const last = recent[ recent.length - 1 ].bytes;
		size = Math.min( ideal, last * tuning.growth );
	}
	if ( size > tuning.align ) {
		size = Math.floor( size / tuning.align ) * tuning.align;
	}
	size = Math.min( ceiling, Math.max( floor, Math.floor( size ) ) );
	// A rest of less than half a chunk goes with this one: one request (a round trip and the
	// server's turn, ~0.25 s on an 80 ms link) fewer, for at most half a chunk more at stake.
	// On the link profile 100 MiB went as 1, 8, 24, 27, 28 and 12 MiB with a quarter.
	if ( bounds.remaining - size < size / 2 && bounds.remaining <= ceiling ) {
		size = bounds.remaining;
	}
	return Math.max( 1, Math.min( size, bounds.remaining ) );
}

/**
 * Whether a chunk's failure says "this request body is too large" (and not a passing fault):
 * HTTP 413 from a proxy or the server, PHP's `upload_max_filesize` (the API's `badupload`), or
 * PHP's `post_max_size`, which MediaWiki answers with its HTML help page (a `bad-response` with
 * status 200) — counted only for a chunk larger than any accepted so far, since a truncated
 * answer looks the same.
 */
export function isSizeRefusal( error: unknown, bytes: number, history: AdaptiveHistory ): boolean {
	if ( error instanceof HttpError ) {
		if ( error.kind === 'status' && error.status === 413 ) {
			return true;
		}
		const largest = history.accepted.reduce( ( n, c ) => Math.max( n, c.bytes ), 0 );
		return error.kind === 'bad-response' && error.status === 200 && bytes > largest;
	}
	return error instanceof ApiError && error.code === 'badupload';
}
