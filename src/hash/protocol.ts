/**
 * What the page and the SHA-1 worker say to each other, and the worker's side of it as a plain
 * function (src/hash/worker.ts only connects it to the worker's global scope), so unit tests can
 * call it without a Worker.
 *
 *   page → worker   { id, file, sliceSize? }   hash this file
 *                   { cancel: id }             stop; nothing more is said about that id
 *   worker → page   { ready: true }            the worker's code runs (once, at its start); the page
 *                                              sends nothing before, and gives up a worker that does
 *                                              not say it in time (hasher.ts, READY_TIMEOUT)
 *                   { id, progress }           bytes hashed so far
 *                   { id, sha1 }               done: 40 lowercase hex digits
 *                   { id, error }              failed (never for a cancelled id)
 *
 * Files cross by structured clone: a File is passed by reference to its bytes, not copied.
 *
 * Nothing here imports the hashing itself (sha1.ts, hash-wasm): the page's bundle imports this
 * module, and hash-wasm belongs in the worker's code only.
 */
import { AbortError } from '../api/errors';

export interface HashRequest {
	id: number;
	file: Blob;
	sliceSize?: number;
}

export interface CancelRequest {
	cancel: number;
}

export type WorkerRequest = HashRequest | CancelRequest;

/** An Error as it can cross to the page: its class does not survive structured cloning. */
export interface ErrorDescription {
	name: string;
	message: string;
}

export type WorkerAnswer =
	| { ready: true }
	| { id: number; progress: number }
	| { id: number; sha1: string }
	| { id: number; error: ErrorDescription };

export function describeError( error: unknown ): ErrorDescription {
	if ( error instanceof Error ) {
		return { name: error.name, message: error.message };
	}
	return { name: 'Error', message: String( error ) };
}

/** The page's Error for a worker's description: AbortError stays AbortError, so callers can tell it by class. */
export function errorFromDescription( description: ErrorDescription ): Error {
	if ( description.name === 'AbortError' ) {
		return new AbortError();
	}
	const error = new Error( description.message );
	error.name = description.name;
	return error;
}

/** What the worker hashes with: hashBlob of sha1.ts, or a fake in unit tests. */
export type HashFunction = ( file: Blob, options: {
	sliceSize?: number;
	signal?: AbortSignal;
	onProgress?: ( bytes: number ) => void;
} ) => Promise<string>;

/**
 * The worker's message handler: hashes each requested file with `hash` (worker.ts gives it
 * sha1.ts's hashBlob), answering through `post`. Requests are hashed as they come (the page sends
 * one at a time, see hasher.ts).
 */
export function createWorkerHandler(
	post: ( answer: WorkerAnswer ) => void,
	hash: HashFunction
): ( request: WorkerRequest ) => void {
	const running = new Map<number, AbortController>();
	return ( request ) => {
		if ( 'cancel' in request ) {
			const controller = running.get( request.cancel );
			if ( controller ) {
				controller.abort();
				running.delete( request.cancel );
			}
			return;
		}
		const { id, file, sliceSize } = request;
		const controller = new AbortController();
		running.set( id, controller );
		const live = () => !controller.signal.aborted;
		hash( file, {
			sliceSize,
			signal: controller.signal,
			onProgress: ( bytes ) => {
				if ( live() ) {
					post( { id, progress: bytes } );
				}
			}
		} ).then( ( sha1 ) => {
			if ( live() ) {
				post( { id, sha1 } );
			}
		}, ( error: unknown ) => {
			if ( live() ) {
				post( { id, error: describeError( error ) } );
			}
		} ).then( () => {
			if ( running.get( id ) === controller ) {
				running.delete( id );
			}
		} );
	};
}
