/**
 * A file's SHA-1, read in slices: the one core that both the worker (src/hash/worker.ts) and the
 * page's thread (the fallback in src/hash/hasher.ts) run. No DOM beyond Blob and FileReader,
 * which workers have too.
 *
 * hash-wasm, because the hash must be incremental (a file of several GB is never in memory at
 * once) and crypto.subtle.digest is not: it takes the whole input, and it is missing on wikis
 * served over plain HTTP (it needs a secure context).
 */
import { createSHA1 } from 'hash-wasm';
import { AbortError } from '../api/errors';

const MiB = 1024 * 1024;

/**
 * 16 MiB: each slice read costs a round trip to the browser's file reader, so small slices
 * are slow (in Chromium hash-wasm does 150–170 MB/s reading 1 MiB slices, 310–340 MB/s
 * reading 16 MiB ones). With the next slice read while this one is hashed, two slices are in
 * memory at a time: 32 MiB, briefly.
 */
export const DEFAULT_SLICE_SIZE = 16 * MiB;

export interface HashBlobOptions {
	/** Bytes read at a time (default DEFAULT_SLICE_SIZE). */
	sliceSize?: number;
	/** Stops the hashing; the promise then rejects with AbortError. */
	signal?: AbortSignal;
	/** Bytes hashed so far: after every slice, ending with the blob's size (0 for an empty one). */
	onProgress?: ( bytes: number ) => void;
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
	const read = ( start: number ) => readBlob( blob.slice( start, Math.min( start + sliceSize, size ) ) );
	const sha1 = await createSHA1();
	let offset = 0;
	let next = size > 0 ? read( 0 ) : null;
	try {
		while ( next ) {
			const bytes = await next;
			stopIfAborted();
			const end = offset + bytes.byteLength;
			if ( bytes.byteLength === 0 ) {
				// A file that shrank since it was picked: hashing what remains would name the
				// wrong content.
				throw new Error( `the file ended at ${ offset } of ${ size } bytes while it was read` );
			}
			// Ask for the next slice before hashing this one: the browser reads the file while
			// the WebAssembly hashes, so reading costs (almost) no time of its own.
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
	if ( size === 0 && onProgress ) {
		onProgress( 0 );
	}
	return sha1.digest( 'hex' );
}
