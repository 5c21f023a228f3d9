/**
 * Asking the wiki about work on the stash: a request tried again after passing failures, the
 * polling of asynchronous work (assembly, publishing) until it is done, and what a stash answer
 * comes to (a filekey and its warnings).
 */
import { AbortError, ApiError } from '../api/errors';
import type { UploadResponse } from '../api/types';
import { describeFailure } from './failures';
import type { UploadApi } from './ports';
import { pollDelay, retryDelay, sleep as realSleep } from './retry';
import type { StashOutcome, TransferOptions } from './transfer';
import { parseWarnings } from './warnings';

/** Polling asynchronous work stops after this long without an answer other than "still working". */
export const POLL_CEILING_MS = 60 * 60 * 1000;

/** Ask about asynchronous work until it is done; the answer then is like a synchronous one. */
export async function pollUntilDone( api: UploadApi, filekey: string | undefined, options: TransferOptions ): Promise<UploadResponse> {
	if ( !filekey ) {
		throw new ApiError( 'missing-filekey', 'The server answered Poll without a filekey.' );
	}
	const sleep = options.sleep || realSleep;
	const now = options.now || Date.now;
	const started = now();
	for ( let poll = 0; ; poll++ ) {
		await sleep( pollDelay( poll ), options.signal );
		const answer = await withRetries( options, () => api.checkStatus( filekey, { signal: options.signal } ) );
		if ( answer.result !== 'Poll' ) {
			return answer;
		}
		options.onStage( answer.stage || 'queued' );
		if ( now() - started > POLL_CEILING_MS ) {
			throw new ApiError( 'poll-timeout', 'The server did not finish in time.' );
		}
	}
}

/** One request, tried again after transient failures. */
export async function withRetries<T>( options: Pick<TransferOptions, 'signal' | 'onRetry' | 'sleep' | 'now'>, request: () => Promise<T> ): Promise<T> {
	const sleep = options.sleep || realSleep;
	const now = options.now || Date.now;
	for ( let attempt = 1; ; attempt++ ) {
		try {
			return await request();
		} catch ( error ) {
			if ( error instanceof AbortError ) {
				throw error;
			}
			const delay = describeFailure( error ).transient ? retryDelay( attempt ) : null;
			if ( delay === null ) {
				throw error;
			}
			options.onRetry( now() + delay );
			await sleep( delay, options.signal );
			options.onRetry( null );
		}
	}
}

export function outcome( answer: UploadResponse ): StashOutcome {
	const warnings = parseWarnings( answer.warnings );
	if ( !answer.filekey ) {
		// e.g. an empty file: a Warning without a stashed file. Nothing can be committed.
		const first = warnings[ 0 ];
		throw new ApiError( first ? first.key : 'stashfailed', first ? first.raw : 'The file was not stashed.' );
	}
	return { filekey: answer.filekey, warnings };
}
