/**
 * Errors of the API layer, told apart by class: the engine decides what to do by type and code,
 * never by parsing messages.
 */
import type { ApiUploadAnswer } from './types';

/** The wiki answered with `{"error":{…}}`. */
export class ApiError extends Error {
	readonly code: string;
	readonly info: string;
	/** The whole answer: it can carry a filekey, an offset, details … */
	readonly result: ApiUploadAnswer | undefined;
	/** The wiki's message as MediaWiki rendered it (HTML it parsed); '' where there is none. */
	readonly html: string;
	/**
	 * Which of the wiki's messages this is, where one code stands for several cases the engine
	 * must tell apart (stashfailed: "already completed" or a failed verification; publishfailed:
	 * "already in progress"), found by the API layer without reading English; null otherwise.
	 */
	messageKey: string | null = null;

	constructor( code: string, info: string, result?: ApiUploadAnswer ) {
		super( `${ code }: ${ info }` );
		this.name = 'ApiError';
		this.code = code;
		this.info = info;
		this.result = result;
		this.html = String( result?.error?.html || '' );
	}
}

export type HttpFailureKind =
	/** No answer at all: offline, connection reset, DNS … */
	| 'network'
	/** The client gave up waiting. */
	| 'timeout'
	/** An answer with an HTTP status other than 2xx. */
	| 'status'
	/** An answer that is not the API's JSON (an HTML error page, a truncated body). */
	| 'bad-response'
	/** An empty answer. */
	| 'empty';

/** The request did not bring back an API answer. */
export class HttpError extends Error {
	readonly kind: HttpFailureKind;
	/** 0 where no answer came. */
	readonly status: number;

	constructor( kind: HttpFailureKind, status: number, detail: string ) {
		super( detail || kind );
		this.name = 'HttpError';
		this.kind = kind;
		this.status = status;
	}
}

/** The request was cancelled on purpose (cancel, pause). Never shown as a failure. */
export class AbortError extends Error {
	constructor() {
		super( 'aborted' );
		this.name = 'AbortError';
	}
}
