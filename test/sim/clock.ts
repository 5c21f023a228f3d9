/**
 * Simulated time: vitest's fake timers (setTimeout, setInterval, Date) replace the real ones for
 * the engine, the model and the transport alike, and the engine's own `sleep`/`now` options use
 * them too. Real time passes only between steps, where setImmediate (not faked) lets every
 * promise settle before the clock moves on. So a run is a function of its seed.
 */
import { vi } from 'vitest';
import { sleep as abortableSleep } from '../../src/upload/retry';

export const EPOCH = Date.UTC( 2026, 0, 1 );

export function installClock(): void {
	vi.useFakeTimers( { now: EPOCH, toFake: [ 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date' ] } );
}

export function uninstallClock(): void {
	vi.clearAllTimers();
	vi.useRealTimers();
}

/** The engine's `sleep` and `now` options, on the fake clock. */
export const simSleep = ( ms: number, signal?: AbortSignal ): Promise<void> => abortableSleep( ms, signal );
export const simNow = (): number => Date.now();

const realImmediate = setImmediate;

/** Lets every promise chain that can move move, without moving the clock. */
export async function settle(): Promise<void> {
	await new Promise<void>( ( resolve ) => realImmediate( resolve ) );
}

/**
 * Runs the clock from timer to timer until no timer is left or the clock has passed `until`
 * (simulated ms since the epoch), settling promises at each step. Returns whether timers are
 * still pending.
 */
export async function runUntilIdle( until: number, stop: () => boolean = () => false, maxSteps = 50000 ): Promise<boolean> {
	await settle();
	for ( let steps = 0; vi.getTimerCount() > 0; steps++ ) {
		if ( Date.now() > until || stop() || steps > maxSteps ) {
			return true;
		}
		vi.advanceTimersToNextTimer();
		await settle();
	}
	return false;
}
