/**
 * The content look-ups' share of the connections: at most LOOKUP_SLOTS at once, in the order
 * asked. Small files hash faster than the wiki answers: 500 of them would otherwise put 500
 * requests in the browser's queue at once (six connections per host), and the uploads' own
 * requests would wait behind them. A slot is held until the look-up settles, is given up
 * (LOOKUP_TIMEOUT_MS), or its check is aborted; a look-up waiting for a slot leaves the line when
 * its check is aborted. So no look-up holds a slot, or its place in line, for ever.
 */
import { AbortError } from '../api/errors';
import { withDeadline } from './deadline';

/** Files whose content is looked up at once (one request each): the uploads keep connections free. */
export const LOOKUP_SLOTS = 2;

/** The longest a look-up is waited for (mw.Api's own timeout for a request). */
export const LOOKUP_TIMEOUT_MS = 30000;

export class LookupSlots {
	private readonly size: number;
	private readonly timeoutMs: number;
	private inFlight = 0;
	/** Look-ups waiting for a free slot, in order. */
	private readonly waiting: Array<() => void> = [];

	constructor( timeoutMs = LOOKUP_TIMEOUT_MS, size = LOOKUP_SLOTS ) {
		this.timeoutMs = timeoutMs;
		this.size = size;
	}

	/**
	 * Runs `lookUp` in a free slot, with a signal that aborts when `signal` does or the look-up
	 * is given up. Rejects with AbortError (aborted) or HttpError 'timeout' (given up) at once,
	 * whether or not the look-up honours its signal.
	 */
	run<T>( lookUp: ( signal: AbortSignal ) => Promise<T>, signal: AbortSignal ): Promise<T> {
		return this.take( signal ).then( () => withDeadline( lookUp, this.timeoutMs, signal ).then( ( value ) => {
			this.free();
			return value;
		}, ( error: unknown ) => {
			this.free();
			throw error;
		} ) );
	}

	private take( signal: AbortSignal ): Promise<void> {
		return new Promise<void>( ( resolve, reject ) => {
			if ( signal.aborted ) {
				reject( new AbortError() );
				return;
			}
			if ( this.inFlight < this.size ) {
				this.inFlight++;
				resolve();
				return;
			}
			const enter = () => {
				signal.removeEventListener( 'abort', leave );
				this.inFlight++;
				resolve();
			};
			const leave = () => {
				const index = this.waiting.indexOf( enter );
				if ( index >= 0 ) {
					this.waiting.splice( index, 1 );
				}
				reject( new AbortError() );
			};
			this.waiting.push( enter );
			signal.addEventListener( 'abort', leave, { once: true } );
		} );
	}

	private free(): void {
		this.inFlight--;
		const next = this.waiting.shift();
		if ( next ) {
			next();
		}
	}
}
