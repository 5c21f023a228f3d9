/**
 * The API boundary: WikiApi over a fake mw.Api whose methods return jQuery-like deferreds and
 * reject with ( code, result ) exactly as mw.Api does (see api-responses.md, "What MediaWiki's
 * own JS does"). Answers are the captured ones.
 */
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ApiError, HttpError } from '../../src/api/errors';
import type { ApiUploadAnswer, CommitParams, RequestControl } from '../../src/api/types';
import { WikiApi } from '../../src/api/wikiApi';
import { serverOffset } from '../../src/upload/failures';
import { FakeDeferred, rejected, request, resolved } from './deferred';
import { answerPost, answerUpload, CHUNK_PARAMS, FakeMwApi, setup } from './fakeMwApi';

describe( 'a rejection from mw.Api becomes one of our errors', () => {
	it.each<[ string, unknown[], ( e: unknown ) => void ]>( [
		[ 'an aborted request → AbortError', [ 'http', { textStatus: 'abort' } ], ( e ) => {
			expect( e ).toBeInstanceOf( AbortError );
		} ],
		[ 'no answer (status 0) → HttpError network', [ 'http', { xhr: { status: 0 }, textStatus: 'error' } ], ( e ) => {
			expect( e ).toBeInstanceOf( HttpError );
			expect( e ).toMatchObject( { kind: 'network', status: 0 } );
		} ],
		[ '503 → HttpError status 503', [ 'http', { xhr: { status: 503 }, textStatus: 'error', exception: 'Service Unavailable' } ], ( e ) => {
			expect( e ).toBeInstanceOf( HttpError );
			expect( e ).toMatchObject( { kind: 'status', status: 503, message: 'Service Unavailable' } );
		} ],
		[ 'not JSON (parsererror) → HttpError bad-response', [ 'http', { textStatus: 'parsererror' } ], ( e ) => {
			expect( e ).toBeInstanceOf( HttpError );
			expect( e ).toMatchObject( { kind: 'bad-response' } );
		} ],
		[ 'the client timed out → HttpError timeout', [ 'http', { xhr: { status: 0 }, textStatus: 'timeout' } ], ( e ) => {
			expect( e ).toMatchObject( { kind: 'timeout' } );
		} ],
		[ 'an empty body → HttpError empty', [ 'ok-but-empty', 'OK response but empty result (check HTTP headers?)' ], ( e ) => {
			expect( e ).toBeInstanceOf( HttpError );
			expect( e ).toMatchObject( { kind: 'empty' } );
		} ],
		[ 'stashfailed → ApiError keeping the whole answer', [ 'stashfailed', { error: { code: 'stashfailed', info: 'Invalid chunk offset', offset: '1048576', docref: '…' } } ], ( e ) => {
			expect( e ).toBeInstanceOf( ApiError );
			const error = e as ApiError;
			expect( error.code ).toBe( 'stashfailed' );
			expect( error.info ).toBe( 'Invalid chunk offset' );
			expect( error.result?.error?.offset ).toBe( '1048576' );
			expect( serverOffset( error ) ).toBe( 1048576 );
		} ],
		[ 'filetype-banned → ApiError with its extra fields', [ 'filetype-banned', JSON.parse( '{"error":{"code":"filetype-banned","info":"\\".exe\\" is not a permitted file type. Permitted file types are png, gif, jpg, jpeg, webp, pdf, txt, svg.","filetype":"exe","allowed":["png","gif","jpg","jpeg","webp","pdf","txt","svg"],"blacklisted":["exe"],"docref":"…"}}' ) ], ( e ) => {
			expect( e ).toBeInstanceOf( ApiError );
			expect( ( e as ApiError ).result?.error?.filetype ).toBe( 'exe' );
		} ]
	] )( '%s', async ( _name, args, check ) => {
		for ( const send of [ 'stashChunk', 'commit' ] as const ) {
			const { fake, api } = setup();
			fake.onUpload = () => rejected( ...args );
			fake.onPost = () => rejected( ...args );
			const promise = send === 'stashChunk' ?
				api.stashChunk( CHUNK_PARAMS() ) :
				api.commit( { filekey: 'k', filename: 'A.pdf', comment: '', text: '', tags: [], watchlist: 'preferences' } );
			const error = await promise.then( () => 'resolved', ( e: unknown ) => e );
			check( error );
		}
	} );

	it( 'a Warning answer is an answer: it resolves with the upload part (warnings and filekey kept)', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => rejected( 'exists', { upload: { result: 'Warning', warnings: { exists: 'A.pdf' }, filekey: 'k' } } );
		await expect( api.stashChunk( CHUNK_PARAMS() ) ).resolves.toEqual( { result: 'Warning', warnings: { exists: 'A.pdf' }, filekey: 'k' } );
	} );

	it( 'a last chunk answering Success WITH warnings (rejected by mw.Api with the first value) resolves', async () => {
		const { fake, api } = setup();
		const answer = JSON.parse( '{"upload":{"warnings":{"duplicate":["Pmwv3p687-C.pdf"]},"result":"Success","filekey":"1d3ywsp1emhk.ehokeq.3.pdf","imageinfo":{"size":2621462}}}' ) as ApiUploadAnswer;
		fake.onUpload = () => answerUpload( new FakeDeferred(), answer );
		const upload = await api.stashChunk( { ...CHUNK_PARAMS(), offset: 2097152, filekey: '1d3ywsoxm8aw.nun3oj.3.pdf' } );
		expect( upload.result ).toBe( 'Success' );
		expect( upload.filekey ).toBe( '1d3ywsp1emhk.ehokeq.3.pdf' );
		expect( upload.warnings ).toEqual( { duplicate: [ 'Pmwv3p687-C.pdf' ] } );
	} );

	it( 'an answer without an upload part is a bad response, not a success', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => resolved( { batchcomplete: true } );
		const error = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( HttpError );
		expect( error ).toMatchObject( { kind: 'bad-response' } );
	} );

	it( 'aborting the signal calls the request\'s abort() and rejects with AbortError', async () => {
		const { fake, api } = setup();
		const req = request();
		fake.onUpload = () => req;
		const controller = new AbortController();
		const promise = api.stashChunk( CHUNK_PARAMS(), { signal: controller.signal } );
		expect( req.abort ).not.toHaveBeenCalled();
		controller.abort();
		expect( req.abort ).toHaveBeenCalledTimes( 1 );
		await expect( promise ).rejects.toBeInstanceOf( AbortError );
	} );

	it( 'an abort is an AbortError even when the request then fails otherwise', async () => {
		const { fake, api } = setup();
		const req = new FakeDeferred();
		const abort = vi.fn( () => {
			req.reject( 'http', { xhr: { status: 0 }, textStatus: 'error' } );
		} );
		req.abort = abort;
		fake.onPost = () => req;
		const controller = new AbortController();
		const promise = api.commit( { filekey: 'k', filename: 'A.pdf', comment: '', text: '', tags: [], watchlist: 'preferences' }, { signal: controller.signal } );
		controller.abort();
		await expect( promise ).rejects.toBeInstanceOf( AbortError );
		expect( abort ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'a signal aborted before the call aborts the request at once', async () => {
		const { fake, api } = setup();
		const req = request();
		fake.onUpload = () => req;
		const controller = new AbortController();
		controller.abort();
		await expect( api.stashChunk( CHUNK_PARAMS(), { signal: controller.signal } ) ).rejects.toBeInstanceOf( AbortError );
		expect( req.abort ).toHaveBeenCalled();
	} );

	it( 'an answer that arrives after all does not fire abort later', async () => {
		const { fake, api } = setup();
		const req = request();
		fake.onUpload = () => req;
		const controller = new AbortController();
		const promise = api.stashChunk( CHUNK_PARAMS(), { signal: controller.signal } );
		req.resolve( { upload: { result: 'Continue', offset: 1024, filekey: 'k' } } );
		await expect( promise ).resolves.toMatchObject( { result: 'Continue', offset: 1024 } );
		controller.abort();
		expect( req.abort ).not.toHaveBeenCalled();
	} );

	it.each( [
		[ 'a chunk', ( api: WikiApi, control: RequestControl ) => api.stashChunk( CHUNK_PARAMS(), control ) ],
		[ 'a whole file (the request inside uploadToStash)', ( api: WikiApi, control: RequestControl ) => api.stashFile( new File( [ new Uint8Array( 10 ) ], 'X.pdf' ), 'X.pdf', control ) ]
	] )( 'gives up %s without progress for idleTimeoutMs: abort() and HttpError timeout; progress restarts the clock', async ( _name, send ) => {
		vi.useFakeTimers();
		try {
			const { fake, api } = setup();
			const req = request();
			fake.onUpload = () => req;
			const settled = send( api, { idleTimeoutMs: 60000 } ).then( () => 'resolved', ( e: unknown ) => e );
			vi.advanceTimersByTime( 50000 );
			req.notify( 0.5 );
			vi.advanceTimersByTime( 50000 );
			expect( req.abort ).not.toHaveBeenCalled();
			vi.advanceTimersByTime( 10001 );
			expect( req.abort ).toHaveBeenCalledTimes( 1 );
			const error = await settled;
			expect( error ).toBeInstanceOf( HttpError );
			expect( error ).toMatchObject( { kind: 'timeout' } );
		} finally {
			vi.useRealTimers();
		}
	} );

	it( 'passes the request\'s progress on', async () => {
		const { fake, api } = setup();
		const req = request();
		fake.onUpload = () => req;
		const seen: number[] = [];
		const promise = api.stashChunk( CHUNK_PARAMS(), { onProgress: ( f ) => seen.push( f ) } );
		req.notify( 0.25 );
		req.notify( 1 );
		req.resolve( { upload: { result: 'Continue', offset: 1024, filekey: 'k' } } );
		await promise;
		expect( seen ).toEqual( [ 0.25, 1 ] );
	} );
} );

describe( 'WikiApi.commit', () => {
	const base: CommitParams = {
		filekey: '1d3ywsp3wtsc.6363jx.3.pdf',
		filename: 'Pmwv3p687-C2.pdf',
		comment: 'c',
		text: '== Summary ==\nA file',
		tags: [],
		watchlist: 'preferences'
	};

	function commitWith( params: CommitParams ) {
		const { fake, api } = setup();
		fake.onPost = () => resolved( { upload: { result: 'Success', filename: params.filename } } );
		return { fake, done: api.commit( params ) };
	}

	it( 'sends every field through postWithToken( "csrf", … ), never through mw.Api#upload', async () => {
		const { fake, done } = commitWith( { ...base, tags: [ 'a', 'b' ], watchlist: 'watch', watchlistexpiry: '1 week' } );
		await expect( done ).resolves.toEqual( { result: 'Success', filename: 'Pmwv3p687-C2.pdf' } );
		expect( fake.upload ).not.toHaveBeenCalled();
		expect( fake.postWithToken ).toHaveBeenCalledTimes( 1 );
		const [ type, data, ajax ] = fake.postWithToken.mock.calls[ 0 ];
		expect( type ).toBe( 'csrf' );
		expect( data ).toEqual( {
			action: 'upload',
			filekey: '1d3ywsp3wtsc.6363jx.3.pdf',
			filename: 'Pmwv3p687-C2.pdf',
			comment: 'c',
			text: '== Summary ==\nA file',
			watchlist: 'watch',
			tags: 'a|b',
			watchlistexpiry: '1 week'
		} );
		// Publishing a big file can take long: no client timeout.
		expect( ajax ).toEqual( { timeout: 0 } );
	} );

	it( 'leaves out tags, watchlistexpiry, ignorewarnings and async when not set', async () => {
		const { fake, done } = commitWith( { ...base, ignorewarnings: false, async: false } );
		await done;
		const data = fake.postWithToken.mock.calls[ 0 ][ 1 ];
		expect( Object.keys( data ).sort() ).toEqual( [ 'action', 'comment', 'filekey', 'filename', 'text', 'watchlist' ] );
	} );

	it( 'sends ignorewarnings only when the user chose to', async () => {
		const { fake, done } = commitWith( { ...base, ignorewarnings: true } );
		await done;
		expect( fake.postWithToken.mock.calls[ 0 ][ 1 ] ).toMatchObject( { ignorewarnings: 1 } );
	} );

	it( 'sends async when asked', async () => {
		const { fake, done } = commitWith( { ...base, async: true } );
		await done;
		expect( fake.postWithToken.mock.calls[ 0 ][ 1 ] ).toMatchObject( { async: 1 } );
	} );

	it( 'resolves with a commit Warning and its NEW filekey', async () => {
		const { fake, api } = setup();
		const answer = JSON.parse( '{"upload":{"result":"Warning","warnings":{"duplicate":["Pmwv3p687-C.pdf"]},"filekey":"1d3ywsp3wtsc.6363jx.3.pdf","sessionkey":"1d3ywsp3wtsc.6363jx.3.pdf"}}' ) as ApiUploadAnswer;
		fake.onPost = () => answerPost( new FakeDeferred(), answer );
		const upload = await api.commit( { ...base, filekey: '1d3ywsp1emhk.ehokeq.3.pdf' } );
		expect( upload ).toEqual( answer.upload );
	} );

	it( 'rejects a real error answer (fileexists-no-change) as ApiError', async () => {
		const { fake, api } = setup();
		const answer = JSON.parse( '{"error":{"code":"fileexists-no-change","info":"The upload is an exact duplicate of the current version of [[:File:Pmwv3p687-A.pdf]].","stasherrors":[{"message":"uploadstash-exception","params":["UploadStashBadPathException","Path doesn\'t exist."],"code":"uploadstash-exception","type":"error"}],"docref":"…"}}' ) as ApiUploadAnswer;
		fake.onPost = () => answerPost( new FakeDeferred(), answer );
		const error = await api.commit( { ...base, ignorewarnings: true } ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( { code: 'fileexists-no-change', info: answer.error?.info } );
	} );
} );

describe( 'WikiApi.checkStatus', () => {
	it( 'asks for the status of a filekey and keeps a Poll answer', async () => {
		const { fake, api } = setup();
		fake.onPost = () => resolved( { upload: { result: 'Poll', stage: 'queued' } } );
		await expect( api.checkStatus( '1d3yvz4xluxc.bdwq37.3.pdf' ) ).resolves.toEqual( { result: 'Poll', stage: 'queued' } );
		expect( fake.postWithToken.mock.calls[ 0 ][ 0 ] ).toBe( 'csrf' );
		expect( fake.postWithToken.mock.calls[ 0 ][ 1 ] ).toEqual( { action: 'upload', filekey: '1d3yvz4xluxc.bdwq37.3.pdf', checkstatus: 1 } );
	} );
} );

describe( 'WikiApi.stashChunk', () => {
	it( 'sends the first chunk without a filekey, through mw.Api#upload', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => resolved( { upload: { result: 'Continue', offset: 1048576, filekey: '1d3ywspunepw.gs43gg.3.pdf' } } );
		const chunk = new Blob( [ new Uint8Array( 1048576 ) ] );
		const answer = await api.stashChunk( { chunk, filename: 'Pmwv3p687-SF.pdf', filesize: 3145720, offset: 0 } );
		expect( answer ).toEqual( { result: 'Continue', offset: 1048576, filekey: '1d3ywspunepw.gs43gg.3.pdf' } );
		expect( fake.postWithToken ).not.toHaveBeenCalled();
		const [ file, data ] = fake.upload.mock.calls[ 0 ];
		expect( file ).toBe( chunk );
		// (Blobs are compared by identity: a deep comparison of happy-dom's Blob is slow.)
		const { chunk: sent, ...rest } = data;
		expect( sent ).toBe( chunk );
		// ignorewarnings on every chunk: without it a chunk with warnings is stashed alone.
		expect( rest ).toEqual( { stash: 1, ignorewarnings: 1, filename: 'Pmwv3p687-SF.pdf', filesize: 3145720, offset: 0 } );
	} );

	it( 'passes the filekey (and async) from the second chunk on', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => resolved( { upload: { result: 'Continue', offset: 2097152, filekey: '1d3ywspunepw.gs43gg.3.pdf' } } );
		const chunk = new Blob( [ new Uint8Array( 16 ) ] );
		await api.stashChunk( { chunk, filename: 'X.pdf', filesize: 3145720, offset: 1048576, filekey: '1d3ywspunepw.gs43gg.3.pdf', async: true } );
		const { chunk: sent, ...rest } = fake.upload.mock.calls[ 0 ][ 1 ];
		expect( sent ).toBe( chunk );
		expect( rest ).toEqual( {
			stash: 1,
			ignorewarnings: 1,
			filename: 'X.pdf',
			filesize: 3145720,
			offset: 1048576,
			filekey: '1d3ywspunepw.gs43gg.3.pdf',
			async: 1
		} );
	} );
} );

describe( 'WikiApi.stashFile (through mw.Api#uploadToStash)', () => {
	const file = () => new File( [ new Uint8Array( 4118 ) ], 'S.pdf' );

	it( 'goes through uploadToStash\'s one `stash` request and returns the filekey of the answer', async () => {
		const { fake, api } = setup();
		const stashSpy = vi.spyOn( FakeMwApi.prototype, 'uploadToStash' );
		const answer = JSON.parse( '{"upload":{"result":"Success","filekey":"1d3ywspmwbf4.vx0fyh.3.pdf","sessionkey":"1d3ywspmwbf4.vx0fyh.3.pdf","imageinfo":{"size":4118}}}' ) as ApiUploadAnswer;
		fake.onUpload = () => answerUpload( new FakeDeferred(), answer );
		const f = file();
		const upload = await api.stashFile( f, 'Pmwv3p687-S.pdf' );
		expect( upload ).toEqual( answer.upload );
		expect( stashSpy ).toHaveBeenCalledTimes( 1 );
		expect( stashSpy.mock.calls[ 0 ][ 0 ] ).toBe( f );
		expect( stashSpy.mock.calls[ 0 ][ 1 ] ).toEqual( { filename: 'Pmwv3p687-S.pdf' } );
		expect( fake.upload ).toHaveBeenCalledTimes( 1 );
		expect( fake.upload.mock.calls[ 0 ][ 0 ] ).toBe( f );
		expect( fake.upload.mock.calls[ 0 ][ 1 ] ).toEqual( { stash: true, filename: 'Pmwv3p687-S.pdf' } );
		stashSpy.mockRestore();
	} );

	it( 'still returns the filekey and the warnings when uploadToStash rejects a Warning', async () => {
		const { fake, api } = setup();
		const answer = JSON.parse( '{"upload":{"result":"Warning","warnings":{"exists":"Pmwv3p687-A.pdf","nochange":{"timestamp":"2026-11-24T19:41:50Z"}},"filekey":"1d3ywsly89uc.7ou1no.3.pdf","sessionkey":"1d3ywsly89uc.7ou1no.3.pdf"}}' ) as ApiUploadAnswer;
		fake.onUpload = () => answerUpload( new FakeDeferred(), answer );
		const upload = await api.stashFile( file(), 'Pmwv3p687-A.pdf' );
		expect( upload.result ).toBe( 'Warning' );
		expect( upload.filekey ).toBe( '1d3ywsly89uc.7ou1no.3.pdf' );
		expect( upload.warnings ).toEqual( { exists: 'Pmwv3p687-A.pdf', nochange: { timestamp: '2026-11-24T19:41:50Z' } } );
	} );

	it( 'rejects an error answer as ApiError', async () => {
		const { fake, api } = setup();
		const answer = JSON.parse( '{"error":{"code":"verification-error","info":"File extension \\".png\\" does not match the detected MIME type of the file (text/csv).","details":["filetype-mime-mismatch","png","text/csv"],"docref":"…"}}' ) as ApiUploadAnswer;
		fake.onUpload = () => answerUpload( new FakeDeferred(), answer );
		const error = await api.stashFile( file(), 'Pmwv3p687-TextAsPng.png' ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( { code: 'verification-error' } );
		expect( ( error as ApiError ).result?.error?.details ).toEqual( [ 'filetype-mime-mismatch', 'png', 'text/csv' ] );
	} );

	it( 'rejects an HTTP failure of the inner request as HttpError', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => rejected( 'http', { xhr: { status: 502 }, textStatus: 'error', exception: 'Bad Gateway' } );
		const error = await api.stashFile( file(), 'X.pdf' ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( HttpError );
		expect( error ).toMatchObject( { kind: 'status', status: 502 } );
	} );

	it( 'aborts the inner request (the one uploadToStash\'s promise cannot abort) and passes its progress on', async () => {
		const { fake, api } = setup();
		const req = request();
		fake.onUpload = () => req;
		const controller = new AbortController();
		const seen: number[] = [];
		const promise = api.stashFile( file(), 'X.pdf', { signal: controller.signal, onProgress: ( f ) => seen.push( f ) } );
		req.notify( 0.5 );
		expect( seen ).toEqual( [ 0.5 ] );
		controller.abort();
		expect( req.abort ).toHaveBeenCalledTimes( 1 );
		await expect( promise ).rejects.toBeInstanceOf( AbortError );
	} );
} );

describe( 'WikiApi.siteInfo', () => {
	interface SiteOptions {
		rights?: string[];
		anon?: boolean;
		uploadParams?: string[];
		/** What a stash request by URL answers (the copy-upload probe), if one is made. */
		urlAnswer?: ApiUploadAnswer;
	}

	/** The real answers' shapes: siteinfo general + fileextensions + userinfo, and paraminfo. */
	function wiki( options: SiteOptions = {} ) {
		const { fake, api } = setup();
		fake.onGet = ( params ) => {
			if ( params.action === 'paraminfo' ) {
				return resolved( {
					paraminfo: {
						modules: [ {
							name: 'upload',
							parameters: ( options.uploadParams || [ 'filename', 'comment', 'tags', 'text', 'watchlist', 'watchlistexpiry', 'ignorewarnings', 'file', 'url', 'filekey', 'sessionkey', 'stash', 'filesize', 'offset', 'chunk', 'async', 'checkstatus' ] ).map( ( name ) => ( { name } ) )
						} ]
					}
				} );
			}
			return resolved( {
				batchcomplete: true,
				query: {
					general: { sitename: 'LocalWiki', maxuploadsize: 209715200, minuploadchunksize: 1024, articlepath: '/index.php/$1', server: 'http://127.0.0.1:8080' },
					fileextensions: [ 'png', 'gif', 'jpg', 'jpeg', 'webp', 'pdf', 'txt', 'svg' ].map( ( ext ) => ( { ext } ) ),
					userinfo: options.anon ?
						{ id: 0, name: '127.0.0.1', anon: true, rights: [ 'read', 'createaccount' ] } :
						{ id: 3, name: 'Uploader', rights: options.rights || [ 'read', 'edit', 'upload', 'reupload', 'upload_by_url' ] }
				}
			} );
		};
		fake.onPost = () => answerPost( new FakeDeferred(), options.urlAnswer ||
			{ error: { code: 'copyuploadbaddomain', info: 'Uploads by URL are not allowed from this domain.' } } );
		return { fake, api };
	}

	it( 'reads the limits, extensions, user and rights', async () => {
		const { fake, api } = wiki();
		const site = await api.siteInfo();
		expect( site ).toMatchObject( {
			siteName: 'LocalWiki',
			maxUploadSize: 209715200,
			minUploadChunkSize: 1024,
			fileExtensions: [ 'png', 'gif', 'jpg', 'jpeg', 'webp', 'pdf', 'txt', 'svg' ],
			userName: 'Uploader',
			rights: [ 'read', 'edit', 'upload', 'reupload', 'upload_by_url' ],
			watchlistExpiryEnabled: true
		} );
		const queried = fake.get.mock.calls.map( ( c ) => c[ 0 ] );
		expect( queried ).toContainEqual( expect.objectContaining( { action: 'query', meta: expect.stringContaining( 'siteinfo' ), uiprop: 'rights' } ) );
		expect( queried ).toContainEqual( { action: 'paraminfo', modules: 'upload' } );
	} );

	it( 'detects watchlist expiry from the upload module\'s parameter list', async () => {
		const { api } = wiki( { uploadParams: [ 'filename', 'comment', 'text', 'watchlist', 'file', 'url', 'filekey', 'stash', 'chunk' ] } );
		expect( ( await api.siteInfo() ).watchlistExpiryEnabled ).toBe( false );
	} );

	it( 'an anonymous user has no name (the dialog asks to log in)', async () => {
		const { api } = wiki( { anon: true } );
		const site = await api.siteInfo();
		expect( site.userName ).toBeNull();
		expect( site.rights ).toEqual( [ 'read', 'createaccount' ] );
	} );

	it( 'copy uploads: on where the wiki does not answer copyuploaddisabled', async () => {
		const { api } = wiki();
		expect( ( await api.siteInfo() ).copyUploadsEnabled ).toBe( true );
	} );

	it( 'copy uploads: off where the wiki answers copyuploaddisabled', async () => {
		const { api } = wiki( { urlAnswer: { error: { code: 'copyuploaddisabled', info: 'Upload by URL disabled.' } } } );
		expect( ( await api.siteInfo() ).copyUploadsEnabled ).toBe( false );
	} );

	it( 'the copy-upload probe goes once the rights are known, without waiting for paraminfo', async () => {
		const { fake, api } = wiki();
		const siteinfoOnly = fake.onGet;
		const paraminfo = new FakeDeferred();
		fake.onGet = ( params ) => ( params.action === 'paraminfo' ? paraminfo : siteinfoOnly!( params ) );
		let settled = false;
		const site = api.siteInfo().then( ( s ) => {
			settled = true;
			return s;
		} );
		await vi.waitFor( () => expect( fake.postWithToken ).toHaveBeenCalledTimes( 1 ), { timeout: 1000 } );
		expect( settled, 'the answer waits for paraminfo' ).toBe( false );
		paraminfo.resolve( { paraminfo: { modules: [ { name: 'upload', parameters: [ { name: 'watchlistexpiry' } ] } ] } } );
		expect( await site ).toMatchObject( { copyUploadsEnabled: true, watchlistExpiryEnabled: true } );
	} );

	it( 'copy uploads: off for a user without upload_by_url, and the wiki is not asked', async () => {
		const { fake, api } = wiki( { rights: [ 'read', 'upload' ] } );
		expect( ( await api.siteInfo() ).copyUploadsEnabled ).toBe( false );
		expect( fake.postWithToken ).not.toHaveBeenCalled();
	} );

	it( 'the copy-upload probe only stashes, from a host that cannot resolve', async () => {
		const { fake, api } = wiki();
		await api.siteInfo();
		expect( fake.postWithToken ).toHaveBeenCalledTimes( 1 );
		const [ type, data ] = fake.postWithToken.mock.calls[ 0 ];
		expect( type ).toBe( 'csrf' );
		expect( data ).toMatchObject( { action: 'upload', stash: 1 } );
		expect( new globalThis.URL( String( data.url ) ).hostname ).toMatch( /\.invalid$/ );
		expect( fake.upload ).not.toHaveBeenCalled();
	} );

	it( 'fails with the API layer\'s error when the wiki cannot be asked', async () => {
		const { fake, api } = wiki();
		fake.onGet = () => rejected( 'http', { xhr: { status: 0 }, textStatus: 'error' } );
		await expect( api.siteInfo() ).rejects.toBeInstanceOf( HttpError );
	} );
} );
