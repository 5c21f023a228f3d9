/**
 * A fake mw.Api for the API layer's tests: methods that return jQuery-like deferreds and reject
 * with ( code, result ) exactly as mw.Api does (see api-responses.md, "What MediaWiki's own JS
 * does"), and a record of every request as it would go on the wire (defaults merged in, and
 * mw.Api#upload's whitelist applied).
 */
import { vi } from 'vitest';
import type { ApiUploadAnswer } from '../../src/api/types';
import { WikiApi, type WikiApiOptions } from '../../src/api/wikiApi';
import { FakeDeferred, rejected } from './deferred';

export type Params = Record<string, unknown>;
export type Handler = ( params: Params ) => FakeDeferred;

/**
 * mw.Api#upload's own treatment of an answer: an error rejects with its code; ANY answer with
 * upload warnings (even a Success) rejects with the first warning's VALUE as the "code".
 */
export function answerUpload( d: FakeDeferred, answer: ApiUploadAnswer ): FakeDeferred {
	if ( answer.error ) {
		return d.reject( answer.error.code, answer );
	}
	const warnings = answer.upload?.warnings;
	if ( warnings ) {
		return d.reject( warnings[ Object.keys( warnings )[ 0 ] ], answer );
	}
	return d.resolve( answer );
}

/** mw.Api#post / #get: an error rejects with its code, anything else resolves. */
export function answerPost( d: FakeDeferred, answer: ApiUploadAnswer ): FakeDeferred {
	return answer.error ? d.reject( answer.error.code, answer ) : d.resolve( answer );
}

/** The only parameters mw.Api#upload keeps of what it is given (1.43's upload.js). */
export const UPLOAD_FIELDS = [ 'stash', 'filekey', 'filename', 'comment', 'text', 'watchlist', 'ignorewarnings', 'chunk', 'offset', 'filesize', 'async' ];

export class FakeMwApi {
	onGet: Handler = () => rejected( 'http', { textStatus: 'error', xhr: { status: 0 } } );
	onPost: Handler = () => rejected( 'http', { textStatus: 'error', xhr: { status: 0 } } );
	onUpload: Handler = () => rejected( 'http', { textStatus: 'error', xhr: { status: 0 } } );

	/** As mw.Api's: merged into every request (WikiApi's derived instances replace them). */
	defaults: { parameters: Params; ajax: Params } = { parameters: { action: 'query', format: 'json', formatversion: 2 }, ajax: {} };
	/**
	 * Every request as mw.Api would send it: the calling instance's defaults, then the request's
	 * parameters (for #upload only its whitelisted ones, as uploadWithFormData keeps).
	 */
	readonly wire: Params[] = [];

	readonly get = vi.fn( function ( this: FakeMwApi, params: Params ) {
		this.wire.push( { ...this.defaults.parameters, ...params } );
		return this.onGet( params );
	} );

	readonly postWithToken = vi.fn( function ( this: FakeMwApi, _type: string, params: Params, _ajax?: unknown ) {
		this.wire.push( { ...this.defaults.parameters, ...params } );
		return this.onPost( params );
	} );

	readonly upload = vi.fn( function ( this: FakeMwApi, _file: Blob, data: Params ) {
		const kept = Object.fromEntries( Object.entries( data ).filter( ( [ key ] ) => UPLOAD_FIELDS.indexOf( key ) !== -1 ) );
		this.wire.push( { ...this.defaults.parameters, action: 'upload', ...kept } );
		return this.onUpload( data );
	} );

	/**
	 * As MediaWiki core's: one `stash` request through `this.upload`, resolving with a function
	 * that finishes the upload; an answer with warnings rejects with ( code, result ).
	 */
	uploadToStash( this: FakeMwApi, file: File, data: { filename: string } ): FakeDeferred {
		const finishUpload = vi.fn();
		return this.upload( file, { stash: true, filename: data.filename } ).then(
			() => finishUpload,
			( code: unknown, result: unknown ) => rejected( code, result )
		);
	}
}

export function setup( options: WikiApiOptions = { userName: 'Uploader', language: 'en' } ) {
	const fake = new FakeMwApi();
	const api = new WikiApi( fake as unknown as mw.Api, options );
	return { fake, api };
}

export const CHUNK_PARAMS = () => ( {
	chunk: new Blob( [ new Uint8Array( 1024 ) ] ),
	filename: 'Pmwv3p687-SF.pdf',
	filesize: 3145720,
	offset: 0
} );
