/**
 * The engine's FileHasher on simulated time: SHA-1 by node's crypto, one file after another in
 * the order asked (as Sha1Hasher's single worker does), each taking a time from the file's size.
 * Faults from the seed: slow, failing (the worker broke: HashUnavailableError), and a hash that
 * never settles unless aborted, which, as in the worker, holds every hash queued behind it.
 */
import { AbortError } from '../../src/api/errors';
import { HashUnavailableError, type FileHasher, type HashOptions } from '../../src/hash/hasher';
import { bytesOf, sha1Of } from './bytes';
import type { Prng } from './prng';
import type { Trace } from './trace';

export interface HasherFaults {
	slow: number;
	failing: number;
	/** Chance that a hash never settles (until its signal aborts). */
	hanging: number;
	/** Bytes hashed per simulated second. */
	bytesPerSecond: number;
}

interface Job {
	id: number;
	blob: Blob;
	options: HashOptions;
	resolve( sha1: string ): void;
	reject( error: Error ): void;
	settled: boolean;
}

export class SimHasher implements FileHasher {
	private readonly prng: Prng;
	private readonly faults: HasherFaults;
	private readonly trace: Trace;
	private readonly waiting: Job[] = [];
	private current: Job | null = null;
	private nextId = 1;
	/** Hashes asked for and not yet settled (for the end-of-run checks). */
	readonly pending = new Set<number>();

	constructor( prng: Prng, faults: HasherFaults, trace: Trace ) {
		this.prng = prng;
		this.faults = faults;
		this.trace = trace;
	}

	hash( blob: Blob, options: HashOptions = {} ): Promise<string> {
		return new Promise<string>( ( resolve, reject ) => {
			if ( options.signal?.aborted ) {
				reject( new AbortError() );
				return;
			}
			const job: Job = { id: this.nextId++, blob, options, resolve, reject, settled: false };
			this.pending.add( job.id );
			options.signal?.addEventListener( 'abort', () => this.settle( job, new AbortError() ), { once: true } );
			this.waiting.push( job );
			this.pump();
		} );
	}

	private pump(): void {
		if ( this.current ) {
			return;
		}
		const job = this.waiting.shift();
		if ( !job ) {
			return;
		}
		this.current = job;
		const size = job.blob.size;
		const roll = this.prng.next();
		let ms = 1 + Math.round( ( size / this.faults.bytesPerSecond ) * 1000 );
		if ( roll < this.faults.hanging ) {
			this.trace.add( `hash #${ job.id } (${ size } B) hangs` );
			// Nothing more: only an abort of this job lets the queue move on.
			return;
		}
		if ( roll < this.faults.hanging + this.faults.failing ) {
			setTimeout( () => this.settle( job, new HashUnavailableError( 'the simulated worker broke' ) ), ms );
			return;
		}
		if ( roll < this.faults.hanging + this.faults.failing + this.faults.slow ) {
			ms *= 50;
		}
		setTimeout( () => {
			job.options.onProgress?.( size );
			this.settle( job, sha1Of( bytesOf( job.blob ) ) );
		}, ms );
	}

	private settle( job: Job, outcome: string | Error ): void {
		if ( job.settled ) {
			return;
		}
		job.settled = true;
		this.pending.delete( job.id );
		const index = this.waiting.indexOf( job );
		if ( index >= 0 ) {
			this.waiting.splice( index, 1 );
		}
		if ( typeof outcome === 'string' ) {
			job.resolve( outcome );
		} else {
			job.reject( outcome );
		}
		if ( this.current === job ) {
			this.current = null;
			this.pump();
		}
	}
}
