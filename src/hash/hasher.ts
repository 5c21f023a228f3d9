/**
 * The page's side of SHA-1 hashing: files are hashed in a Web Worker, one after another, so a
 * large file never holds up the dialog.
 *
 * Only in the worker: hash-wasm is in the worker's code (build.mjs, buildWorkerSource()) and not
 * a second time in the page's bundle. That code is the `sha1` part (src/parts/sha1.ts), fetched
 * when the first file is hashed (lazyBlobWorker()), so opening the dialog does not pay for it. Where no worker can run (a Content-Security-Policy without
 * blob: for workers, a browser without workers), hashing is unavailable: hash() rejects with
 * HashUnavailableError, at once, and the callers go without (the content check is skipped, a lost
 * answer is sent again; src/upload/preflight.ts, transfer.ts). A worker that never says it is
 * ready (READY_TIMEOUT) counts as one that could not start.
 *
 * One worker, not a pool: it hashes faster than an upload sends (BENCHMARKS.md), so a second
 * would mostly take the core the page and the uploads run on (many machines have two). One at a
 * time in queue order also gives the first file's hash soonest, and that is the file whose
 * upload starts first.
 */
import { AbortError } from '../api/errors';
import { describeError, errorFromDescription, type WorkerAnswer } from './protocol';
import type { StartWorker, WorkerPort } from './workerStart';

export { blobWorker, lazyBlobWorker, type StartWorker, type WorkerListeners, type WorkerPort } from './workerStart';

/**
 * No worker can hash here (it could not be started, or it broke): no file is hashed on this page.
 * Not an AbortError, and not a file's fault (src/upload/failures.ts isUnreadable() is false).
 */
export class HashUnavailableError extends Error {
	constructor( reason: string ) {
		super( `SHA-1 hashing is unavailable: ${ reason }` );
		this.name = 'HashUnavailableError';
	}
}

export interface HashOptions {
	/** Stops hashing this file; the promise then rejects with AbortError (src/api/errors.ts). */
	signal?: AbortSignal;
	/** Bytes hashed so far, never going back; ends with the file's size. */
	onProgress?: ( bytes: number ) => void;
	/**
	 * Hash this before the files waiting (not before the one being hashed): an upload waits for
	 * it (a lost answer is looked for by SHA-1), while the checks of a long list can wait.
	 */
	first?: boolean;
}

/** What the engine needs to hash a file: Sha1Hasher, or a fake in unit tests. */
export interface FileHasher {
	/** The file's SHA-1, 40 lowercase hex digits. */
	hash( file: Blob, options?: HashOptions ): Promise<string>;
}

/**
 * 10 s: the longest a started worker may take to say it is ready ({ ready: true }, the first thing
 * its code does) before it counts as failed. Some refusals are silent: a Content-Security-Policy
 * that blocks blob: workers in some browsers fires no error event, and the worker's code just
 * never runs; without a bound every hash, and the content check behind it, would wait forever.
 * The code comes from a Blob URL, so nothing is fetched: starting the thread and compiling its
 * small script (about 15 KB) take well under a second even on a slow machine busy with the page
 * and its uploads, and 10 s is far enough above that never to give up a worker that works (that
 * would end hashing for the page). Waiting it out costs little: uploads do not wait for the content check (a file not
 * checked when its turn comes is sent anyway, src/upload/preflight.ts).
 */
export const READY_TIMEOUT = 10000;

export interface Sha1HasherOptions {
	/** Bytes read at a time in the worker; default: the worker's own (DEFAULT_SLICE_SIZE in sha1.ts). */
	sliceSize?: number;
	/** How to start the worker; null or none: no worker, hashing is unavailable (the dialog gives lazyBlobWorker()). */
	startWorker?: StartWorker | null;
	/** Milliseconds a started worker has to say it is ready before it counts as failed; default READY_TIMEOUT (shorter in unit tests). */
	readyTimeout?: number;
}

type Outcome = { sha1: string } | { error: unknown };

interface Job {
	id: number;
	file: Blob;
	onProgress?: ( bytes: number ) => void;
	resolve( sha1: string ): void;
	reject( error: unknown ): void;
	/** The most reported so far. */
	reported: number;
	settled: boolean;
	/** Removes the abort listener from the caller's signal. */
	detach(): void;
}

export class Sha1Hasher implements FileHasher {
	private readonly sliceSize: number | undefined;
	private readonly readyTimeout: number;
	private readonly startWorker: StartWorker | null;
	private port: WorkerPort | null = null;
	/** Whether the worker of `port` has said it is ready; files are sent to it only then. */
	private ready = false;
	/** Gives the worker up when it has not said it is ready in time. */
	private readyTimer: ReturnType<typeof setTimeout> | null = null;
	private readonly waiting: Job[] = [];
	private current: Job | null = null;
	private nextId = 1;
	/** Why no worker can hash here: set once for good (no worker at all, or it failed); null while one can. */
	private failure: string | null;

	constructor( options: Sha1HasherOptions = {} ) {
		this.sliceSize = options.sliceSize;
		this.readyTimeout = options.readyTimeout !== undefined ? options.readyTimeout : READY_TIMEOUT;
		this.startWorker = options.startWorker || null;
		this.failure = this.startWorker ? null : 'this browser cannot start the hashing worker here';
	}

	/** Whether hash() can give SHA-1s: false once the worker could not start or broke, or where there is none. */
	get available(): boolean {
		return this.failure === null;
	}

	/** Why hashing is unavailable (for diagnostics; also the HashUnavailableError's message); null while it is available. */
	get unavailableReason(): string | null {
		return this.failure;
	}

	hash( file: Blob, options: HashOptions = {} ): Promise<string> {
		const { signal, onProgress, first } = options;
		return new Promise<string>( ( resolve, reject ) => {
			if ( signal && signal.aborted ) {
				reject( new AbortError() );
				return;
			}
			if ( this.failure !== null ) {
				reject( new HashUnavailableError( this.failure ) );
				return;
			}
			const job: Job = {
				id: this.nextId++, file, onProgress, resolve, reject,
				reported: -1, settled: false, detach: () => undefined
			};
			if ( signal ) {
				const onAbort = () => this.cancel( job );
				signal.addEventListener( 'abort', onAbort, { once: true } );
				job.detach = () => signal.removeEventListener( 'abort', onAbort );
			}
			if ( first ) {
				this.waiting.unshift( job );
			} else {
				this.waiting.push( job );
			}
			this.pump();
		} );
	}

	/** Ends the worker; hashes waiting or running reject with AbortError. A later hash() starts a new worker. */
	dispose(): void {
		this.endWorker().forEach( ( job ) => this.settle( job, { error: new AbortError() } ) );
	}

	/**
	 * Starts the next waiting job when none runs and the worker is ready; until it is, the jobs
	 * wait in their order (onAnswer() pumps at 'ready').
	 */
	private pump(): void {
		if ( this.current || this.waiting.length === 0 ) {
			return;
		}
		const port = this.workerPort();
		const job = port && this.ready ? this.waiting.shift() : undefined;
		if ( !port || !job ) {
			return;
		}
		this.current = job;
		port.post( this.sliceSize ? { id: job.id, file: job.file, sliceSize: this.sliceSize } : { id: job.id, file: job.file } );
	}

	/** The worker, started when first needed; null (and every job rejected) when it cannot start. */
	private workerPort(): WorkerPort | null {
		if ( this.port || !this.startWorker || this.failure !== null ) {
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
						this.giveUp( reason );
					}
				}
			} );
		} catch ( error ) {
			this.giveUp( describeError( error ).message );
			return null;
		}
		this.port = port;
		this.ready = false;
		const timeout = this.readyTimeout;
		const startTimer = () => {
			if ( !mine() ) {
				return;
			}
			this.readyTimer = setTimeout( () => {
				this.readyTimer = null;
				if ( mine() && !this.ready ) {
					this.giveUp( `the hashing worker did not start within ${ timeout / 1000 } s` );
				}
			}, timeout );
		};
		if ( port.started ) {
			// (A failed fetch of the code is the port's own fail(): the catch only keeps it quiet here.)
			port.started.then( startTimer, () => undefined );
		} else {
			startTimer();
		}
		return port;
	}

	private onAnswer( answer: WorkerAnswer ): void {
		if ( 'ready' in answer ) {
			this.ready = true;
			this.clearReadyTimer();
			this.pump();
			return;
		}
		const job = this.current;
		if ( !job || job.id !== answer.id ) {
			// The last words about a cancelled file.
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

	/**
	 * The worker did not start or broke: no more hashing on this page. The file it had and those
	 * waiting reject with HashUnavailableError, and so does every later hash().
	 */
	private giveUp( reason: string ): void {
		this.failure = reason;
		this.endWorker().forEach( ( job ) => this.settle( job, { error: new HashUnavailableError( reason ) } ) );
	}

	/**
	 * Terminates the worker (which revokes its Blob URL, blobWorker()) and stops waiting for it to
	 * be ready; gives back the jobs it had or that waited, in their order, for the caller to settle.
	 */
	private endWorker(): Job[] {
		this.clearReadyTimer();
		this.ready = false;
		if ( this.port ) {
			this.port.terminate();
			this.port = null;
		}
		const jobs = this.current ? [ this.current, ...this.waiting ] : this.waiting.slice();
		this.current = null;
		this.waiting.length = 0;
		return jobs;
	}

	private clearReadyTimer(): void {
		if ( this.readyTimer !== null ) {
			clearTimeout( this.readyTimer );
			this.readyTimer = null;
		}
	}

	private cancel( job: Job ): void {
		if ( job.settled ) {
			return;
		}
		const index = this.waiting.indexOf( job );
		if ( index >= 0 ) {
			this.waiting.splice( index, 1 );
		} else if ( this.current === job && this.port ) {
			this.port.post( { cancel: job.id } );
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
