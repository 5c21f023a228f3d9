/** Where chunks start and end: pure arithmetic, tested at the edges. */

export const MiB = 1024 * 1024;
/** 1 MiB: small enough to lose little on a failed request, big enough to cost few round trips. */
export const DEFAULT_CHUNK_SIZE = MiB;

export interface ChunkRange {
	start: number;
	end: number;
}

/**
 * The chunk that starts at `offset`. Every chunk but the last is `chunkSize` bytes (which must
 * not be below the wiki's minimum); the last one is what remains.
 */
export function chunkAt( offset: number, fileSize: number, chunkSize: number ): ChunkRange {
	if ( chunkSize <= 0 ) {
		throw new RangeError( 'chunk size must be positive' );
	}
	if ( offset < 0 || offset >= fileSize ) {
		throw new RangeError( `offset ${ offset } outside the file (${ fileSize } bytes)` );
	}
	return { start: offset, end: Math.min( offset + chunkSize, fileSize ) };
}

/** Every chunk of a file, in order. An empty file has none. */
export function planChunks( fileSize: number, chunkSize: number ): ChunkRange[] {
	const chunks: ChunkRange[] = [];
	for ( let offset = 0; offset < fileSize; offset += chunkSize ) {
		chunks.push( chunkAt( offset, fileSize, chunkSize ) );
	}
	return chunks;
}

/**
 * The chunk size to use: the user's choice, never below the wiki's minimum (the server refuses
 * a smaller non-final chunk with chunk-too-small) and a whole number of bytes.
 */
export function effectiveChunkSize( requested: number, minChunkSize: number ): number {
	const size = Math.floor( Number.isFinite( requested ) && requested > 0 ? requested : DEFAULT_CHUNK_SIZE );
	return Math.max( size, minChunkSize );
}

/**
 * Files up to this size go in one request whatever the chunk size. Chunks pay a request and
 * the server's turn each: a 2 MB photo in two 1 MB chunks and a commit is three requests where
 * two do, and it is in a batch of hundreds that this adds up. Up to 4 MiB, a failed request
 * costs little to send again, and any wiki that takes chunks of MediaWiki's own default size
 * (5 MiB) takes it; a wiki that refuses it gets chunks (see sendToStash).
 */
export const ONE_REQUEST_UP_TO = 4 * MiB;

/** A file is sent whole in one request when it fits in one chunk, or is small (see above). */
export function sendsInOneRequest( fileSize: number, chunkSize: number, oneRequestUpTo = 0 ): boolean {
	return fileSize <= Math.max( chunkSize, oneRequestUpTo );
}
