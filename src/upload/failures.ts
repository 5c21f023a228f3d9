/**
 * What went wrong, in terms the user can act on: every failure becomes an UploadFailure with the
 * error code (which picks the translated message), the wiki's own words (as MediaWiki rendered
 * them, or as text), whether trying again can help, and the way forward.
 */
import { AbortError, ApiError, HttpError } from '../api/errors';

export type Remedy =
	/** Send again (from the stash where the file already is, else from the start). */
	| 'retry'
	/** Choose another name. */
	| 'rename'
	/** Log in (again) and retry. */
	| 'login'
	/** Ask for the right to upload; nothing the dialog can do. */
	| 'rights'
	/** The file itself is the problem: pick another one. */
	| 'other-file'
	/** The URL is the problem: correct it, or download the file and upload it. */
	| 'edit-url'
	/** Nothing to do (e.g. the same file is already there). */
	| 'none';

export interface UploadFailure {
	/** An API error code, `http-<status>`, `network`, `timeout`, `bad-response` or a client check. */
	code: string;
	/**
	 * The wiki's own explanation, if it sent one (untrusted text, shown as "The wiki says: …");
	 * '' for what the dialog or the browser found: their English words are not the wiki's, and
	 * the translated message says it all.
	 */
	info: string;
	/**
	 * The same words as the wiki rendered them: HTML that MediaWiki's parser made (links work,
	 * everything else escaped), the only HTML a failure may carry; absent or '' when there is none.
	 */
	html?: string;
	/** Parameters for the translated message. */
	params: string[];
	remedy: Remedy;
	/** Whether the engine may try again by itself (a passing fault, not a refusal). */
	transient: boolean;
}

const REMEDIES: Array<[ RegExp, Remedy ]> = [
	[ /^(mustbeloggedin|notloggedin|assertuserfailed|assertnameduserfailed|login-required)$/, 'login' ],
	[ /^(permissiondenied|uploaddisabled|blocked|autoblocked|readonly|mustbeposted|copyuploaddisabled-user)$/, 'rights' ],
	[ /^(fileexists-shared-forbidden|fileexists-forbidden|illegal-filename|filename-tooshort|filename-toolong|filetype-missing|windows-nonascii-filename|protectedpage|cantcreate|titleblacklist-.*|invalidtitle|missingparam-filename|badfilename|name-empty)$/, 'rename' ],
	[ /^(filetype-banned|verification-error|empty-file|file-unreadable|file-too-large|file-too-large-local|stashed-size-mismatch|filetype-mime-mismatch|hookaborted|fileexists-no-change|duplicate)$/, 'other-file' ],
	[ /^(copyuploaddisabled|copyuploadbaddomain|copyuploadbadurl|http-.*|url-.*|invalid-url)$/, 'edit-url' ]
];

/** Codes that say "try again later" rather than "no". */
function isTransientCode( code: string ): boolean {
	return /^(badtoken|internal_api_error_.*|backend-fail-.*|readonly|ratelimited|maxlag|stashfailed-lock|http-5\d\d|network|timeout|bad-response|empty)$/.test( code );
}

/**
 * Refusals that sending the same file again can never change: its size above the wiki's limit,
 * or a picked file that is empty (the browser keeps what was picked; a file changed on disk since
 * can no longer be read at all). The card offers no "Try again" for them and "Retry failed"
 * leaves them out. An empty answer from a URL keeps its retry: that server may send the file
 * next time. So does a stashed file of another size: a clamp is its likely cause, not the only one.
 */
const REFUSED_FOR_GOOD = /^(file-too-large|file-too-large-local)$/;

/** Whether trying the same upload again can help: not for a refusal for good, nor where nothing is to do. */
export function canRetry( failure: UploadFailure, fromUrl: boolean ): boolean {
	return failure.remedy !== 'none' && !REFUSED_FOR_GOOD.test( failure.code ) && ( fromUrl || failure.code !== 'empty-file' );
}

export function remedyFor( code: string ): Remedy {
	if ( code === 'fileexists-no-change' ) {
		return 'none';
	}
	for ( const [ pattern, remedy ] of REMEDIES ) {
		if ( pattern.test( code ) ) {
			return remedy;
		}
	}
	return 'retry';
}

/**
 * The browser can no longer read the picked file (moved, deleted or changed on disk since it was
 * picked): sending it again cannot help, picking it again can.
 */
export class UnreadableFileError extends Error {
	constructor( message: string ) {
		super( message );
		this.name = 'UnreadableFileError';
	}
}

/**
 * The wiki stashed a file of another size than the one sent: it clamps an upload above its limit
 * and assembles a truncated file without an error. Such a file is never published.
 */
export class StashedSizeError extends Error {
	readonly stashed: number;
	readonly size: number;
	constructor( stashed: number, size: number ) {
		super( `The server stashed ${ stashed } of ${ size } bytes.` );
		this.name = 'StashedSizeError';
		this.stashed = stashed;
		this.size = size;
	}
}

/** Whether a read failure of a file is the file's (gone or changed), not a passing one. */
export function isUnreadable( error: unknown ): boolean {
	const name = error && typeof error === 'object' ? ( error as { name?: unknown } ).name : undefined;
	return error instanceof UnreadableFileError || name === 'NotReadableError' || name === 'NotFoundError';
}

/** A failure found by the dialog itself, before asking the wiki. */
export function clientFailure( code: string, params: string[] = [] ): UploadFailure {
	return { code, info: '', params, remedy: remedyFor( code ), transient: false };
}

/**
 * MediaWiki verifies a chunked upload's content only when the last chunk arrives, and answers a
 * failed check with the code every chunk failure gets (`stashfailed`), no details, and the text
 * of its `verification-error` message. That text is English in the API's default error format
 * (bc), whatever the user's language, so it tells this case apart: the file is the problem, and
 * sending it again cannot help.
 */
const CHUNK_VERIFICATION_FAILED = /did not pass file verification/i;

/**
 * Whether a stashfailed is that failed verification: the API layer names the wiki's message
 * (whatever the language it was worded in); an answer in the old error format is English.
 */
function isChunkVerificationFailure( error: ApiError ): boolean {
	return error.code === 'stashfailed' && ( error.messageKey === 'verification-error' || CHUNK_VERIFICATION_FAILED.test( error.info ) );
}

/** The parameters of an ApiError's translated message. */
function paramsOf( error: ApiError ): string[] {
	const e = ( error.result?.error || {} ) as { filetype?: unknown; allowed?: unknown; assertuser?: unknown };
	if ( error.code === 'filetype-banned' ) {
		return [ String( e.filetype || '' ), Array.isArray( e.allowed ) ? e.allowed.join( ', ' ) : '' ];
	}
	if ( error.code === 'assertuserfailed' || error.code === 'assertnameduserfailed' ) {
		// The account the dialog was opened as, which the wiki no longer sees.
		return [ String( e.assertuser || '' ) ];
	}
	return [];
}

/** The wiki's rendering of its words, where the wiki sent one. */
function wikiHtml( error: ApiError ): { html?: string } {
	return error.result && error.html ? { html: error.html } : {};
}

/** Any thrown value as an UploadFailure. AbortError is not a failure: callers handle it first. */
export function describeFailure( error: unknown ): UploadFailure {
	if ( error instanceof ApiError && isChunkVerificationFailure( error ) ) {
		return { code: 'verification-error', info: error.info, ...wikiHtml( error ), params: [], remedy: remedyFor( 'verification-error' ), transient: false };
	}
	if ( error instanceof ApiError ) {
		return {
			code: error.code,
			// Only an answer of the wiki's: the engine's own ApiErrors (a stash of the wrong size,
			// a poll that never ends) have none, and their English detail is for the console.
			info: error.result ? error.info : '',
			...wikiHtml( error ),
			params: paramsOf( error ),
			remedy: remedyFor( error.code ),
			transient: isTransientCode( error.code )
		};
	}
	if ( error instanceof HttpError ) {
		const code = error.kind === 'status' ? `http-${ error.status }` : error.kind;
		return {
			code,
			info: '',
			params: [ String( error.status ) ],
			remedy: 'retry',
			transient: error.kind !== 'status' || error.status >= 500 || error.status === 429 || error.status === 408
		};
	}
	if ( error instanceof AbortError ) {
		return { code: 'aborted', info: '', params: [], remedy: 'retry', transient: false };
	}
	if ( isUnreadable( error ) ) {
		return clientFailure( 'file-unreadable' );
	}
	if ( error instanceof StashedSizeError ) {
		return clientFailure( 'stashed-size-mismatch', [ String( error.stashed ), String( error.size ) ] );
	}
	const message = error instanceof Error ? error.message : String( error );
	return { code: 'client-error', info: '', params: [ message ], remedy: 'retry', transient: false };
}

/** The offset the server expects, when it refused a chunk for a wrong offset. */
export function serverOffset( error: unknown ): number | null {
	if ( error instanceof ApiError && error.code === 'stashfailed' ) {
		const offset = error.result?.error?.offset;
		const n = typeof offset === 'string' ? parseInt( offset, 10 ) : offset;
		return typeof n === 'number' && Number.isFinite( n ) ? n : null;
	}
	return null;
}
