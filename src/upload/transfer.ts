/**
 * Getting one file's bytes into the upload stash: in one request, in chunks, or fetched by the
 * wiki from a URL. Ends with a filekey and the warnings the server found; publishing is the
 * queue's next step. Transient failures are retried with backoff; a chunk the server refuses
 * for its offset is re-sent from the offset the server names.
 */
import { AbortError, ApiError, HttpError } from '../api/errors';
import type { UploadResponse } from '../api/types';
import {
	EMPTY_HISTORY,
	isSizeRefusal,
	nextChunkSize,
	recordAccepted,
	recordFailed,
	recordRefused,
	type AdaptiveHistory
} from './adaptive';
import { chunkAt, sendsInOneRequest } from './chunks';
import { StashedSizeError, UnreadableFileError, describeFailure, serverOffset } from './failures';
import type { UploadApi } from './ports';
import { findAssembled, findLostEntry } from './lostAnswers';
import { retryDelay, sleep as realSleep } from './retry';
import { outcome, pollUntilDone, withRetries } from './stashAnswers';
import type { Source } from './model';
import type { UploadWarning } from './warnings';

export { POLL_CEILING_MS, pollUntilDone, withRetries } from './stashAnswers';

export interface StashOutcome {
	filekey: string;
	warnings: UploadWarning[];
}

export interface TransferOptions {
	/** Bytes per chunk; with `adaptive`, the first chunk's size. */
	chunkSize: number;
	/** Files up to this size (or one chunk) go in one request (see ONE_REQUEST_UP_TO). */
	oneRequestUpTo?: number;
	/** A file bigger than a chunk was refused as too large for one request, and goes in chunks. */
	onOneRequestRefused?(): void;
	/** Grow and shrink the chunks with the link (see adaptive.ts), within these bounds. */
	adaptive?: { min: number; max: number };
	/** Files at least this big are assembled by the server in a job (async), then polled. */
	asyncFrom: number;
	signal: AbortSignal;
	/** Go on with chunks the server already has (after a pause or a reload). */
	resumeFrom?: { filekey: string; offset: number };
	/** Bytes of the file sent so far (including the part of the current request). */
	onProgress( sent: number ): void;
	/** The server has the file up to `offset` under `filekey`: a point to resume from. */
	onChunk?( filekey: string, offset: number ): void;
	/** The server had lost the chunks sent so far (expired stash): the upload starts over. */
	onRestart?(): void;
	/** A retry is scheduled at this time (ms), or null once it started. */
	onRetry( at: number | null ): void;
	/** The server is working on the file (assembling, publishing). */
	onStage( stage: string ): void;
	sleep?: ( ms: number, signal?: AbortSignal ) => Promise<void>;
	now?: () => number;
	/**
	 * The SHA-1 of a blob. With it, a request whose answer was lost is looked for in the
	 * user's stash (by size and SHA-1) before anything is sent again: no byte re-sent, no
	 * orphan left in the stash. Without it, a lost answer costs a re-send.
	 */
	hash?: ( blob: Blob, signal: AbortSignal ) => Promise<string>;
	/** Stash keys that other uploads of the page hold: never taken over by this one. */
	isClaimed?: ( filekey: string ) => boolean;
}

/**
 * A middle chunk that makes no progress for this long is given up and retried: a stalled
 * connection must not hang the upload. The last chunk has none: the server may assemble a
 * large file before it answers.
 */
export const CHUNK_IDLE_TIMEOUT_MS = 60000;

/**
 * MediaWiki's answer to a chunk for an upload whose chunks are all there already (1.43:
 * apierror-stashfailed-complete, code stashfailed). Only its text tells it apart: the API layer
 * names the message (ApiError.messageKey, in any language); the English text is the fallback.
 */
const ALREADY_COMPLETE = /already completed/i;

/** How many times in a row the server may name an offset before the upload is given up. */
const MAX_RESYNCS = 5;
/**
 * How often an upload may start over because its chunks were gone: once for an expired stash,
 * a few times when the reason is an answer lost after a synchronous assembly (and the
 * assembled file could not be found).
 */
const MAX_RESTARTS = 3;

export async function sendToStash( api: UploadApi, source: Source, filename: string, options: TransferOptions ): Promise<StashOutcome> {
	if ( source.kind === 'url' ) {
		const answer = await withRetries( options, () => api.stashUrl( source.url, filename, { signal: options.signal } ) );
		return outcome( answer );
	}
	if ( source.kind === 'missing' ) {
		throw new ApiError( 'file-missing', 'The file must be picked again.' );
	}
	const file = source.file;
	if ( !options.resumeFrom && sendsInOneRequest( file.size, options.chunkSize, options.oneRequestUpTo ) ) {
		// A file bigger than a chunk that the server refuses as too large for one request
		// (a proxy's or PHP's body limit) goes again in chunks, which is what they are for.
		const chunkable = file.size > options.chunkSize;
		let lost = false;
		const answer = await withRetries( options, async (): Promise<UploadResponse | null> => {
			if ( lost ) {
				// The last try's answer got lost: the wiki may have stashed the file already.
				const filekey = await findLostEntry( api, file, 'finished', options );
				if ( filekey ) {
					return { result: 'Success', filekey };
				}
			}
			try {
				return await api.stashFile( file, filename, {
					signal: options.signal,
					// The server's part after the body (its checks, the stash) is short for a
					// file this small: a request silent this long has stalled.
					idleTimeoutMs: CHUNK_IDLE_TIMEOUT_MS,
					onProgress: ( fraction ) => options.onProgress( Math.round( fraction * file.size ) )
				} );
			} catch ( error ) {
				if ( chunkable && refusedAsTooLarge( error, file.size ) ) {
					// A 200 without JSON is a body-size limit, or the wiki's answer cut short after
					// it stashed the file: look before going again in chunks (the stashed file would
					// be left behind). A 413 stashed nothing.
					const cutShort = error instanceof HttpError && error.kind === 'bad-response';
					const stashed = cutShort ? await findLostEntry( api, file, 'finished', options ) : null;
					return stashed ? { result: 'Success', filekey: stashed } : null;
				}
				lost = lost || error instanceof HttpError;
				await mustBeReadable( error, file );
				throw error;
			}
		} );
		if ( answer ) {
			options.onProgress( file.size );
			return outcome( answer );
		}
		options.onOneRequestRefused?.();
		options.onProgress( 0 );
	}
	return sendChunks( api, file, filename, options );
}

/**
 * A proxy or PHP in front of the wiki refused a request of this many bytes for its body's size
 * (HTTP 413 and the like): chunks get through. Not the wiki's own `file-too-large`: that is the
 * file's size against the wiki's limit, and chunks would only be clamped to a truncated file.
 */
function refusedAsTooLarge( error: unknown, bytes: number ): boolean {
	return isSizeRefusal( error, bytes, EMPTY_HISTORY );
}

async function sendChunks( api: UploadApi, file: File, filename: string, options: TransferOptions ): Promise<StashOutcome> {
	const useAsync = file.size >= options.asyncFrom;
	let offset = options.resumeFrom ? options.resumeFrom.offset : 0;
	let filekey: string | undefined = options.resumeFrom?.filekey;
	let attempt = 0;
	let resyncs = 0;
	let restarts = 0;
	let expiredOnce = false;
	let history: AdaptiveHistory = EMPTY_HISTORY;
	/** A request whose answer may be lost after the server applied it: the first or the last chunk. */
	let lost: { end: number; last: boolean } | null = null;
	const sleep = options.sleep || realSleep;
	const now = options.now || Date.now;

	for ( ;; ) {
		if ( offset >= file.size && filekey ) {
			// The server has every byte (an answer to the last chunk got lost while it assembled
			// asynchronously): ask it how far it got instead of sending anything again.
			return outcome( await pollUntilDone( api, filekey, options ) );
		}
		if ( offset === 0 && lost && !lost.last ) {
			// The first chunk's answer got lost: if the wiki kept it, go on with its key.
			const found = await findLostEntry( api, file.slice( 0, lost.end ), 'chunks', options );
			if ( found ) {
				filekey = found;
				offset = lost.end;
				lost = null;
				options.onProgress( offset );
				options.onChunk?.( filekey, offset );
				continue;
			}
		}
		const size = options.adaptive ?
			nextChunkSize( history, { ...options.adaptive, initial: options.chunkSize, remaining: file.size - offset } ) :
			options.chunkSize;
		const { start, end } = chunkAt( offset, file.size, size );
		const last = end === file.size;
		const sentAt = now();
		let answer: UploadResponse;
		try {
			answer = await api.stashChunk( {
				// Blob.slice reads nothing yet: only this chunk's bytes are ever read, when sent.
				chunk: file.slice( start, end ),
				filename,
				filesize: file.size,
				offset: start,
				filekey: start > 0 ? filekey : undefined,
				async: useAsync
			}, {
				signal: options.signal,
				idleTimeoutMs: last ? undefined : CHUNK_IDLE_TIMEOUT_MS,
				onProgress: ( fraction ) => options.onProgress( start + Math.round( fraction * ( end - start ) ) )
			} );
		} catch ( error ) {
			if ( error instanceof AbortError ) {
				throw error;
			}
			await mustBeReadable( error, file.slice( start, end ) );
			if ( error instanceof HttpError && ( start === 0 || last ) ) {
				lost = { end, last };
			}
			if ( options.adaptive && !last && end - start > options.adaptive.min && isSizeRefusal( error, end - start, history ) ) {
				// Too big for the server (a proxy's or PHP's body limit): smaller, at once.
				history = recordRefused( history, end - start );
				continue;
			}
			if ( filekey && error instanceof ApiError && error.code === 'stashfailed' &&
				( error.messageKey === 'apierror-stashfailed-complete' || ALREADY_COMPLETE.test( error.info ) ) ) {
				// The server has every chunk and assembles them in a job: the answer to the last
				// chunk got lost (or a pause cut it off). Ask how far it got; send nothing again.
				return outcome( await pollUntilDone( api, filekey, options ) );
			}
			const expected = serverOffset( error );
			// The server naming the offset of this very chunk refused it for another reason
			// (its verification, its size): sending it again at once would only repeat that.
			if ( expected !== null && expected !== start && filekey && resyncs < MAX_RESYNCS && expected <= file.size ) {
				// The server has a different idea of how far we are (an answer got lost, or a
				// chunk went twice): continue from where it is, never re-sending into the file.
				resyncs++;
				offset = expected;
				options.onProgress( offset );
				continue;
			}
			if ( error instanceof ApiError && error.code === 'uploadstash-file-not-found' && offset > 0 ) {
				// The chunks' key is gone. Either the server assembled the file under a new key
				// and dropped the old one (the answer to the last chunk got lost, or a pause or a
				// reload cut it off: the server went on), or the stash expired.
				const afterLostLast = lost !== null && lost.last;
				const assembled = filekey ? await findAssembled( api, file, filekey, useAsync, options ) : null;
				if ( assembled ) {
					options.onProgress( file.size );
					return assembled;
				}
				// Otherwise the stash expired (once), or the assembled file is not to be found:
				// start over.
				if ( restarts < MAX_RESTARTS && ( afterLostLast || !expiredOnce ) ) {
					restarts++;
					expiredOnce = expiredOnce || !afterLostLast;
					lost = null;
					offset = 0;
					filekey = undefined;
					history = EMPTY_HISTORY;
					options.onRestart?.();
					options.onProgress( 0 );
					continue;
				}
			}
			const failure = describeFailure( error );
			attempt++;
			const delay = failure.transient ? retryDelay( attempt ) : null;
			if ( delay === null ) {
				throw error;
			}
			if ( options.adaptive ) {
				history = recordFailed( history, end - start );
			}
			options.onRetry( now() + delay );
			await sleep( delay, options.signal );
			options.onRetry( null );
			continue;
		}

		if ( answer.filekey && answer.result !== 'Success' ) {
			filekey = answer.filekey;
		}
		lost = null;
		if ( answer.result === 'Continue' ) {
			const next = typeof answer.offset === 'number' ? answer.offset : end;
			if ( options.adaptive && next === end ) {
				history = recordAccepted( history, { bytes: end - start, ms: now() - sentAt } );
			}
			if ( next > offset ) {
				// Progress resets the patience: a long upload may meet many unrelated faults.
				attempt = 0;
				resyncs = 0;
			}
			offset = next;
			options.onProgress( offset );
			if ( filekey ) {
				options.onChunk?.( filekey, offset );
			}
			continue;
		}
		if ( answer.result === 'Poll' ) {
			// Only the last chunk may start the assembly: before it, the server has taken a
			// clamped `filesize` for the whole file, and would assemble a truncated one.
			if ( !last ) {
				throw new StashedSizeError( end, file.size );
			}
			options.onProgress( file.size );
			return sameSize( await pollUntilDone( api, filekey, options ), file.size );
		}
		// Anything but Continue before the last byte, or a stashed file of another size, means
		// the server did not assemble what was sent (it clamps an oversized upload silently):
		// never let such a file reach the commit.
		const stashedSize = answer.imageinfo?.size;
		if ( !last || ( typeof stashedSize === 'number' && stashedSize !== file.size ) ) {
			throw new StashedSizeError( typeof stashedSize === 'number' ? stashedSize : end, file.size );
		}
		options.onProgress( file.size );
		return outcome( answer );
	}
}

/**
 * A request that failed without an answer may have failed because the browser could not read
 * the file (moved, deleted, changed on disk since it was picked: Chromium then fails the
 * request like a network error). Retrying that would wait in vain: find out, and say so.
 */
async function mustBeReadable( error: unknown, blob: Blob ): Promise<void> {
	if ( !( error instanceof HttpError ) || error.kind === 'status' || error.kind === 'bad-response' ) {
		return;
	}
	try {
		await blob.slice( 0, 1 ).arrayBuffer();
	} catch ( readError ) {
		throw new UnreadableFileError( String( ( readError as Error ).message || readError ) );
	}
}

/** The assembled file's answer, when its size (where the answer gives it) is the file's. */
function sameSize( answer: UploadResponse, size: number ): StashOutcome {
	const stashed = answer.imageinfo?.size;
	if ( typeof stashed === 'number' && stashed !== size ) {
		throw new StashedSizeError( stashed, size );
	}
	return outcome( answer );
}
