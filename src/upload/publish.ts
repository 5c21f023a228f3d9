/**
 * Publishing a stashed file by its filekey, with every field the user set: the commit request,
 * tried again after passing failures and never publishing twice, and the wait for the wiki's job
 * where it publishes asynchronously. Returns the wiki's last word; the job decides what it means
 * for the file.
 */
import { AbortError, ApiError } from '../api/errors';
import type { CommitParams, SiteInfo, UploadResponse } from '../api/types';
import { describedPageText, type PageTextSetup } from './describedText';
import { describeFailure } from './failures';
import type { UploadItem } from './model';
import { parseTags } from './names';
import type { UploadApi } from './ports';
import { retryDelay } from './retry';
import { pollUntilDone, withRetries } from './stashAnswers';

export interface PublishContext {
	api: UploadApi;
	/** The file's SHA-1 where the content check knows it: a lost commit's file is recognised by it. */
	sha1?: string | null;
	site: SiteInfo | null;
	signal: AbortSignal;
	/** Files at least this big are published asynchronously (by the wiki's job queue). */
	asyncFrom: number;
	wait( ms: number, signal: AbortSignal ): Promise<void>;
	now?: () => number;
	/** The wiki's job publishes the file now; `stage` is how far it got. */
	onPublishing( stage: string ): void;
}

/** The commit request's parameters: the stashed file under the name and fields the user set. */
export function commitParams( item: UploadItem & { filekey: string }, site: SiteInfo | null, asyncFrom: number, describe?: PageTextSetup ): CommitParams {
	const params: CommitParams = {
		filekey: item.filekey,
		filename: item.fields.filename.trim(),
		comment: item.fields.comment,
		text: describedPageText( item.fields, describe ),
		tags: parseTags( item.fields.tags ).filter( ( tag ) => !describe || !describe.allowedTags || describe.allowedTags.indexOf( tag ) !== -1 ),
		watchlist: item.fields.watchlist,
		ignorewarnings: item.ignoreWarnings,
		async: ( item.size || 0 ) >= asyncFrom
	};
	if ( site && site.watchlistExpiryEnabled && item.fields.watchlist === 'watch' && item.fields.watchlistExpiry ) {
		params.watchlistexpiry = item.fields.watchlistExpiry;
	}
	return params;
}

/** Sends the commit and, where the wiki publishes in a job, waits for that job's outcome. */
export async function publish( params: CommitParams, size: number | null, context: PublishContext ): Promise<UploadResponse> {
	const answer = await sendCommit( params, size, context );
	if ( answer.result !== 'Poll' ) {
		return answer;
	}
	context.onPublishing( answer.stage || 'queued' );
	return pollUntilDone( context.api, params.filekey, {
		signal: context.signal,
		chunkSize: 0,
		asyncFrom: 0,
		sleep: ( ms, s ) => context.wait( ms, s || context.signal ),
		now: context.now,
		onProgress: () => undefined,
		onRetry: () => undefined,
		onStage: context.onPublishing
	} );
}

/**
 * The commit request, tried again after passing failures. A key already consumed may be this
 * file's own commit whose answer was lost: an earlier try of ours, a stalled one the job gave
 * up, or the browser's own resend (Chromium sends a request again by itself when a reused
 * connection closes before any answer, and the page only hears the second answer). If the file
 * is there, uploaded by this user, that is the success it was, not a failure and never a second
 * version.
 */
async function sendCommit( params: CommitParams, size: number | null, context: PublishContext ): Promise<UploadResponse> {
	const { api, signal } = context;
	for ( let attempt = 1; ; attempt++ ) {
		try {
			return await api.commit( params, { signal } );
		} catch ( error ) {
			if ( error instanceof AbortError ) {
				throw error;
			}
			// "Upload from stash already in progress": an earlier publish of this key runs on the
			// server; wait for it instead of publishing twice.
			if ( error instanceof ApiError && error.code === 'publishfailed' &&
				( error.messageKey === 'apierror-upload-inprogress' || /in progress/i.test( error.info ) ) ) {
				return { result: 'Poll', stage: 'queued' };
			}
			if ( error instanceof ApiError && error.code === 'uploadstash-file-not-found' ) {
				if ( await isPublished( params.filename, size, context ) ) {
					return { result: 'Success', filename: params.filename };
				}
				throw error;
			}
			const delay = describeFailure( error ).transient ? retryDelay( attempt ) : null;
			if ( delay === null ) {
				throw error;
			}
			await context.wait( delay, signal );
		}
	}
}

/**
 * Whether the file is on the wiki as this commit would have left it: the current version under
 * its name, uploaded by this user, with its SHA-1 (where known) or else its size. Asked after a
 * commit whose answer never came; a passing fault of the look-up is asked again a few times.
 */
export async function isPublished( filename: string, size: number | null, context: PublishContext ): Promise<boolean> {
	const { api, signal } = context;
	const version = await withRetries( { signal, onRetry: () => undefined, sleep: ( ms, s ) => context.wait( ms, s || signal ), now: context.now },
		() => api.latestVersion( filename ) );
	const user = context.site?.userName;
	if ( !version || !user || version.user !== user ) {
		return false;
	}
	return context.sha1 ? version.sha1 === context.sha1 : size === null || version.size === size;
}
