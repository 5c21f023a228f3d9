/**
 * The boundary with mw.Api's jQuery promises: a request as a native promise that keeps the
 * whole answer, its progress, abort and idle timeout, and mw.Api's ( code, result ) rejection
 * as one of our error classes (in either error format the wiki answers in).
 */
import { AbortError, ApiError, HttpError } from './errors';
import { errorOf, normalizedAnswer } from './errorFormat';
import type { ApiUploadAnswer, RequestControl } from './types';

/** What mw.Api hands to a failure callback besides the code. */
interface HttpDetails {
	xhr?: { status?: number; responseText?: string };
	textStatus?: string;
	exception?: unknown;
}

export type JqPromise = JQuery.Promise<unknown> & { abort?: () => void };

/**
 * A jQuery promise from mw.Api as a native promise that keeps the whole answer.
 * An upload answer that carries warnings is an answer, not a failure. `abort` stops the request
 * (default: jq's own abort), and `progressOf` is the promise whose progress is the request's
 * (default: jq; another where jq wraps the request, as uploadToStash's does).
 */
export function settle<T>( jq: JqPromise, control: RequestControl = {}, abort?: () => void, progressOf: JqPromise = jq ): Promise<T> {
	return new Promise<T>( ( resolve, reject ) => {
		const { signal, idleTimeoutMs } = control;
		const cancel = () => ( abort ? abort() : jq.abort?.() );
		let timedOut = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		// mw.Api#upload sends without a timeout; a stalled connection would hang for ever.
		// The clock restarts on every progress event, so a slow link is not a dead one.
		const arm = () => {
			if ( idleTimeoutMs ) {
				clearTimeout( timer );
				timer = setTimeout( () => {
					timedOut = true;
					cancel();
				}, idleTimeoutMs );
			}
		};
		const finish = () => {
			clearTimeout( timer );
			signal?.removeEventListener( 'abort', cancel );
		};
		if ( signal ) {
			if ( signal.aborted ) {
				cancel();
				reject( new AbortError() );
				return;
			}
			signal.addEventListener( 'abort', cancel, { once: true } );
		}
		arm();
		progressOf.progress( ( fraction: unknown ) => {
			arm();
			control.onProgress?.( Number( fraction ) );
		} );
		// done/fail rather than then: jQuery 3 runs `then` callbacks a timer task later, and
		// every chunk would wait for one more in the gap before the next is sent.
		jq.done( ( result: unknown ) => {
			finish();
			resolve( result as T );
		} );
		jq.fail( ( code: unknown, result: unknown ) => {
			finish();
			if ( timedOut ) {
				reject( new HttpError( 'timeout', 0, 'no progress' ) );
				return;
			}
			if ( signal?.aborted ) {
				reject( new AbortError() );
				return;
			}
			const answer = result as ApiUploadAnswer | undefined;
			if ( answer && typeof answer === 'object' && answer.upload && !errorOf( answer ) ) {
				resolve( answer as T );
				return;
			}
			reject( toError( String( code ), result ) );
		} );
	} );
}

/** mw.Api's (code, result) rejection as one of our error classes. */
export function toError( code: string, result: unknown ): Error {
	if ( code === 'http' ) {
		const details = ( result || {} ) as HttpDetails;
		const status = details.xhr?.status || 0;
		switch ( details.textStatus ) {
			case 'abort':
				return new AbortError();
			case 'timeout':
				return new HttpError( 'timeout', 0, 'timeout' );
			case 'parsererror':
				return new HttpError( 'bad-response', status, String( details.exception || 'parsererror' ) );
			default:
				return status ?
					new HttpError( 'status', status, String( details.exception || status ) ) :
					new HttpError( 'network', 0, String( details.exception || 'network error' ) );
		}
	}
	if ( code === 'ok-but-empty' ) {
		return new HttpError( 'empty', 200, 'empty answer' );
	}
	const answer = normalizedAnswer( result );
	const info = errorOf( answer )?.info || code;
	return new ApiError( code, info, answer );
}
