/**
 * A file's SHA-1, read piece by piece: the core that the worker runs (src/hash/worker.ts, through
 * protocol.ts). No DOM beyond Blob, FileReader and streams, which workers have too. Only the
 * worker's code imports this module: hash-wasm stays out of the page's bundle (hasher.ts).
 *
 * hash-wasm, because the hash must be incremental (a file of several GB is never in memory at
 * once) and crypto.subtle.digest is not: it takes the whole input, and it is missing on wikis
 * served over plain HTTP (it needs a secure context).
 */
import { createSHA1 } from 'hash-wasm';
import { AbortError } from '../api/errors';

const MiB = 1024 * 1024;

/**
 * 16 MiB: the most read at a time, and how often progress is reported. Read as a stream (below)
 * the browser hands over far less per read (128–256 KiB in Chromium), so this is the size of the
 * one buffer that is reused; read in slices (the fallback), small slices are slow (each one a
 * round trip to the browser's file reader), and two are in memory at a time: 32 MiB, briefly.
 */
export const DEFAULT_SLICE_SIZE = 16 * MiB;

export interface HashBlobOptions {
	/** The most bytes read at a time, and the step of onProgress (default DEFAULT_SLICE_SIZE). */
	sliceSize?: number;
	/** Stops the hashing; the promise then rejects with AbortError. */
	signal?: AbortSignal;
	/**
	 * Bytes hashed so far: at every multiple of sliceSize, ending with the blob's size (0 for an
	 * empty one).
	 */
	onProgress?: ( bytes: number ) => void;
}

/** What hashBlob feeds the bytes to: hash-wasm's incremental SHA-1. */
interface Sha1State {
	update( bytes: Uint8Array ): unknown;
	digest( format: 'hex' ): string;
}

/** The bytes of a blob (a slice). Blob#arrayBuffer is newer than Blob and missing in some DOMs (test ones); FileReader is everywhere. */
export function readBlob( blob: Blob ): Promise<ArrayBuffer> {
	if ( typeof blob.arrayBuffer === 'function' ) {
		return blob.arrayBuffer();
	}
	return new Promise( ( resolve, reject ) => {
		const reader = new FileReader();
		reader.onload = () => resolve( reader.result as ArrayBuffer );
		reader.onerror = () => reject( reader.error || new Error( 'the file could not be read' ) );
		reader.readAsArrayBuffer( blob );
	} );
}

/**
 * A reader that fills a buffer of ours (a "BYOB" reader of the blob's byte stream), or null
 * where the browser's Blob#stream is not a byte stream (older browsers, test DOMs).
 */
export function byobReader( blob: Blob ): ReadableStreamBYOBReader | null {
	if ( typeof blob.stream !== 'function' ) {
		return null;
	}
	let stream: ReadableStream<Uint8Array>;
	try {
		stream = blob.stream();
	} catch {
		return null;
	}
	try {
		return stream.getReader( { mode: 'byob' } );
	} catch {
		// Not a byte stream: let it go unread.
		stream.cancel().catch( () => undefined );
		return null;
	}
}

function endedEarly( offset: number, size: number ): Error {
	// A file that shrank since it was picked: hashing what is there would name the
	// wrong content.
	return new Error( `the file ended at ${ offset } of ${ size } bytes while it was read` );
}

/**
 * The bytes as a stream into one buffer, reused for every read. This is what makes hashing fast
 * in Chromium: Blob#arrayBuffer() (and FileReader, FileReaderSync, a default stream reader) puts
 * every slice into new memory, and the page faults and copying of that cost the hashing thread
 * about twice what hashing the bytes does (256 MiB: 1.1 s of the worker's time against 0.5 s;
 * BENCHMARKS.md). A read ends at each multiple of sliceSize, where progress is reported.
 */
async function hashStream(
	reader: ReadableStreamBYOBReader, sha1: Sha1State, size: number, sliceSize: number,
	stopIfAborted: () => void, onProgress?: ( bytes: number ) => void
): Promise<void> {
	let buffer = new ArrayBuffer( Math.min( sliceSize, size ) );
	let offset = 0;
	try {
		while ( offset < size ) {
			const room = Math.min( buffer.byteLength, sliceSize - offset % sliceSize, size - offset );
			const { done, value } = await reader.read( new Uint8Array( buffer, 0, room ) );
			stopIfAborted();
			if ( done || !value ) {
				throw endedEarly( offset, size );
			}
			// The read moved the buffer into the view it gave back: take it back from there.
			buffer = value.buffer as ArrayBuffer;
			sha1.update( value );
			offset += value.byteLength;
			if ( onProgress && ( offset % sliceSize === 0 || offset === size ) ) {
				onProgress( offset );
			}
		}
	} finally {
		// All the blob's bytes are read (a stream says it is done only on one more read), or
		// this ends early: either way the stream is not read further.
		reader.cancel().catch( () => undefined );
	}
}

/**
 * The bytes in slices of sliceSize, each read into new memory (Blob#slice + readBlob): where
 * there is no byte stream. The next slice is asked for before this one is hashed.
 */
async function hashSlices(
	blob: Blob, sha1: Sha1State, size: number, sliceSize: number,
	stopIfAborted: () => void, onProgress?: ( bytes: number ) => void
): Promise<void> {
	const read = ( start: number ) => readBlob( blob.slice( start, Math.min( start + sliceSize, size ) ) );
	let offset = 0;
	let next: Promise<ArrayBuffer> | null = read( 0 );
	try {
		while ( next ) {
			const bytes: ArrayBuffer = await next;
			stopIfAborted();
			const end = offset + bytes.byteLength;
			if ( bytes.byteLength === 0 ) {
				throw endedEarly( offset, size );
			}
			next = end < size ? read( end ) : null;
			sha1.update( new Uint8Array( bytes ) );
			offset = end;
			if ( onProgress ) {
				onProgress( offset );
			}
		}
	} catch ( error ) {
		// A read already asked for must not end as an unhandled rejection.
		if ( next ) {
			next.catch( () => undefined );
		}
		throw error;
	}
}

/** The blob's SHA-1 as 40 lowercase hex digits. */
export async function hashBlob( blob: Blob, options: HashBlobOptions = {} ): Promise<string> {
	const { sliceSize = DEFAULT_SLICE_SIZE, signal, onProgress } = options;
	if ( !( sliceSize > 0 ) || Math.floor( sliceSize ) !== sliceSize ) {
		throw new RangeError( `slice size must be a positive whole number of bytes, not ${ sliceSize }` );
	}
	const stopIfAborted = () => {
		if ( signal && signal.aborted ) {
			throw new AbortError();
		}
	};
	stopIfAborted();

	const size = blob.size;
	const sha1 = await createSHA1();
	stopIfAborted();
	if ( size === 0 ) {
		if ( onProgress ) {
			onProgress( 0 );
		}
		return sha1.digest( 'hex' );
	}
	const reader = byobReader( blob );
	if ( reader ) {
		await hashStream( reader, sha1, size, sliceSize, stopIfAborted, onProgress );
	} else {
		await hashSlices( blob, sha1, size, sliceSize, stopIfAborted, onProgress );
	}
	return sha1.digest( 'hex' );
}
