/**
 * Starting the SHA-1 worker (src/hash/worker.ts) from a Blob URL of its code, as the page's
 * Sha1Hasher (hasher.ts) needs it: a gadget is scripts, not files a worker could be started from.
 * The code is text the dialog fetches first (the `sha1` part: lazyBlobWorker()).
 */
import { describeError, type WorkerAnswer, type WorkerRequest } from './protocol';

/** The page's end of a started worker. */
export interface WorkerPort {
	post( request: WorkerRequest ): void;
	terminate(): void;
	/**
	 * Settles once the worker itself exists, where its code had to be fetched first
	 * (lazyBlobWorker()): the ready timeout starts then. None: it exists at once.
	 */
	started?: Promise<void>;
}

export interface WorkerListeners {
	answer( answer: WorkerAnswer ): void;
	/** The worker failed (did not start, or broke): it is not used again. */
	fail( reason: string ): void;
}

/**
 * Starts a worker, or throws when it cannot be created. Replaceable for unit tests. The listeners
 * are called later, as messages arrive, never while it runs.
 */
export type StartWorker = ( listeners: WorkerListeners ) => WorkerPort;

/** Whether this browser can start workers from Blob URLs at all (not whether a CSP lets it). */
function canStartBlobWorkers(): boolean {
	return typeof Worker !== 'undefined' && typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function';
}

/**
 * Starts the worker from a Blob URL of its code: a gadget is one script, so there is no worker
 * file to load. Null where the browser has no workers or there is no code (unit tests).
 * A Content-Security-Policy without blob: for workers makes `new Worker` throw, or the worker
 * fail with an error event, or (in some browsers) the worker's code silently never run, so it
 * never says it is ready (Sha1Hasher gives it READY_TIMEOUT): any way, hashing is then unavailable.
 */
export function blobWorker( source: string ): StartWorker | null {
	if ( !source || !canStartBlobWorkers() ) {
		return null;
	}
	return ( listeners ) => {
		const url = URL.createObjectURL( new Blob( [ source ], { type: 'text/javascript' } ) );
		let revoked = false;
		const revoke = () => {
			if ( !revoked ) {
				revoked = true;
				URL.revokeObjectURL( url );
			}
		};
		let worker: Worker;
		try {
			worker = new Worker( url );
		} catch ( error ) {
			revoke();
			throw error;
		}
		worker.onmessage = ( event: MessageEvent<WorkerAnswer> ) => {
			// Not before: some browsers fetch the worker's code after the constructor returns.
			if ( 'ready' in event.data ) {
				revoke();
			}
			listeners.answer( event.data );
		};
		worker.onerror = ( event ) => {
			// Handled here (the hasher gives up the worker), not an uncaught error of the page.
			event.preventDefault();
			revoke();
			listeners.fail( event.message || 'the hashing worker failed to start' );
		};
		return {
			post: ( request ) => worker.postMessage( request ),
			terminate: () => {
				worker.terminate();
				revoke();
			}
		};
	};
}

/**
 * blobWorker() of code that is fetched first (the `sha1` part, src/parts/load.ts): the port is
 * there at once and keeps the requests posted to it until the worker exists. A fetch that fails
 * (or passes its own deadline) fails the worker, as a refused one does: hashing is then
 * unavailable on this page, and the callers go without it.
 */
export function lazyBlobWorker( source: () => Promise<string> ): StartWorker | null {
	if ( !canStartBlobWorkers() ) {
		return null;
	}
	return ( listeners ) => {
		let real: WorkerPort | null = null;
		let ended = false;
		const posted: WorkerRequest[] = [];
		const started = source().then( ( code ) => {
			if ( ended ) {
				return;
			}
			const start = blobWorker( code );
			if ( !start ) {
				throw new Error( 'the hashing worker\'s code is empty' );
			}
			real = start( listeners );
			posted.splice( 0 ).forEach( ( request ) => real!.post( request ) );
		} );
		started.catch( ( error: unknown ) => {
			if ( !ended ) {
				listeners.fail( `the hashing code could not be loaded (${ describeError( error ).message })` );
			}
		} );
		return {
			post: ( request ) => ( real ? real.post( request ) : posted.push( request ) ),
			terminate: () => {
				ended = true;
				posted.length = 0;
				if ( real ) {
					real.terminate();
				}
			},
			started
		};
	};
}
