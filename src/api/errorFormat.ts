/**
 * How the wiki words its errors for the dialog, and who every write is for: the parameters the
 * API layer adds to its requests, and the error of an answer read back into one shape.
 *
 * The wiki's words: MediaWiki's default error format (bc) gives English `info` as raw wikitext
 * ("… one of the groups: [[Project:Users|Users]]"); `plaintext` only strips HTML tags from that
 * same wikitext, so its links stay raw too. `html` is the message as the wiki renders it
 * (MediaWiki's parser: links work, markup is escaped), in the user's language, with the wiki's
 * own customisations (`errorsuselocal`). That HTML is what the failure view shows; its text
 * content is `info`.
 *
 * The answer's shape then changes: `errors: [ { code, html, data, module } ]` instead of
 * `error: { code, info, …data }`. `errorOf` gives back the old shape (the first error, its data
 * at the top as bc has it: an offset, a file type …) plus `html`, so nothing downstream needs
 * to know which format the wiki answered in.
 */
import type { ApiErrorBody, ApiUploadAnswer } from './types';

/** The parameters that make the wiki answer errors as HTML in the user's language. */
export function errorFormatParameters( language: string ): Record<string, string | number> {
	return { errorformat: 'html', errorlang: language || 'en', errorsuselocal: 1 };
}

/**
 * The parameters that make the wiki refuse a request that is not made for this account: a
 * session that ended (`assertuserfailed`), or another account that logged in in another tab
 * (`assertnameduserfailed`). Nothing for a logged-out page: the wiki answers that itself.
 */
export function assertParameters( userName: string | null ): Record<string, string> {
	return userName ? { assert: 'user', assertuser: userName } : {};
}

/** The codes of a refusal for the account, which the dialog answers with the name it asked for. */
export const ASSERT_CODES = [ 'assertuserfailed', 'assertnameduserfailed' ];

interface FormattedError {
	code?: string;
	html?: string;
	text?: string;
	data?: Record<string, unknown>;
}

/** The text of MediaWiki-parsed HTML (for `info`: logs, tests, anything that wants words). */
export function textOfHtml( html: string ): string {
	const body = new DOMParser().parseFromString( html, 'text/html' ).body;
	return ( body.textContent || '' ).replace( /\s+/g, ' ' ).trim();
}

/** The (first) error of an answer in either error format, in bc's shape plus `html`. */
export function errorOf( answer: unknown ): ApiErrorBody | undefined {
	if ( !answer || typeof answer !== 'object' ) {
		return undefined;
	}
	const shaped = answer as ApiUploadAnswer & { errors?: FormattedError[] };
	if ( shaped.error ) {
		return shaped.error;
	}
	const first = Array.isArray( shaped.errors ) ? shaped.errors[ 0 ] : undefined;
	if ( !first || typeof first !== 'object' ) {
		return undefined;
	}
	const html = typeof first.html === 'string' ? first.html : '';
	const info = html ? textOfHtml( html ) : String( first.text || '' );
	return { ...( first.data || {} ), code: String( first.code || 'unknown' ), info, html };
}

/** The answer with its error in bc's shape (see errorOf); other answers as they are. */
export function normalizedAnswer( answer: unknown ): ApiUploadAnswer | undefined {
	const error = errorOf( answer );
	if ( !answer || typeof answer !== 'object' ) {
		return undefined;
	}
	return error ? { ...( answer as ApiUploadAnswer ), error } : answer as ApiUploadAnswer;
}
