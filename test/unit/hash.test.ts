import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../../src/api/errors';
import { isUnreadable } from '../../src/upload/failures';
import { blobWorker, HashUnavailableError, lazyBlobWorker, READY_TIMEOUT, Sha1Hasher, type StartWorker, type WorkerListeners } from '../../src/hash/hasher';
import { createWorkerHandler, errorFromDescription, type HashFunction, type WorkerAnswer, type WorkerRequest } from '../../src/hash/protocol';
import { byobReader, hashBlob } from '../../src/hash/sha1';

const MiB = 1024 * 1024;
const EMPTY = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const ABC = 'a9993e364706816aba3e25717850c26c9cd0d89d';
const MILLION_A = '34aa973cd4c4daa4f61eeb2bdbad27316534016f';

const nodeSha1 = ( bytes: Uint8Array ) => createHash( 'sha1' ).update( bytes ).digest( 'hex' );
const blobOf = ( bytes: Uint8Array<ArrayBuffer> ) => new Blob( [ bytes ] );
const text = ( s: string ) => new TextEncoder().encode( s );

/**
 * A Blob whose stream() is a byte stream (as Chromium's is; happy-dom's is not) that hands out
 * `chunk` bytes at a time, or `bytes.length - short` bytes in all, or fails after `failAt`.
 * `reads` counts the reads of the bytes by stream, `sliced` the reads by Blob#slice.
 */
function streamedBlob( bytes: Uint8Array<ArrayBuffer>, chunk: number, how: { short?: number; failAt?: number } = {} ) {
	const blob = new Blob( [ bytes ] );
	const counts = { reads: 0, sliced: 0, cancelled: 0 };
	const end = bytes.length - ( how.short || 0 );
	const slice = blob.slice.bind( blob );
	Object.defineProperty( blob, 'slice', {
		value: ( ...args: Parameters<Blob[ 'slice' ]> ) => {
			counts.sliced++;
			return slice( ...args );
		}
	} );
	Object.defineProperty( blob, 'stream', {
		value: () => {
			let position = 0;
			return new NodeReadableStream( {
				type: 'bytes',
				pull: ( controller ) => {
					counts.reads++;
					if ( how.failAt !== undefined && position >= how.failAt ) {
						controller.error( Object.assign( new Error( 'the file changed' ), { name: 'NotReadableError' } ) );
						return;
					}
					if ( position >= end ) {
						controller.close();
						controller.byobRequest?.respond( 0 );
						return;
					}
					const n = Math.min( chunk, end - position );
					controller.enqueue( bytes.slice( position, position + n ) );
					position += n;
				},
				cancel: () => {
					counts.cancelled++;
				}
			} );
		}
	} );
	return { blob, counts };
}

/** Hashing that is aborted as the first slice of 1000 bytes is reported stops there, with AbortError. */
async function expectStopAtFirstSlice( blob: Blob ): Promise<void> {
	const controller = new AbortController();
	const seen: number[] = [];
	const hashing = hashBlob( blob, {
		sliceSize: 1000,
		signal: controller.signal,
		onProgress: ( b ) => {
			seen.push( b );
			controller.abort();
		}
	} );
	await expect( hashing ).rejects.toBeInstanceOf( AbortError );
	expect( seen ).toEqual( [ 1000 ] );
}

/** FIPS 180 test vectors: name, input, SHA-1. A million is not a multiple of any slice size used here. */
const KNOWN_VECTORS: Array<[ string, string, string ]> = [
	[ 'the empty string', '', EMPTY ],
	[ '"abc"', 'abc', ABC ],
	[ 'a million "a"', 'a'.repeat( 1000000 ), MILLION_A ]
];

describe( 'hashBlob', () => {
	it.each( KNOWN_VECTORS )( 'gives the known SHA-1 of %s', async ( _name, input, expected ) => {
		expect( await hashBlob( blobOf( text( input ) ) ) ).toBe( expected );
		// The same in small slices: 1 000 000 is not a multiple of 4096.
		expect( await hashBlob( blobOf( text( input ) ), { sliceSize: 4096 } ) ).toBe( expected );
	} );

	const slice = 1000;
	it.each( [ 1, slice - 1, slice, slice + 1, 2 * slice - 1, 2 * slice, 2 * slice + 1, 5 * slice + 7 ] )(
		'hashes %i bytes in 1000-byte slices like node does',
		async ( size ) => {
			const bytes = new Uint8Array( randomBytes( size ) );
			expect( await hashBlob( blobOf( bytes ), { sliceSize: slice } ) ).toBe( nodeSha1( bytes ) );
		}
	);

	it.each( [ 2 * MiB - 1, 2 * MiB, 2 * MiB + 1 ] )( 'hashes %i bytes in 1 MiB slices like node does', async ( size ) => {
		const bytes = new Uint8Array( randomBytes( size ) );
		expect( await hashBlob( blobOf( bytes ), { sliceSize: MiB } ) ).toBe( nodeSha1( bytes ) );
	} );

	it( 'reports progress after every slice, growing, up to the size', async () => {
		const seen: number[] = [];
		await hashBlob( blobOf( new Uint8Array( 2500 ) ), { sliceSize: 1000, onProgress: ( b ) => seen.push( b ) } );
		expect( seen ).toEqual( [ 1000, 2000, 2500 ] );
	} );

	it( 'reports 0 once for an empty blob', async () => {
		const seen: number[] = [];
		await hashBlob( new Blob( [] ), { onProgress: ( b ) => seen.push( b ) } );
		expect( seen ).toEqual( [ 0 ] );
	} );

	it( 'reads with FileReader where Blob#arrayBuffer is missing', async () => {
		const own = Object.getOwnPropertyDescriptor( Blob.prototype, 'arrayBuffer' );
		Object.defineProperty( Blob.prototype, 'arrayBuffer', { value: undefined, configurable: true, writable: true } );
		const read = vi.spyOn( FileReader.prototype, 'readAsArrayBuffer' );
		try {
			const bytes = new Uint8Array( randomBytes( 2345 ) );
			expect( await hashBlob( blobOf( bytes ), { sliceSize: 1000 } ) ).toBe( nodeSha1( bytes ) );
			expect( read ).toHaveBeenCalledTimes( 3 );
		} finally {
			read.mockRestore();
			if ( own ) {
				Object.defineProperty( Blob.prototype, 'arrayBuffer', own );
			}
		}
	} );

	it( 'reads in slices where Blob#stream is not a byte stream (happy-dom)', () => {
		expect( byobReader( blobOf( text( 'abc' ) ) ) ).toBeNull();
		expect( streamedBlob( text( 'abc' ), 1 ).blob ).toBeTruthy();
		expect( byobReader( streamedBlob( text( 'abc' ), 1 ).blob ) ).not.toBeNull();
	} );

	it( 'rejects with AbortError when the signal has fired already', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect( hashBlob( blobOf( text( 'abc' ) ), { signal: controller.signal } ) ).rejects.toBeInstanceOf( AbortError );
	} );

	it( 'stops at the next slice, with AbortError, when the signal fires while it reads', async () => {
		await expectStopAtFirstSlice( blobOf( new Uint8Array( 5000 ) ) );
	} );

	it( 'refuses a slice size that is not a positive whole number', async () => {
		await expect( hashBlob( new Blob( [] ), { sliceSize: 0 } ) ).rejects.toBeInstanceOf( RangeError );
		await expect( hashBlob( new Blob( [] ), { sliceSize: 1.5 } ) ).rejects.toBeInstanceOf( RangeError );
	} );
} );

describe( 'hashBlob from a byte stream, into one buffer (how Chromium reads)', () => {
	it.each( KNOWN_VECTORS )( 'gives the known SHA-1 of %s, whatever the stream hands out at a time', async ( _name, input, expected ) => {
		const cases: Array<[ number, number | undefined ]> = [ [ 1 << 18, undefined ], [ 4096, 4096 ], [ 7, 1000 ], [ 65536, 1000 ], [ 1000, 65536 ] ];
		for ( const [ chunk, sliceSize ] of cases ) {
			const { blob, counts } = streamedBlob( text( input ), chunk );
			expect( await hashBlob( blob, { sliceSize } ) ).toBe( expected );
			expect( counts.sliced ).toBe( 0 );
			expect( counts.reads > 0 ).toBe( input.length > 0 );
		}
		// A million bytes handed out 7 at a time is 140,000 reads: seconds on a busy 2-core machine.
	}, 30000 );

	const slice = 1000;
	it.each( [ 1, slice - 1, slice, slice + 1, 2 * slice - 1, 2 * slice, 2 * slice + 1, 5 * slice + 7 ] )(
		'hashes %i bytes like node does, with progress exactly at each 1000 bytes and at the end',
		async ( size ) => {
			const bytes = new Uint8Array( randomBytes( size ) );
			for ( const chunk of [ 1, 300, slice, 4096 ] ) {
				const seen: number[] = [];
				const { blob } = streamedBlob( bytes, chunk );
				expect( await hashBlob( blob, { sliceSize: slice, onProgress: ( b ) => seen.push( b ) } ) ).toBe( nodeSha1( bytes ) );
				const steps = Array.from( { length: Math.floor( ( size - 1 ) / slice ) }, ( _v, i ) => ( i + 1 ) * slice );
				expect( seen ).toEqual( [ ...steps, size ] );
			}
		}
	);

	it( 'rejects a file that ended early (it shrank since it was picked), and stops reading it', async () => {
		const { blob, counts } = streamedBlob( new Uint8Array( 2500 ), 300, { short: 1 } );
		await expect( hashBlob( blob, { sliceSize: 1000 } ) ).rejects.toThrow( 'the file ended at 2499 of 2500 bytes while it was read' );
		expect( counts.sliced ).toBe( 0 );
	} );

	it( 'passes the browser\'s read error on (NotReadableError: the file changed or went away)', async () => {
		const { blob } = streamedBlob( new Uint8Array( 5000 ), 1000, { failAt: 2000 } );
		await expect( hashBlob( blob, { sliceSize: 1000 } ) ).rejects.toMatchObject( { name: 'NotReadableError' } );
	} );

	it( 'stops at the next read, with AbortError, and cancels the stream', async () => {
		const { blob, counts } = streamedBlob( new Uint8Array( 100000 ), 1000 );
		await expectStopAtFirstSlice( blob );
		expect( counts.cancelled ).toBe( 1 );
		expect( counts.reads ).toBeLessThan( 5 );
	} );
} );

describe( 'the worker protocol (createWorkerHandler)', () => {
	const run = () => {
		const answers: WorkerAnswer[] = [];
		let settle: () => void = () => undefined;
		const handle = createWorkerHandler( ( answer ) => {
			answers.push( answer );
			if ( 'sha1' in answer || 'error' in answer ) {
				settle();
			}
		}, hashBlob );
		const done = new Promise<void>( ( resolve ) => {
			settle = resolve;
		} );
		return { answers, handle, done };
	};

	it( 'answers progress, then the SHA-1', async () => {
		const { answers, handle, done } = run();
		handle( { id: 7, file: blobOf( text( 'abc' ) ), sliceSize: 2 } );
		await done;
		expect( answers ).toEqual( [ { id: 7, progress: 2 }, { id: 7, progress: 3 }, { id: 7, sha1: ABC } ] );
	} );

	it( 'says nothing more about a cancelled id', async () => {
		const { answers, handle } = run();
		handle( { id: 1, file: blobOf( new Uint8Array( 10000 ) ), sliceSize: 100 } );
		handle( { cancel: 1 } );
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
		expect( answers ).toEqual( [] );
	} );

	it( 'describes a failure so that it can cross to the page', async () => {
		const answers: WorkerAnswer[] = [];
		const handle = createWorkerHandler( ( a ) => answers.push( a ), () => Promise.reject( new TypeError( 'unreadable' ) ) );
		handle( { id: 3, file: new Blob( [] ) } );
		await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
		expect( answers ).toEqual( [ { id: 3, error: { name: 'TypeError', message: 'unreadable' } } ] );
		expect( errorFromDescription( { name: 'AbortError', message: 'aborted' } ) ).toBeInstanceOf( AbortError );
		expect( errorFromDescription( { name: 'TypeError', message: 'unreadable' } ) ).toMatchObject( { name: 'TypeError', message: 'unreadable' } );
	} );
} );

/** What the built worker's code sees of its global scope (src/hash/worker.ts, WorkerScope). */
interface WorkerScope {
	postMessage( a: WorkerAnswer ): void;
	onmessage: ( ( e: { data: WorkerRequest } ) => void ) | null;
}

let builtSource: Promise<string> | null = null;

/** The worker's code as build.mjs makes it for the bundle (built once for this file). */
function builtWorkerSource(): Promise<string> {
	if ( !builtSource ) {
		// A variable, not a literal: build.mjs has no types, and only its one function is used
		// here. From the project's root, where vitest runs (import.meta.url is http: under happy-dom).
		const buildScript = pathToFileURL( resolve( 'build.mjs' ) ).href;
		builtSource = ( import( /* @vite-ignore */ buildScript ) as Promise<{ buildWorkerSource(): Promise<string> }> )
			.then( ( build ) => build.buildWorkerSource() );
	}
	return builtSource;
}

/** Runs the worker's code as a classic script, in a context of its own with `scope` as its global `self`. */
function runWorkerCode( source: string, scope: WorkerScope ): void {
	runInContext( source, createContext( { self: scope, Blob, FileReader, AbortController, TextEncoder } ) );
}

describe( 'the built worker (build.mjs)', () => {
	it( 'says it is ready, then answers the protocol, run as a classic script with a worker-like global', async () => {
		const source = await builtWorkerSource();
		const answers: WorkerAnswer[] = [];
		const scope: WorkerScope = {
			postMessage: ( a ) => answers.push( a ),
			onmessage: null
		};
		runWorkerCode( source, scope );
		expect( answers ).toEqual( [ { ready: true } ] );
		const bytes = new Uint8Array( randomBytes( 5000 ) );
		scope.onmessage?.( { data: { id: 1, file: blobOf( bytes ), sliceSize: 2048 } } );
		await vi.waitFor( () => expect( answers.length ).toBe( 5 ) );
		expect( answers.slice( 1 ) ).toEqual( [
			{ id: 1, progress: 2048 }, { id: 1, progress: 4096 }, { id: 1, progress: 5000 }, { id: 1, sha1: nodeSha1( bytes ) }
		] );
	} );
} );

/**
 * A worker without a Worker: the real protocol handler, with answers and requests crossing
 * asynchronously, as messages do. It says it is ready `readyAfter` ms after it starts, or never
 * (null: a worker whose code a Content-Security-Policy silently kept from running).
 */
function fakeWorker( hash: HashFunction = hashBlob, readyAfter: number | null = 0 ) {
	const requests: WorkerRequest[] = [];
	let listeners: WorkerListeners | null = null;
	let terminated = false;
	const handle = createWorkerHandler( ( answer ) => setTimeout( () => {
		if ( !terminated ) {
			listeners?.answer( answer );
		}
	}, 0 ), hash );
	const start: StartWorker = ( l ) => {
		listeners = l;
		if ( readyAfter !== null ) {
			setTimeout( () => {
				if ( !terminated ) {
					l.answer( { ready: true } );
				}
			}, readyAfter );
		}
		return {
			post: ( request ) => {
				requests.push( request );
				setTimeout( () => handle( request ), 0 );
			},
			terminate: () => {
				terminated = true;
			}
		};
	};
	return { start, requests, fail: ( reason: string ) => listeners?.fail( reason ), isTerminated: () => terminated };
}

describe( 'Sha1Hasher', () => {
	let hasher: Sha1Hasher | null = null;
	afterEach( () => {
		hasher?.dispose();
		hasher = null;
	} );

	/** How the callers (src/upload/preflight.ts, transfer.ts) tell it: not an abort, not the file's fault. */
	const expectUnavailable = async ( hashing: Promise<string>, reason: string ) => {
		const error: unknown = await hashing.then( () => null, ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( HashUnavailableError );
		expect( error ).not.toBeInstanceOf( AbortError );
		expect( isUnreadable( error ) ).toBe( false );
		expect( ( error as Error ).message ).toContain( reason );
	};

	/** Records whether the promise has settled; the handler also keeps a rejection from going unhandled. */
	const watch = ( hashing: Promise<string> ) => {
		const state = { settled: false };
		hashing.then( () => {
			state.settled = true;
		}, () => {
			state.settled = true;
		} );
		return state;
	};

	it( 'is unavailable where there is no Worker (happy-dom): every hash rejects at once, nothing is read', async () => {
		expect( typeof Worker ).toBe( 'undefined' );
		hasher = new Sha1Hasher();
		expect( hasher.available ).toBe( false );
		expect( hasher.unavailableReason ).toBeTruthy();
		const blob = blobOf( text( 'abc' ) );
		const slice = vi.spyOn( blob, 'slice' );
		const seen: number[] = [];
		await expectUnavailable( hasher.hash( blob, { onProgress: ( b ) => seen.push( b ) } ), 'worker' );
		await expectUnavailable( hasher.hash( new Blob( [] ) ), 'worker' );
		expect( slice ).not.toHaveBeenCalled();
		expect( seen ).toEqual( [] );
	} );

	it( 'still rejects with AbortError, not as unavailable, when the signal has fired already', async () => {
		hasher = new Sha1Hasher( { startWorker: null } );
		const controller = new AbortController();
		controller.abort();
		await expect( hasher.hash( blobOf( text( 'abc' ) ), { signal: controller.signal } ) ).rejects.toBeInstanceOf( AbortError );
	} );

	it( 'hashes in the worker: one file at a time, with progress', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start, sliceSize: 1000 } );
		expect( hasher.available ).toBe( true );
		const bytes = new Uint8Array( randomBytes( 2001 ) );
		const seen: number[] = [];
		const sentWhileFirstRan: number[] = [];
		const first = hasher.hash( blobOf( bytes ), {
			onProgress: ( b ) => {
				seen.push( b );
				sentWhileFirstRan.push( worker.requests.length );
			}
		} );
		const second = hasher.hash( blobOf( text( 'abc' ) ) );
		// Nothing is sent before the worker says it is ready.
		expect( worker.requests ).toHaveLength( 0 );
		expect( await first ).toBe( nodeSha1( bytes ) );
		expect( await second ).toBe( ABC );
		expect( seen ).toEqual( [ 1000, 2000, 2001 ] );
		// The second file waits on the page until the first is done.
		expect( sentWhileFirstRan ).toEqual( [ 1, 1, 1 ] );
		expect( worker.requests.map( ( r ) => 'id' in r && r.sliceSize ) ).toEqual( [ 1000, 1000 ] );
	} );

	it( 'a hash asked for `first` goes before the files waiting, not before the one being hashed', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		const order: string[] = [];
		const a = hasher.hash( blobOf( text( 'a' ) ) ).then( () => order.push( 'a' ) );
		const b = hasher.hash( blobOf( text( 'b' ) ) ).then( () => order.push( 'b' ) );
		const c = hasher.hash( blobOf( text( 'c' ) ) ).then( () => order.push( 'c' ) );
		const urgent = hasher.hash( blobOf( text( 'abc' ) ), { first: true } ).then( ( sha1 ) => {
			order.push( 'urgent' );
			return sha1;
		} );
		await Promise.all( [ a, b, c ] );
		expect( await urgent ).toBe( ABC );
		// Nothing is sent before the worker is ready, so 'a' was waiting too: the urgent one leads.
		expect( order ).toEqual( [ 'urgent', 'a', 'b', 'c' ] );
	} );

	it( 'leaves the slice size to the worker unless told', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		expect( await hasher.hash( blobOf( text( 'a'.repeat( 1000000 ) ) ) ) ).toBe( MILLION_A );
		expect( worker.requests ).toEqual( [ { id: 1, file: expect.any( Blob ) } ] );
	} );

	it( 'hashes files given at once one after another, each with its own answer', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		const order: string[] = [];
		const first = hasher.hash( blobOf( text( 'abc' ) ) ).then( ( h ) => ( order.push( 'abc' ), h ) );
		const second = hasher.hash( new Blob( [] ) ).then( ( h ) => ( order.push( 'empty' ), h ) );
		expect( await Promise.all( [ first, second ] ) ).toEqual( [ ABC, EMPTY ] );
		expect( order ).toEqual( [ 'abc', 'empty' ] );
	} );

	it( 'rejects a waiting file with AbortError and goes on with the others', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		const controller = new AbortController();
		const running = hasher.hash( blobOf( text( 'abc' ) ) );
		const waiting = hasher.hash( blobOf( text( 'x' ) ), { signal: controller.signal } );
		const after = hasher.hash( new Blob( [] ) );
		controller.abort();
		await expect( waiting ).rejects.toBeInstanceOf( AbortError );
		expect( await running ).toBe( ABC );
		expect( await after ).toBe( EMPTY );
		// The waiting file never went to the worker.
		expect( worker.requests ).toHaveLength( 2 );
	} );

	it( 'tells the worker to stop a cancelled file', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start, sliceSize: 100 } );
		const controller = new AbortController();
		const hashing = hasher.hash( blobOf( new Uint8Array( 100000 ) ), { signal: controller.signal, onProgress: () => controller.abort() } );
		await expect( hashing ).rejects.toBeInstanceOf( AbortError );
		expect( worker.requests[ 1 ] ).toEqual( { cancel: ( worker.requests[ 0 ] as { id: number } ).id } );
		expect( await hasher.hash( blobOf( text( 'abc' ) ) ) ).toBe( ABC );
	} );

	it( 'passes a file\'s own failure on as it was (not as unavailable), and goes on', async () => {
		const worker = fakeWorker( () => Promise.reject( Object.assign( new Error( 'gone' ), { name: 'NotReadableError' } ) ) );
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		const error: unknown = await hasher.hash( blobOf( text( 'abc' ) ) ).then( () => null, ( e: unknown ) => e );
		expect( isUnreadable( error ) ).toBe( true );
		expect( hasher.available ).toBe( true );
	} );

	it( 'is unavailable when the worker cannot be created (a CSP without blob:), for this file and the next', async () => {
		let starts = 0;
		hasher = new Sha1Hasher( {
			startWorker: () => {
				starts++;
				throw new Error( 'SecurityError: refused by the Content-Security-Policy' );
			}
		} );
		expect( hasher.available ).toBe( true );
		const first = hasher.hash( blobOf( text( 'abc' ) ) );
		const second = hasher.hash( blobOf( text( 'abc' ) ) );
		await expectUnavailable( first, 'Content-Security-Policy' );
		await expectUnavailable( second, 'Content-Security-Policy' );
		await expectUnavailable( hasher.hash( new Blob( [] ) ), 'Content-Security-Policy' );
		expect( starts ).toBe( 1 );
		expect( hasher.available ).toBe( false );
		expect( hasher.unavailableReason ).toContain( 'Content-Security-Policy' );
	} );

	it( 'is unavailable when the worker fails (it never started, or broke): the file it had, those waiting, and later ones', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start, sliceSize: 1000 } );
		const seen: number[] = [];
		const hashing = hasher.hash( blobOf( new Uint8Array( randomBytes( 3000 ) ) ), {
			onProgress: ( b ) => {
				seen.push( b );
				if ( b === 1000 ) {
					worker.fail( 'the worker broke' );
				}
			}
		} );
		const waiting = hasher.hash( blobOf( text( 'abc' ) ) );
		await expectUnavailable( hashing, 'the worker broke' );
		await expectUnavailable( waiting, 'the worker broke' );
		await expectUnavailable( hasher.hash( blobOf( text( 'abc' ) ) ), 'the worker broke' );
		expect( worker.isTerminated() ).toBe( true );
		expect( hasher.available ).toBe( false );
		// Nothing more is reported about the file after the failure.
		await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
		expect( seen ).toEqual( [ 1000 ] );
	} );

	describe( 'a worker that is slow to say it is ready, or never says it', () => {
		afterEach( () => {
			vi.useRealTimers();
		} );

		it( 'is unavailable after READY_TIMEOUT when the worker never says it is ready: the files waiting, and at once the later ones', async () => {
			vi.useFakeTimers();
			const worker = fakeWorker( hashBlob, null );
			hasher = new Sha1Hasher( { startWorker: worker.start } );
			const first = hasher.hash( blobOf( text( 'abc' ) ) );
			const waiting = hasher.hash( new Blob( [] ) );
			const firstState = watch( first );
			watch( waiting );
			await vi.advanceTimersByTimeAsync( READY_TIMEOUT - 1 );
			expect( firstState.settled ).toBe( false );
			expect( hasher.available ).toBe( true );
			await vi.advanceTimersByTimeAsync( 1 );
			expect( firstState.settled ).toBe( true );
			await expectUnavailable( first, 'did not start within 10 s' );
			await expectUnavailable( waiting, 'did not start within 10 s' );
			expect( worker.requests ).toEqual( [] );
			expect( worker.isTerminated() ).toBe( true );
			expect( hasher.available ).toBe( false );
			expect( hasher.unavailableReason ).toContain( 'did not start' );
			// No new worker and no new wait: no timer runs while this one is rejected.
			await expectUnavailable( hasher.hash( blobOf( text( 'abc' ) ) ), 'did not start within 10 s' );
			expect( vi.getTimerCount() ).toBe( 0 );
		} );

		it( 'takes the bound from readyTimeout', async () => {
			const worker = fakeWorker( hashBlob, null );
			hasher = new Sha1Hasher( { startWorker: worker.start, readyTimeout: 20 } );
			await expectUnavailable( hasher.hash( blobOf( text( 'abc' ) ) ), 'did not start within 0.02 s' );
			expect( worker.isTerminated() ).toBe( true );
		} );

		it( 'sends the files given before the worker said it was ready once it does, in their order, and stops counting then', async () => {
			vi.useFakeTimers();
			const files = [ text( 'abc' ), text( '' ), text( 'x' ) ].map( blobOf );
			const digests = new Map( files.map( ( file, i ) => [ file, [ ABC, EMPTY, nodeSha1( text( 'x' ) ) ][ i ] ] ) );
			// Each file takes 3 s: the last one is done long after READY_TIMEOUT has passed.
			const slowHash: HashFunction = ( file ) => new Promise( ( done ) => setTimeout( () => done( digests.get( file ) || '' ), 3000 ) );
			const worker = fakeWorker( slowHash, READY_TIMEOUT - 1 );
			const started = new Sha1Hasher( { startWorker: worker.start } );
			hasher = started;
			const order: number[] = [];
			const hashes = files.map( ( file, i ) => started.hash( file ).then( ( sha1 ) => {
				order.push( i );
				return sha1;
			} ) );
			await vi.advanceTimersByTimeAsync( READY_TIMEOUT - 2 );
			expect( worker.requests ).toEqual( [] );
			await vi.advanceTimersByTimeAsync( 1 );
			expect( worker.requests ).toEqual( [ { id: 1, file: files[ 0 ] } ] );
			await vi.advanceTimersByTimeAsync( 3 * 3000 + 10 );
			expect( await Promise.all( hashes ) ).toEqual( [ ABC, EMPTY, nodeSha1( text( 'x' ) ) ] );
			expect( order ).toEqual( [ 0, 1, 2 ] );
			expect( worker.requests ).toEqual( files.map( ( file, i ) => ( { id: i + 1, file } ) ) );
			expect( hasher.available ).toBe( true );
			expect( worker.isTerminated() ).toBe( false );
		} );
	} );

	describe( 'with blobWorker() (a stand-in Worker: happy-dom has none)', () => {
		afterEach( () => {
			vi.unstubAllGlobals();
			vi.restoreAllMocks();
			vi.useRealTimers();
		} );

		/**
		 * Puts a Worker in place that runs `source` (the built worker's code) in a context of its
		 * own, messages crossing asynchronously; with null, one whose code never runs (refused
		 * silently). Blob URLs are counted, not made.
		 */
		const standInWorker = ( source: string | null ) => {
			const urls = { made: 0, revoked: 0 };
			const workers: Array<{ terminated: boolean }> = [];
			vi.spyOn( URL, 'createObjectURL' ).mockImplementation( () => `blob:hash-${ ++urls.made }` );
			vi.spyOn( URL, 'revokeObjectURL' ).mockImplementation( () => {
				urls.revoked++;
			} );
			class StandInWorker {
				onmessage: ( ( event: { data: WorkerAnswer } ) => void ) | null = null;
				onerror: ( ( event: unknown ) => void ) | null = null;
				terminated = false;
				private readonly scope: WorkerScope = {
					postMessage: ( answer ) => setTimeout( () => {
						if ( !this.terminated ) {
							this.onmessage?.( { data: answer } );
						}
					}, 0 ),
					onmessage: null
				};

				constructor() {
					workers.push( this );
					if ( source !== null ) {
						setTimeout( () => runWorkerCode( source, this.scope ), 0 );
					}
				}

				postMessage( request: WorkerRequest ): void {
					setTimeout( () => this.scope.onmessage?.( { data: request } ), 0 );
				}

				terminate(): void {
					this.terminated = true;
				}
			}
			vi.stubGlobal( 'Worker', StandInWorker );
			return { urls, workers };
		};

		it( 'hashes with the built worker\'s code: it says it is ready, and its Blob URL is revoked then', async () => {
			const source = await builtWorkerSource();
			const { urls, workers } = standInWorker( source );
			hasher = new Sha1Hasher( { startWorker: blobWorker( source ) } );
			const bytes = new Uint8Array( randomBytes( 5000 ) );
			const seen: number[] = [];
			const first = hasher.hash( blobOf( bytes ), { onProgress: ( b ) => seen.push( b ) } );
			const second = hasher.hash( blobOf( text( 'abc' ) ) );
			expect( await first ).toBe( nodeSha1( bytes ) );
			expect( await second ).toBe( ABC );
			expect( seen ).toEqual( [ 5000 ] );
			expect( urls ).toEqual( { made: 1, revoked: 1 } );
			expect( workers.map( ( w ) => w.terminated ) ).toEqual( [ false ] );
		} );

		it( 'gives up a worker whose code never runs after READY_TIMEOUT: it is terminated and its Blob URL revoked', async () => {
			vi.useFakeTimers();
			const { urls, workers } = standInWorker( null );
			hasher = new Sha1Hasher( { startWorker: blobWorker( 'self.postMessage( { ready: true } );' ) } );
			const hashing = hasher.hash( blobOf( text( 'abc' ) ) );
			watch( hashing );
			await vi.advanceTimersByTimeAsync( READY_TIMEOUT );
			await expectUnavailable( hashing, 'did not start within 10 s' );
			expect( urls ).toEqual( { made: 1, revoked: 1 } );
			expect( workers.map( ( w ) => w.terminated ) ).toEqual( [ true ] );
		} );
		it( 'lazyBlobWorker: the code is fetched at the first hash, not before, and the ready timeout counts from its arrival', async () => {
			const source = await builtWorkerSource();
			const { workers } = standInWorker( source );
			let fetched = 0;
			// The part takes four times the ready timeout to arrive (a slow link, not a refused worker);
			// the ready timeout is long enough for the stand-in worker to start on a busy machine.
			const readyTimeout = 300;
			const part = () => {
				fetched++;
				return new Promise<string>( ( done ) => setTimeout( () => done( source ), 4 * readyTimeout ) );
			};
			hasher = new Sha1Hasher( { startWorker: lazyBlobWorker( part ), readyTimeout } );
			expect( fetched ).toBe( 0 );
			const hashing = hasher.hash( blobOf( text( 'abc' ) ) );
			const second = hasher.hash( blobOf( text( '' ) ) );
			expect( fetched ).toBe( 1 );
			await new Promise( ( resolve ) => setTimeout( resolve, 2 * readyTimeout ) );
			expect( workers ).toHaveLength( 0 );
			expect( hasher.available ).toBe( true );
			expect( await hashing ).toBe( ABC );
			expect( await second ).toBe( EMPTY );
			expect( workers ).toHaveLength( 1 );
			expect( fetched ).toBe( 1 );
		} );

		it( 'lazyBlobWorker: code that cannot be fetched makes hashing unavailable, with the reason, and starts no worker', async () => {
			const { workers } = standInWorker( null );
			hasher = new Sha1Hasher( { startWorker: lazyBlobWorker( () => Promise.reject( new Error( 'the part "sha1" did not load within 60 s' ) ) ) } );
			await expectUnavailable( hasher.hash( blobOf( text( 'abc' ) ) ), 'the hashing code could not be loaded (the part "sha1" did not load within 60 s)' );
			expect( workers ).toHaveLength( 0 );
			expect( hasher.available ).toBe( false );
		} );

		it( 'lazyBlobWorker: a hasher disposed while the code is on its way starts no worker when it comes', async () => {
			const source = await builtWorkerSource();
			const { workers } = standInWorker( source );
			let arrive: ( code: string ) => void = () => undefined;
			hasher = new Sha1Hasher( { startWorker: lazyBlobWorker( () => new Promise<string>( ( done ) => {
				arrive = done;
			} ) ) } );
			const hashing = hasher.hash( blobOf( text( 'abc' ) ) );
			hasher.dispose();
			await expect( hashing ).rejects.toBeInstanceOf( AbortError );
			arrive( source );
			await new Promise( ( resolve ) => setTimeout( resolve, 10 ) );
			expect( workers ).toHaveLength( 0 );
		} );
	} );

	it( 'rejects what waits or runs with AbortError on dispose()', async () => {
		const worker = fakeWorker();
		hasher = new Sha1Hasher( { startWorker: worker.start } );
		const running = hasher.hash( blobOf( text( 'abc' ) ) );
		const waiting = hasher.hash( blobOf( text( 'abc' ) ) );
		hasher.dispose();
		await expect( running ).rejects.toBeInstanceOf( AbortError );
		await expect( waiting ).rejects.toBeInstanceOf( AbortError );
		expect( worker.isTerminated() ).toBe( true );
	} );
} );
