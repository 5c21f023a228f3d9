/**
 * Bounds on waits: withDeadline() for an answer (a port's, before sending; a job's look-ups and
 * hashes, through boundedWaits.ts), waitAtMost() for the user's patience with a check or a photo's reading (checksGate.ts, photos.ts). The checks call
 * ports (NameCheckApi, ContentCheckApi) that may be anything: mw.Api gives up on a request after
 * its own 30 s, but a port that never settles (a request the browser keeps open, a fake, a simulated wiki) must not
 * leave a file, a batch of names or a look-up slot waiting for ever. A real timer: this is the
 * user's time, whatever clock the checks' debounce runs on.
 */
import { AbortError, HttpError } from '../api/errors';

/**
 * Thrown when a bounded wait ran out: a passing fault (HttpError 'timeout'), never an
 * AbortError, so callers treat it as a failure to try again, not as "stop, say nothing".
 */
export class DeadlineError extends HttpError {
	constructor( ms: number, what?: string ) {
		const seconds = Math.round( ms / 100 ) / 10;
		super( 'timeout', 0, what ? `${ what } did not answer within ${ seconds } s` : `no answer within ${ seconds } s` );
	}
}

/**
 * Runs `work` with a signal of its own, and settles as it does, or rejects with DeadlineError
 * after `ms` (aborting its signal, whatever the work does then), or with AbortError at once when
 * `outer` aborts (the work need not honour its signal for the wait to end). `what` names the
 * wait in the error's text.
 */
export function withDeadline<T>( work: ( signal: AbortSignal ) => Promise<T>, ms: number, outer?: AbortSignal, what?: string ): Promise<T> {
	return new Promise<T>( ( resolve, reject ) => {
		const controller = new AbortController();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const end = ( settle: () => void ) => {
			clearTimeout( timer );
			outer?.removeEventListener( 'abort', onAbort );
			settle();
		};
		const stop = ( error: Error ) => {
			controller.abort();
			end( () => reject( error ) );
		};
		const onAbort = () => stop( new AbortError() );
		if ( outer?.aborted ) {
			onAbort();
			return;
		}
		outer?.addEventListener( 'abort', onAbort, { once: true } );
		timer = setTimeout( () => stop( new DeadlineError( ms, what ) ), ms );
		let started: Promise<T>;
		try {
			started = work( controller.signal );
		} catch ( error ) {
			started = Promise.reject( error );
		}
		started.then(
			( value ) => end( () => resolve( value ) ),
			( error: unknown ) => end( () => reject( error ) )
		);
	} );
}

/**
 * Waits for `work` (whatever its outcome) but no longer than `ms`. A real timer: the checks' own
 * waits may be faked in tests, this patience is the user's time.
 */
export function waitAtMost( work: Promise<unknown>, ms: number ): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<void>( ( resolve ) => {
		timer = setTimeout( resolve, ms );
	} );
	return Promise.race( [ work.then( () => undefined, () => undefined ), timeout ] ).then( () => clearTimeout( timer ) );
}
