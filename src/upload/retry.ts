/** When to try again: pure decisions, so the engine's loops stay readable and tests stay fast. */
import { AbortError } from '../api/errors';

/**
 * Waits before attempts 1, 2, 3 …; after the last one the failure is the user's to see. Short
 * at first (most faults of a flaky link pass at once), then backing off to a minute, about two
 * minutes of patience in all before the user is asked.
 */
export const RETRY_DELAYS_MS = [ 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000 ];

/** The wait before attempt number `attempt` (1-based), or null when there is no attempt left. */
export function retryDelay( attempt: number, delays: readonly number[] = RETRY_DELAYS_MS ): number | null {
	return attempt >= 1 && attempt <= delays.length ? delays[ attempt - 1 ] : null;
}

/**
 * How often to ask the server about asynchronous work: soon at first (a job often runs at
 * once), then less often, every 5 s at most.
 */
export function pollDelay( poll: number ): number {
	return Math.min( 200 * Math.pow( 1.5, poll ), 5000 );
}

/** A wait that ends early, with AbortError, when the signal fires. */
export function sleep( ms: number, signal?: AbortSignal ): Promise<void> {
	return new Promise( ( resolve, reject ) => {
		if ( signal?.aborted ) {
			reject( new AbortError() );
			return;
		}
		const onAbort = () => {
			clearTimeout( timer );
			reject( new AbortError() );
		};
		const timer = setTimeout( () => {
			signal?.removeEventListener( 'abort', onAbort );
			resolve();
		}, ms );
		signal?.addEventListener( 'abort', onAbort, { once: true } );
	} );
}

/**
 * A sleep that can also be cut short (`wake`, "retry now"): either way its timer ends with it,
 * and the run's `signal` still rejects it with AbortError.
 */
export function wakeableSleep( sleeper: ( ms: number, signal: AbortSignal ) => Promise<void>, ms: number, signal: AbortSignal ): { done: Promise<void>; wake(): void } {
	const own = new AbortController();
	const stop = () => own.abort();
	if ( signal.aborted ) {
		stop();
	}
	signal.addEventListener( 'abort', stop );
	let wake: () => void = () => undefined;
	const done = new Promise<void>( ( resolve, reject ) => {
		wake = resolve;
		sleeper( ms, own.signal ).then( resolve, reject );
	} ).finally( () => {
		signal.removeEventListener( 'abort', stop );
		// Woken early: the sleep's timer goes now (its rejection comes after `done` resolved).
		own.abort();
	} );
	return { done, wake };
}
