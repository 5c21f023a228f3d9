/**
 * Finding what a request whose answer got lost left in the wiki's stash, instead of sending it
 * again: an assembled file (from its job, or by size and SHA-1 in the user's stash), or the entry
 * a first chunk or a whole file made.
 */
import { AbortError } from '../api/errors';
import type { UploadApi } from './ports';
import { outcome, pollUntilDone } from './stashAnswers';
import type { StashOutcome, TransferOptions } from './transfer';

/**
 * The stashed file that the chunks under `filekey` became, when the server assembled them
 * without the engine hearing of it; null when it cannot be found (then the upload starts over).
 * An assembly in a job (`async`) leaves its outcome under the old key (checkstatus), with its
 * warnings; a synchronous one leaves nothing there, and the file is looked for in the user's
 * stash by size and SHA-1 (its warnings went with the lost answer: the commit asks for them again).
 */
export async function findAssembled( api: UploadApi, file: File, filekey: string, inJob: boolean, options: TransferOptions ): Promise<StashOutcome | null> {
	const fromJob = inJob ? await jobOutcome( api, filekey, options ) : null;
	if ( fromJob ) {
		return fromJob;
	}
	const found = await findLostEntry( api, file, 'finished', options );
	return found ? { filekey: found, warnings: [] } : null;
}

/** The stashed file an assembly job made of the chunks under `filekey`; null when there is none to be told of. */
async function jobOutcome( api: UploadApi, filekey: string, options: TransferOptions ): Promise<StashOutcome | null> {
	try {
		const status = await api.checkStatus( filekey, { signal: options.signal } );
		const answer = status.result === 'Poll' ? await pollUntilDone( api, filekey, options ) : status;
		return answer.result === 'Success' && answer.filekey ? outcome( answer ) : null;
	} catch ( error ) {
		if ( error instanceof AbortError ) {
			throw error;
		}
		// No outcome under that key (an expired stash, a failed job): look further.
		return null;
	}
}

/**
 * The key of the stash entry a lost answer was about: the user's entry of that status whose
 * size and SHA-1 are the blob's, and that no other upload of the page holds. Null when there is
 * none (the request never reached the wiki) or when it cannot be told; the caller then sends
 * again, as it would have anyway.
 */
export async function findLostEntry( api: UploadApi, blob: Blob, status: 'chunks' | 'finished', options: TransferOptions ): Promise<string | null> {
	if ( !options.hash ) {
		return null;
	}
	try {
		const entries = ( await api.findStashed( blob.size, status, { signal: options.signal } ) )
			.filter( ( e ) => !( options.isClaimed && options.isClaimed( e.filekey ) ) );
		if ( !entries.length ) {
			return null;
		}
		const sha1 = await options.hash( blob, options.signal );
		const match = entries.find( ( e ) => e.sha1 === sha1 );
		return match ? match.filekey : null;
	} catch ( error ) {
		if ( error instanceof AbortError ) {
			throw error;
		}
		// Looking is a saving, not a duty: on any failure, send again.
		return null;
	}
}
