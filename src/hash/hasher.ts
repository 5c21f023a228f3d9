/**
 * The page's side of SHA-1 hashing: files are hashed in a Web Worker, one after another, so a
 * large file never holds up the dialog; where there is no worker, on the page's thread.
 *
 * One worker, not a pool: hashing runs near the speed the browser reads the file (~300 MB/s),
 * so a second worker would mostly wait for the same disk and take the core the page and the
 * uploads run on (many machines have two). One at a time in queue order also gives the first
 * file's hash soonest, and that is the file whose upload starts first.
 */
import { AbortError } from '../api/errors';
import { describeError, errorFromDescription, type WorkerAnswer, type WorkerRequest } from './protocol';
import { DEFAULT_SLICE_SIZE, hashBlob } from './sha1';

/** The worker's code, bundled apart by build.mjs; '' in unit tests (vitest.config.ts). */
declare const __SHA1_WORKER_SOURCE__: string;

const MiB = 1024 * 1024;

/**
 * Slices on the page's thread: hashing one holds the thread (about 3 ms a MiB), so 4 MiB keeps
 * the dialog responsive at the cost of some speed. The worker reads DEFAULT_SLICE_SIZE.
 */
export const PAGE_SLICE_SIZE = 4 * MiB;

export interface HashOptions {
	/** Stops hashing this file; the promise then rejects with AbortError (src/api/errors.ts). */
	signal?: AbortSignal;
	/** Bytes hashed so far, never going back; ends with the file's size. */
	onProgress?: ( bytes: number ) => void;
}

/** What the engine needs to hash a file: Sha1Hasher, or a fake in unit tests. */
export interface FileHasher {
	/** The file's SHA-1, 40 lowercase hex digits. */
	hash( file: Blob, options?: HashOptions ): Promise<string>;
}

/** The page's end of a started worker. */
export interface WorkerPort {
	post( request: WorkerRequest ): void;
	terminate(): void;
}

export interface WorkerListeners {
	answer( answer: WorkerAnswer ): void;
	/** The worker failed (did not start, or broke): it is not used again. */
	fail( reason: string ): void;
}

/** Starts a worker, or throws when it cannot be created. Replaceable for unit tests. */
export type StartWorker = ( listeners: WorkerListeners ) => WorkerPort;

export interface Sha1HasherOptions {
	/** Bytes read at a time in the worker (default DEFAULT_SLICE_SIZE). */
	sliceSize?: number;
	/** Bytes read at a time on the page's thread (default PAGE_SLICE_SIZE). */
	pageSliceSize?: number;
	/** How to start the worker; null hashes on the page's thread. Default: blobWorker() of the bundled worker code. */
	startWorker?: StartWorker | null;
}

/**
 * Starts the worker from a Blob URL of its code: a gadget is one script, so there is no worker
 * file to load. Null where the browser has no workers or there is no code (unit tests).
 * A Content-Security-Policy without blob: for workers makes `new Worker` throw, or the worker
 * fail with an error event: either way the hasher then works on the page's thread.
 */
export function blobWorker( source: string ): StartWorker | null {
	if ( !source || typeof Worker === 'undefined' || typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function' ) {
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
			// Handled here (the page's thread takes over), not an uncaught error of the page.
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

type Outcome = { sha1: string } | { error: unknown };

interface Job {
	id: number;
	file: Blob;
	onProgress?: ( bytes: number ) => void;
	resolve( sha1: string ): void;
	reject( error: unknown ): void;
	/** The most reported so far: a job the page's thread takes over starts over, unseen. */
	reported: number;
	/** Set while the page's thread hashes the job. */
	controller: AbortController | null;
	settled: boolean;
	/** Removes the abort listener from the caller's signal. */
	detach(): void;
}

export class Sha1Hasher implements FileHasher {
	private readonly sliceSize: number;
	private readonly pageSliceSize: number;
	private startWorker: StartWorker | null;
	private port: WorkerPort | null = null;
	private readonly waiting: Job[] = [];
	private current: Job | null = null;
	private nextId = 1;
	private failure: string | null = null;

	constructor( options: Sha1HasherOptions = {} ) {
		this.sliceSize = options.sliceSize || DEFAULT_SLICE_SIZE;
		this.pageSliceSize = options.pageSliceSize || PAGE_SLICE_SIZE;
		this.startWorker = options.startWorker !== undefined ? options.startWorker : blobWorker( __SHA1_WORKER_SOURCE__ );
	}

	/** Where the next file is hashed: in the worker (started when first needed), or on the page's thread. */
	get thread(): 'worker' | 'page' {
		return this.startWorker ? 'worker' : 'page';
	}

	/** Why the worker is not used, once it failed (for diagnostics); null while it is, or was never tried. */
	get fallbackReason(): string | null {
		return this.failure;
	}

	hash( file: Blob, options: HashOptions = {} ): Promise<string> {
		const { signal, onProgress } = options;
		return new Promise<string>( ( resolve, reject ) => {
			if ( signal && signal.aborted ) {
				reject( new AbortError() );
				return;
			}
			const job: Job = {
				id: this.nextId++, file, onProgress, resolve, reject,
				reported: -1, controller: null, settled: false, detach: () => undefined
			};
			if ( signal ) {
				const onAbort = () => this.cancel( job );
				signal.addEventListener( 'abort', onAbort, { once: true } );
				job.detach = () => signal.removeEventListener( 'abort', onAbort );
			}
			this.waiting.push( job );
			this.pump();
		} );
	}

	/** Ends the worker; hashes waiting or running reject with AbortError. A later hash() starts a new worker. */
	dispose(): void {
		const jobs = this.current ? [ this.current, ...this.waiting ] : this.waiting.slice();
		this.current = null;
		this.waiting.length = 0;
		if ( this.port ) {
			this.port.terminate();
			this.port = null;
		}
		jobs.forEach( ( job ) => {
			if ( job.controller ) {
				job.controller.abort();
			}
			this.settle( job, { error: new AbortError() } );
		} );
	}

	/** Starts the next waiting job when none runs. */
	private pump(): void {
		if ( this.current ) {
			return;
		}
		const job = this.waiting.shift();
		if ( !job ) {
			return;
		}
		this.current = job;
		const port = this.workerPort();
		if ( port ) {
			port.post( { id: job.id, file: job.file, sliceSize: this.sliceSize } );
		} else {
			this.hashOnPage( job );
		}
	}

	private workerPort(): WorkerPort | null {
		if ( this.port || !this.startWorker ) {
			return this.port;
		}
		let port: WorkerPort | null = null;
		// Answers of a worker that was ended (dispose, failure) are not this one's.
		const mine = () => port !== null && this.port === port;
		try {
			port = this.startWorker( {
				answer: ( answer ) => {
					if ( mine() ) {
						this.onAnswer( answer );
					}
				},
				fail: ( reason ) => {
					if ( mine() ) {
						this.onWorkerFailure( reason );
					}
				}
			} );
		} catch ( error ) {
			this.giveUpWorker( describeError( error ).message );
			return null;
		}
		this.port = port;
		return port;
	}

	private onAnswer( answer: WorkerAnswer ): void {
		const job = this.current;
		if ( 'ready' in answer || !job || job.id !== answer.id ) {
			// The start signal, or the last words about a cancelled file.
			return;
		}
		if ( 'progress' in answer ) {
			this.progress( job, answer.progress );
		} else if ( 'sha1' in answer ) {
			this.finish( job, { sha1: answer.sha1 } );
		} else {
			this.finish( job, { error: errorFromDescription( answer.error ) } );
		}
	}

	/** The worker did not start or broke: the page's thread hashes from now on, starting with the file the worker had. */
	private onWorkerFailure( reason: string ): void {
		if ( this.port ) {
			this.port.terminate();
			this.port = null;
		}
		this.giveUpWorker( reason );
		if ( this.current ) {
			this.hashOnPage( this.current );
		}
	}

	private giveUpWorker( reason: string ): void {
		this.startWorker = null;
		this.failure = reason;
	}

	private hashOnPage( job: Job ): void {
		const controller = new AbortController();
		job.controller = controller;
		hashBlob( job.file, {
			sliceSize: this.pageSliceSize,
			signal: controller.signal,
			onProgress: ( bytes ) => this.progress( job, bytes )
		} ).then( ( sha1 ) => this.finish( job, { sha1 } ), ( error: unknown ) => this.finish( job, { error } ) );
	}

	private cancel( job: Job ): void {
		if ( job.settled ) {
			return;
		}
		const index = this.waiting.indexOf( job );
		if ( index >= 0 ) {
			this.waiting.splice( index, 1 );
		} else if ( this.current === job ) {
			if ( job.controller ) {
				job.controller.abort();
			} else if ( this.port ) {
				this.port.post( { cancel: job.id } );
			}
		}
		this.finish( job, { error: new AbortError() } );
	}

	private progress( job: Job, bytes: number ): void {
		if ( !job.settled && bytes > job.reported ) {
			job.reported = bytes;
			if ( job.onProgress ) {
				job.onProgress( bytes );
			}
		}
	}

	private finish( job: Job, outcome: Outcome ): void {
		if ( job.settled ) {
			return;
		}
		this.settle( job, outcome );
		if ( this.current === job ) {
			this.current = null;
			this.pump();
		}
	}

	private settle( job: Job, outcome: Outcome ): void {
		if ( job.settled ) {
			return;
		}
		job.settled = true;
		job.detach();
		if ( 'sha1' in outcome ) {
			job.resolve( outcome.sha1 );
		} else {
			job.reject( outcome.error );
		}
	}
}
