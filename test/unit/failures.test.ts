/**
 * describeFailure / remedyFor / serverOffset over the error answers captured from a real
 * MediaWiki (api-responses.md, "Errors"; the answers are verbatim) and the HTTP failures the API
 * layer reports.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ApiError, HttpError } from '../../src/api/errors';
import type { ApiUploadAnswer } from '../../src/api/types';
import { canRetry, clientFailure, describeFailure, remedyFor, serverOffset, type Remedy } from '../../src/upload/failures';

/** An ApiError as WikiApi makes it from an `{"error":{…}}` answer. */
function fromAnswer( json: string ): ApiError {
	const answer = JSON.parse( json ) as ApiUploadAnswer;
	const error = answer.error as { code: string; info: string };
	return new ApiError( error.code, error.info, answer );
}

const ERRORS = {
	mustbeloggedin: '{"error":{"code":"mustbeloggedin","info":"You must be logged in to upload this file.","docref":"…"}}',
	permissiondenied: '{"error":{"code":"permissiondenied","info":"The action you have requested is limited to users in one of the groups: [[LocalWiki:Users|Users]], [[LocalWiki:Administrators|Administrators]].","docref":"…"}}',
	'fileexists-shared-forbidden': '{"error":{"code":"fileexists-shared-forbidden","info":"A file with this name exists already in the shared file repository. If you still want to upload your file, please go back and use a new name. [[File:Shared-file.png|thumb|center|Shared-file.png]]","filekey":"1d3ywsps1dzw.xtn2q6.5.png","sessionkey":"1d3ywsps1dzw.xtn2q6.5.png","invalidparameter":"filename","docref":"…"}}',
	'filetype-banned': '{"error":{"code":"filetype-banned","info":"\\".exe\\" is not a permitted file type. Permitted file types are png, gif, jpg, jpeg, webp, pdf, txt, svg.","filetype":"exe","allowed":["png","gif","jpg","jpeg","webp","pdf","txt","svg"],"blacklisted":["exe"],"docref":"…"}}',
	'filetype-banned-zip': '{"error":{"code":"filetype-banned","info":"\\".zip\\" is not a permitted file type. Permitted file types are png, gif, jpg, jpeg, webp, pdf, txt, svg.","filetype":"zip","allowed":["png","gif","jpg","jpeg","webp","pdf","txt","svg"],"docref":"…"}}',
	'verification-error': '{"error":{"code":"verification-error","info":"File extension \\".png\\" does not match the detected MIME type of the file (text/csv).","details":["filetype-mime-mismatch","png","text/csv"],"docref":"…"}}',
	copyuploaddisabled: '{"error":{"code":"copyuploaddisabled","info":"Upload by URL disabled.","docref":"…"}}',
	copyuploadbaddomain: '{"error":{"code":"copyuploadbaddomain","info":"Uploads by URL are not allowed from this domain.","docref":"…"}}',
	'http-bad-status': '{"error":{"code":"http-bad-status","info":"There was a problem during the HTTP request: 404 File not found","docref":"…"}}',
	'http-curl-error': '{"error":{"code":"http-curl-error","info":"Error fetching URL: Failed to connect to 127.0.0.1 port 8009 after 0 ms: Couldn\'t connect to server","docref":"…"}}',
	'stashfailed-offset': '{"error":{"code":"stashfailed","info":"Invalid chunk offset","offset":"1048576","docref":"…"}}',
	'stashfailed-offset-2': '{"error":{"code":"stashfailed","info":"Invalid chunk offset","offset":"2097152","docref":"…"}}',
	'stashfailed-verification': '{"error":{"code":"stashfailed","info":"This file did not pass file verification.","docref":"…"}}',
	badtoken: '{"error":{"code":"badtoken","info":"Invalid CSRF token.","docref":"…"}}',
	'fileexists-no-change': '{"error":{"code":"fileexists-no-change","info":"The upload is an exact duplicate of the current version of [[:File:Pmwv3p687-A.pdf]].","stasherrors":[{"message":"uploadstash-exception","params":["UploadStashBadPathException","Path doesn\'t exist."],"code":"uploadstash-exception","type":"error"}],"docref":"…"}}',
	'uploadstash-file-not-found': '{"error":{"code":"uploadstash-file-not-found","info":"Key \\"1d3ywsp1emhk.ehokeq.3.pdf\\" not found in stash.","docref":"…"}}',
	'chunk-too-small': '{"error":{"code":"chunk-too-small","info":"Minimum chunk size is 1,024 bytes for non-final chunks.","docref":"…"}}',
	'file-too-large': '{"error":{"code":"file-too-large","info":"The file you submitted was too large.","docref":"…"}}',
	uploaddisabled: '{"error":{"code":"uploaddisabled","info":"Uploads disabled.","docref":"…"}}',
	'empty-file': '{"error":{"code":"empty-file","info":"The file you submitted was empty.","docref":"…"}}',
	'backend-fail-alreadyexists': '{"error":{"code":"backend-fail-alreadyexists","info":"The file \\"mwstore://local-backend/local-public/archive/e/e8/20261124193254!Pmwv3doik-A.pdf\\" already exists.","stasherrors":[]}}',
	publishfailed: '{"error":{"code":"publishfailed","info":"Upload from stash already in progress.","docref":"…"}}',
	internal: '{"error":{"code":"internal_api_error_DBQueryError","info":"[0a1b2c3d] Exception caught: A database query error has occurred.","errorclass":"Wikimedia\\\\Rdbms\\\\DBQueryError"}}'
} as const;

describe( 'describeFailure on the real API errors', () => {
	it.each<[ keyof typeof ERRORS, string, Remedy, boolean ]>( [
		[ 'mustbeloggedin', 'mustbeloggedin', 'login', false ],
		[ 'permissiondenied', 'permissiondenied', 'rights', false ],
		[ 'uploaddisabled', 'uploaddisabled', 'rights', false ],
		[ 'fileexists-shared-forbidden', 'fileexists-shared-forbidden', 'rename', false ],
		[ 'filetype-banned', 'filetype-banned', 'other-file', false ],
		[ 'verification-error', 'verification-error', 'other-file', false ],
		[ 'file-too-large', 'file-too-large', 'other-file', false ],
		[ 'empty-file', 'empty-file', 'other-file', false ],
		[ 'copyuploaddisabled', 'copyuploaddisabled', 'edit-url', false ],
		[ 'copyuploadbaddomain', 'copyuploadbaddomain', 'edit-url', false ],
		[ 'http-bad-status', 'http-bad-status', 'edit-url', false ],
		[ 'http-curl-error', 'http-curl-error', 'edit-url', false ],
		[ 'fileexists-no-change', 'fileexists-no-change', 'none', false ],
		// A chunked upload's failed verification: the file is the problem, as for verification-error.
		[ 'stashfailed-verification', 'verification-error', 'other-file', false ],
		[ 'uploadstash-file-not-found', 'uploadstash-file-not-found', 'retry', false ],
		[ 'chunk-too-small', 'chunk-too-small', 'retry', false ],
		[ 'publishfailed', 'publishfailed', 'retry', false ],
		[ 'badtoken', 'badtoken', 'retry', true ],
		[ 'internal', 'internal_api_error_DBQueryError', 'retry', true ],
		[ 'backend-fail-alreadyexists', 'backend-fail-alreadyexists', 'retry', true ]
	] )( '%s → code %s, remedy %s, transient %s', ( name, code, remedy, transient ) => {
		const error = fromAnswer( ERRORS[ name ] );
		const failure = describeFailure( error );
		expect( failure.code ).toBe( code );
		expect( failure.remedy ).toBe( remedy );
		expect( failure.transient ).toBe( transient );
		// The API's own words are kept, as text, for the user to read.
		expect( failure.info ).toBe( error.info );
	} );

	it( 'filetype-banned carries the type and the allowed types as message parameters', () => {
		expect( describeFailure( fromAnswer( ERRORS[ 'filetype-banned' ] ) ).params )
			.toEqual( [ 'exe', 'png, gif, jpg, jpeg, webp, pdf, txt, svg' ] );
		expect( describeFailure( fromAnswer( ERRORS[ 'filetype-banned-zip' ] ) ).params )
			.toEqual( [ 'zip', 'png, gif, jpg, jpeg, webp, pdf, txt, svg' ] );
	} );

	it( 'keeps markup in the API info untouched (the UI shows it as text)', () => {
		const failure = describeFailure( fromAnswer( ERRORS[ 'fileexists-shared-forbidden' ] ) );
		expect( failure.info ).toContain( '[[File:Shared-file.png|thumb|center|Shared-file.png]]' );
	} );
} );

describe( 'describeFailure on HTTP failures', () => {
	it.each<[ string, string, boolean, HttpError ]>( [
		[ 'no answer at all', 'network', true, new HttpError( 'network', 0, 'network error' ) ],
		[ 'the client gave up', 'timeout', true, new HttpError( 'timeout', 0, 'timeout' ) ],
		[ '503 Service Unavailable', 'http-503', true, new HttpError( 'status', 503, 'Service Unavailable' ) ],
		[ '502 Bad Gateway', 'http-502', true, new HttpError( 'status', 502, 'Bad Gateway' ) ],
		[ '429 Too Many Requests', 'http-429', true, new HttpError( 'status', 429, 'Too Many Requests' ) ],
		[ '404 Not Found', 'http-404', false, new HttpError( 'status', 404, 'Not Found' ) ],
		[ '403 Forbidden', 'http-403', false, new HttpError( 'status', 403, 'Forbidden' ) ],
		[ 'HTML instead of JSON', 'bad-response', true, new HttpError( 'bad-response', 200, 'SyntaxError: Unexpected token <' ) ],
		[ 'an empty body', 'empty', true, new HttpError( 'empty', 200, 'empty answer' ) ]
	] )( '%s → %s, transient %s', ( _name, code, transient, error ) => {
		const failure = describeFailure( error );
		expect( failure.code ).toBe( code );
		expect( failure.transient ).toBe( transient );
		expect( failure.remedy ).toBe( 'retry' );
		// The browser's words are not the wiki's: the translated message says what happened.
		expect( failure.info ).toBe( '' );
	} );

	it( 'passes the HTTP status as the message parameter', () => {
		expect( describeFailure( new HttpError( 'status', 503, 'Service Unavailable' ) ).params ).toEqual( [ '503' ] );
	} );
} );

describe( 'describeFailure on anything else', () => {
	it( 'an abort is not retried by the engine', () => {
		expect( describeFailure( new AbortError() ) ).toMatchObject( { code: 'aborted', transient: false } );
	} );
	it( 'a bug in the dialog keeps its message', () => {
		expect( describeFailure( new TypeError( 'x is undefined' ) ) ).toEqual( {
			code: 'client-error',
			info: '',
			params: [ 'x is undefined' ],
			remedy: 'retry',
			transient: false
		} );
		expect( describeFailure( 'a string' ).params ).toEqual( [ 'a string' ] );
	} );
} );

describe( 'remedyFor', () => {
	it.each<[ string, Remedy ]>( [
		[ 'mustbeloggedin', 'login' ],
		[ 'assertuserfailed', 'login' ],
		[ 'permissiondenied', 'rights' ],
		[ 'blocked', 'rights' ],
		[ 'autoblocked', 'rights' ],
		[ 'fileexists-shared-forbidden', 'rename' ],
		[ 'fileexists-forbidden', 'rename' ],
		[ 'illegal-filename', 'rename' ],
		[ 'filename-toolong', 'rename' ],
		[ 'titleblacklist-forbidden', 'rename' ],
		[ 'filetype-banned', 'other-file' ],
		[ 'verification-error', 'other-file' ],
		[ 'copyuploaddisabled', 'edit-url' ],
		[ 'copyuploadbaddomain', 'edit-url' ],
		[ 'http-bad-status', 'edit-url' ],
		[ 'http-timed-out', 'edit-url' ],
		[ 'fileexists-no-change', 'none' ],
		[ 'stashfailed', 'retry' ],
		[ 'some-future-code', 'retry' ]
	] )( '%s → %s', ( code, remedy ) => {
		expect( remedyFor( code ) ).toBe( remedy );
	} );
} );

describe( 'clientFailure (checks before anything is sent)', () => {
	it.each<[ string, Remedy ]>( [
		// Trying again cannot make a file smaller or non-empty: another file is the way forward.
		[ 'file-too-large-local', 'other-file' ],
		[ 'empty-file', 'other-file' ],
		// A missing or too long name is fixed by changing the name.
		[ 'name-empty', 'rename' ],
		[ 'filename-toolong', 'rename' ]
	] )( '%s → %s, never transient', ( code, remedy ) => {
		const failure = clientFailure( code, [ '1', '2' ] );
		expect( failure ).toEqual( { code, info: '', params: [ '1', '2' ], remedy, transient: false } );
	} );
} );

describe( 'canRetry (whether the card offers Try again, and Retry failed takes the file)', () => {
	it.each<[ string, boolean, boolean ]>( [
		// The same bytes can never get under the wiki's limit.
		[ 'file-too-large-local', false, false ],
		[ 'file-too-large', false, false ],
		[ 'file-too-large', true, false ],
		// A picked file stays empty; a URL's server may send the file next time.
		[ 'empty-file', false, false ],
		[ 'empty-file', true, true ],
		// Nothing to do: the wiki has these very bytes under that name.
		[ 'fileexists-no-change', false, false ],
		// Likely a clamp, but not surely: sending again stays offered.
		[ 'stashed-size-mismatch', false, true ],
		// A renamed file may pass (the extension), and a passing fault may be gone.
		[ 'filetype-banned', false, true ],
		[ 'verification-error', false, true ],
		[ 'badfilename', false, true ],
		[ 'mustbeloggedin', false, true ],
		[ 'http-503', true, true ]
	] )( '%s (from a URL: %s) → %s', ( code, fromUrl, expected ) => {
		expect( canRetry( clientFailure( code ), fromUrl ) ).toBe( expected );
	} );
} );

describe( 'serverOffset', () => {
	it( 'reads the offset the server expects, given as a string', () => {
		expect( serverOffset( fromAnswer( ERRORS[ 'stashfailed-offset' ] ) ) ).toBe( 1048576 );
		expect( serverOffset( fromAnswer( ERRORS[ 'stashfailed-offset-2' ] ) ) ).toBe( 2097152 );
	} );
	it( 'accepts a number too', () => {
		expect( serverOffset( new ApiError( 'stashfailed', 'Invalid chunk offset', { error: { code: 'stashfailed', offset: 4096 } } ) ) ).toBe( 4096 );
	} );
	it( 'is null for a stashfailed without offset and for every other failure', () => {
		expect( serverOffset( fromAnswer( ERRORS[ 'stashfailed-verification' ] ) ) ).toBeNull();
		expect( serverOffset( new ApiError( 'stashfailed', 'x', { error: { code: 'stashfailed', offset: 'abc' } } ) ) ).toBeNull();
		expect( serverOffset( fromAnswer( ERRORS[ 'chunk-too-small' ] ) ) ).toBeNull();
		expect( serverOffset( new HttpError( 'network', 0, '' ) ) ).toBeNull();
		expect( serverOffset( new Error( 'stashfailed' ) ) ).toBeNull();
	} );
} );
