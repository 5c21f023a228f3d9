/**
 * Files of the simulation: their bytes are generated from a content id (same id, same bytes:
 * duplicates), and read synchronously. SimBlob keeps its bytes in memory and answers
 * arrayBuffer() with a resolved promise, so reading never waits on real I/O and the fake clock
 * stays the only time there is.
 */
import { createHash } from 'node:crypto';

export class SimBlob extends Blob {
	readonly data: Uint8Array;

	constructor( bytes: Uint8Array ) {
		super( [] );
		this.data = bytes;
	}

	override get size(): number {
		return this.data.length;
	}

	override slice( start = 0, end: number = this.data.length ): SimBlob {
		const size = this.data.length;
		const from = start < 0 ? Math.max( 0, size + start ) : Math.min( start, size );
		const to = end < 0 ? Math.max( 0, size + end ) : Math.min( end, size );
		return new SimBlob( this.data.subarray( from, Math.max( from, to ) ) );
	}

	override arrayBuffer(): Promise<ArrayBuffer> {
		return Promise.resolve( this.data.slice().buffer as ArrayBuffer );
	}
}

/** A picked file: a name, a last-modified time and bytes. The engine sees it as a File. */
export class SimFile extends SimBlob {
	readonly name: string;
	readonly lastModified: number;

	constructor( bytes: Uint8Array, name: string, lastModified: number ) {
		super( bytes );
		this.name = name;
		this.lastModified = lastModified;
	}

	asFile(): File {
		return this as unknown as File;
	}
}

/** The bytes of content `id`, `size` long: a fast xorshift fill, the same for the same arguments. */
export function contentBytes( id: number, size: number ): Uint8Array {
	const bytes = new Uint8Array( size );
	let x = ( id * 2654435761 + 0x1234567 ) >>> 0 || 1;
	for ( let i = 0; i < size; i += 4 ) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		bytes[ i ] = x & 255;
		if ( i + 1 < size ) {
			bytes[ i + 1 ] = ( x >>> 8 ) & 255;
		}
		if ( i + 2 < size ) {
			bytes[ i + 2 ] = ( x >>> 16 ) & 255;
		}
		if ( i + 3 < size ) {
			bytes[ i + 3 ] = ( x >>> 24 ) & 255;
		}
	}
	return bytes;
}

export function sha1Of( bytes: Uint8Array ): string {
	return createHash( 'sha1' ).update( bytes ).digest( 'hex' );
}

/** The bytes of a blob handed to the simulated wiki (always a SimBlob: the engine only slices). */
export function bytesOf( blob: Blob ): Uint8Array {
	if ( !( blob instanceof SimBlob ) ) {
		throw new Error( 'the simulation was given a blob it did not make' );
	}
	return blob.data;
}
