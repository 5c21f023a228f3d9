/**
 * Bounds on the waits before sending: withDeadline() for a port's answer, waitAtMost() for the
 * user's patience with a check or a photo's reading (checksGate.ts, photos.ts). The checks call
 * ports (NameCheckApi, ContentCheckApi) that may be anything: mw.Api gives up on a request after
 * its own 30 s, but a port that never settles (a request the browser keeps open, a fake, a simulated wiki) must not
 * leave a file, a batch of names or a look-up slot waiting for ever. A real timer: this is the
 * user's time, whatever clock the checks' debounce runs on.
 */
import { AbortError, HttpError } from '../api/errors';

/**
 * Runs `work` with a signal of its own, and settles as it does, or rejects with HttpError
 * 'timeout' after `ms` (aborting its signal), or with AbortError at once when `outer` aborts (the
 * work need not honour its signal for the wait to end).
 */
export function withDeadline<T>( work: ( signal: AbortSignal ) => Promise<T>, ms: number, outer?: AbortSignal ): Promise<T> {
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
		timer = setTimeout( () => stop( new HttpError( 'timeout', 0, `no answer within ${ ms / 1000 } s` ) ), ms );
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
