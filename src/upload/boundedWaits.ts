/**
 * Bounds on what a job waits for that has no bound of its own. The wiki's look-ups (a job's
 * status, the user's stash, a file's latest version) go without the idle timeout that the
 * uploads' requests have, and a hash has no timeout at all: each gets a deadline here, after
 * which it fails as a passing fault (a timeout), which the job's usual answer to such a fault
 * handles (try again, or send instead of finding). Every request is also a sign of life for the
 * job's watchdog.
 */
import type { RequestControl } from '../api/types';
import type { FileHasher } from '../hash/hasher';
import { withDeadline } from './deadline';
import type { UploadApi } from './ports';

/** A look-up that has not answered in a minute has stalled: the wiki answers them in a second. */
export const LOOKUP_DEADLINE_MS = 60 * 1000;

/**
 * A hash gets 30 s and a second for each 10 MB: far beyond the worker's speed (hundreds of MB/s,
 * BENCHMARKS.md) on a slow machine, and short enough that a hash that never ends costs a re-send,
 * not the batch.
 */
export function hashDeadline( bytes: number ): number {
	return 30 * 1000 + Math.ceil( bytes / ( 10 * 1000 * 1000 ) ) * 1000;
}

/** The wiki as one job sees it: look-ups with deadlines, every request a sign of life. */
export function boundedApi( api: UploadApi, sign: () => void ): UploadApi {
	const watched = <T>( request: Promise<T> ): Promise<T> => {
		sign();
		return request.finally( sign );
	};
	const lookUp = <T>( what: string, control: RequestControl | undefined, request: ( control: RequestControl ) => Promise<T> ): Promise<T> =>
		watched( withDeadline( ( signal ) => request( { ...control, signal } ), LOOKUP_DEADLINE_MS, control?.signal, what ) );
	return {
		siteInfo: () => watched( api.siteInfo() ),
		stashFile: ( file, filename, control ) => watched( api.stashFile( file, filename, control ) ),
		stashChunk: ( params, control ) => watched( api.stashChunk( params, control ) ),
		stashUrl: ( url, filename, control ) => watched( api.stashUrl( url, filename, control ) ),
		commit: ( params, control ) => watched( api.commit( params, control ) ),
		checkStatus: ( filekey, control ) => lookUp( 'checkstatus', control, ( c ) => api.checkStatus( filekey, c ) ),
		latestVersion: ( filename ) => lookUp( 'the file\'s latest version', undefined, () => api.latestVersion( filename ) ),
		findStashed: ( size, status, control ) => lookUp( 'the stash', control, ( c ) => api.findStashed( size, status, c ) )
	};
}

/** A hash with a deadline for its size; its progress is a sign of life. */
export function boundedHash( hasher: FileHasher, sign: () => void ): ( blob: Blob, signal: AbortSignal ) => Promise<string> {
	// First in the hasher's line: the content checks of a long list must not make an upload
	// wait, nor its deadline run out behind them (the soak then re-sent, leaving stash entries).
	return ( blob, signal ) => withDeadline( ( s ) => hasher.hash( blob, { signal: s, onProgress: sign, first: true } ),
		hashDeadline( blob.size ), signal, 'hashing' );
}
