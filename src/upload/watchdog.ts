/**
 * A run's last resort against waiting for ever: it fires when the run has shown no sign of life
 * (no request started or answered, no progress, no change of state, no wait ended) for
 * STALL_LIMIT_MS. Every wait of a run has a bound of its own; this catches the one that was
 * missed, so that a file can never hold a parallel slot, and the user's batch, without a reason.
 */

/**
 * Three minutes: longer than anything a working run is quiet for. The longest wait between
 * retries is a minute (retry.ts), the checks before sending wait 15 s at most, polls come every
 * 5 s, a request reports progress while its body goes and has an idle timeout of a minute, and a
 * file assembled or published in one request is below the size that goes to the wiki's job
 * queue (DEFAULT_ASYNC_FROM), which takes the server seconds, not minutes.
 */
export const STALL_LIMIT_MS = 3 * 60 * 1000;

export class Watchdog {
	private readonly onStall: () => void;
	private readonly limit: number;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private lastSign = 0;

	constructor( onStall: () => void, limit = STALL_LIMIT_MS ) {
		this.onStall = onStall;
		this.limit = limit;
	}

	arm(): void {
		this.lastSign = Date.now();
		this.schedule( this.limit );
	}

	/** A sign of life: the patience starts again (cheap: the timer is moved only when it fires). */
	touch(): void {
		this.lastSign = Date.now();
	}

	disarm(): void {
		if ( this.timer !== null ) {
			clearTimeout( this.timer );
			this.timer = null;
		}
	}

	private schedule( ms: number ): void {
		this.disarm();
		this.timer = setTimeout( () => {
			this.timer = null;
			const quiet = Date.now() - this.lastSign;
			if ( quiet >= this.limit ) {
				this.onStall();
			} else {
				this.schedule( this.limit - quiet );
			}
		}, ms );
	}
}
