/**
 * Who every write is for, and the wiki's own words: WikiApi over the fake mw.Api, looking at the
 * requests as they would go on the wire (mw.Api#upload's whitelist applied, the instance's
 * defaults merged in) and at the errors as the wiki answers them with errorformat=html.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors';
import { describeFailure, serverOffset } from '../../src/upload/failures';
import { FakeDeferred, rejected, resolved } from './deferred';
import { answerPost, CHUNK_PARAMS, setup, type FakeMwApi, type Params } from './fakeMwApi';

const COMMIT = { filekey: 'k', filename: 'A.pdf', comment: '', text: '', tags: [], watchlist: 'preferences' as const };

/** Every kind of write the dialog makes, each answered with Success. */
async function everyWrite( fake: FakeMwApi, api: ReturnType<typeof setup>[ 'api' ] ): Promise<void> {
	fake.onUpload = () => resolved( { upload: { result: 'Success', filekey: 'k2' } } );
	fake.onPost = () => resolved( { upload: { result: 'Success', filekey: 'k2' } } );
	await api.stashChunk( CHUNK_PARAMS() );
	await api.stashFile( new File( [ new Uint8Array( 10 ) ], 'S.pdf' ), 'S.pdf' );
	await api.stashUrl( 'http://127.0.0.1/x.png', 'X.png' );
	await api.commit( COMMIT );
	await api.checkStatus( 'k' );
}

/** The answer of 1.43 with errorformat=html to a request for another account (ApiMain::checkAsserts). */
function assertAnswer( code: string, html: string ): Params {
	return { errors: [ { code, html, module: 'main' } ], docref: 'See http://127.0.0.1:8092/api.php for API usage.' };
}

describe( 'every write says whom it is for', () => {
	it( 'carries assert=user and assertuser=<the page\'s user> on the wire, through mw.Api#upload too', async () => {
		const { fake, api } = setup( { userName: 'Uploader Name', language: 'en' } );
		await everyWrite( fake, api );
		const writes = fake.wire.filter( ( p ) => p.action === 'upload' );
		// chunk, the one stash request of uploadToStash, URL, commit, checkstatus
		expect( writes ).toHaveLength( 5 );
		writes.forEach( ( p ) => expect( p ).toMatchObject( { assert: 'user', assertuser: 'Uploader Name' } ) );
	} );

	it( 'the copy-upload probe (a stash by URL) carries it too; the reads do not', async () => {
		const { fake, api } = setup( { userName: 'Uploader', language: 'en' } );
		fake.onGet = ( p ) => resolved( p.action === 'paraminfo' ? { paraminfo: { modules: [] } } : { query: { general: {}, userinfo: { id: 3, name: 'Uploader', rights: [ 'upload', 'upload_by_url' ] } } } );
		fake.onPost = () => answerPost( new FakeDeferred(), { error: { code: 'copyuploadbaddomain', info: 'x' } } );
		await api.siteInfo();
		const probe = fake.wire.filter( ( p ) => p.action === 'upload' );
		expect( probe ).toHaveLength( 1 );
		expect( probe[ 0 ] ).toMatchObject( { assert: 'user', assertuser: 'Uploader' } );
		fake.wire.filter( ( p ) => p.action !== 'upload' ).forEach( ( p ) => expect( p.assert ).toBeUndefined() );
	} );

	it( 'a logged-out page asserts nothing (the wiki answers mustbeloggedin itself)', async () => {
		const { fake, api } = setup( { userName: null, language: 'en' } );
		await everyWrite( fake, api );
		fake.wire.forEach( ( p ) => {
			expect( p.assert ).toBeUndefined();
			expect( p.assertuser ).toBeUndefined();
		} );
	} );

	it( 'asks every error as HTML in the user\'s language, with the wiki\'s own customisations', async () => {
		const { fake, api } = setup( { userName: 'Uploader', language: 'de' } );
		await everyWrite( fake, api );
		fake.wire.forEach( ( p ) => expect( p ).toMatchObject( { errorformat: 'html', errorlang: 'de', errorsuselocal: 1, formatversion: 2 } ) );
	} );

	it.each( [
		[ 'assertnameduserfailed', 'You are no longer logged in as "Uploader", so this action cannot be performed.' ],
		[ 'assertuserfailed', 'You are no longer logged in, so this action cannot be performed.' ]
	] )( '%s is refused as ApiError naming the account; the failure asks to log in as it', async ( code, text ) => {
		for ( const via of [ 'chunk', 'commit' ] ) {
			const { fake, api } = setup( { userName: 'Uploader', language: 'en' } );
			fake.onUpload = () => rejected( code, assertAnswer( code, text ) );
			fake.onPost = () => rejected( code, assertAnswer( code, text ) );
			const error = await ( via === 'chunk' ? api.stashChunk( CHUNK_PARAMS() ) : api.commit( COMMIT ) ).catch( ( e: unknown ) => e );
			expect( error ).toBeInstanceOf( ApiError );
			expect( error ).toMatchObject( { code, info: text } );
			expect( describeFailure( error ) ).toMatchObject( { code, params: [ 'Uploader' ], remedy: 'login', transient: false } );
		}
	} );
} );

describe( 'the wiki\'s words with errorformat=html', () => {
	const PERMISSION_HTML = 'The action you have requested is limited to users in the group: <a href="/index.php?title=Project:Users" title="Project:Users">Users</a>.';

	it( 'keeps the HTML MediaWiki rendered and its text as info, never the wikitext', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => rejected( 'permissiondenied', { errors: [ { code: 'permissiondenied', html: PERMISSION_HTML, module: 'upload' } ] } );
		const error = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e ) as ApiError;
		expect( error.code ).toBe( 'permissiondenied' );
		expect( error.info ).toBe( 'The action you have requested is limited to users in the group: Users.' );
		expect( error.html ).toBe( PERMISSION_HTML );
		const failure = describeFailure( error );
		expect( failure ).toMatchObject( { code: 'permissiondenied', html: PERMISSION_HTML, remedy: 'rights' } );
		expect( failure.info ).not.toMatch( /\[\[/ );
	} );

	it( 'keeps the data of an error where the engine reads it: the server\'s offset, a banned type', async () => {
		const { fake, api } = setup();
		fake.onUpload = () => rejected( 'stashfailed', { errors: [ { code: 'stashfailed', html: 'Ungültiger Offset', data: { offset: '1048576' }, module: 'upload' } ] } );
		const refused = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e );
		expect( serverOffset( refused ) ).toBe( 1048576 );
		fake.onUpload = () => rejected( 'filetype-banned', { errors: [ { code: 'filetype-banned', html: '„.exe“ ist kein erlaubter Dateityp.', data: { filetype: 'exe', allowed: [ 'png', 'pdf' ] }, module: 'upload' } ] } );
		const banned = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e );
		expect( describeFailure( banned ).params ).toEqual( [ 'exe', 'png, pdf' ] );
	} );
} );

describe( 'one code, several cases: the API layer names the wiki\'s message, in any language', () => {
	/** The wiki in German: its wording of the candidate messages (meta=allmessages), and how often it was asked. */
	function germanWiki() {
		const made = setup( { userName: 'Uploader', language: 'de' } );
		let asked = 0;
		made.fake.onGet = ( p ) => {
			if ( p.meta !== 'allmessages' ) {
				return rejected( 'http', { textStatus: 'error', xhr: { status: 0 } } );
			}
			asked++;
			expect( p ).toMatchObject( { amlang: 'de', amenableparser: 1 } );
			return resolved( { query: { allmessages: [
				{ name: 'apierror-stashfailed-complete', content: 'Das Hochladen in Teilen ist bereits abgeschlossen, prüfe den Status für Details.' },
				{ name: 'apierror-stashfailed-nosession', content: 'Es gibt keine Sitzung für das Hochladen in Teilen mit diesem Schlüssel.' },
				{ name: 'verification-error', content: 'Diese Datei hat die Dateiprüfung nicht bestanden.' },
				{ name: 'apierror-upload-inprogress', content: 'Das Hochladen aus dem Speicher ist bereits im Gange.' },
				{ name: 'apierror-no-async-support', missing: true }
			] } } );
		};
		return { ...made, asked: () => asked };
	}

	const stashfailed = ( html: string ) => rejected( 'stashfailed', { errors: [ { code: 'stashfailed', html, module: 'upload' } ] } );

	it( 'a chunk after the last one ("already completed"), a failed verification, a publish in progress', async () => {
		const { fake, api, asked } = germanWiki();
		fake.onUpload = () => stashfailed( 'Das Hochladen in Teilen ist bereits abgeschlossen, prüfe den Status für Details.' );
		expect( await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: ApiError ) => e.messageKey ) ).toBe( 'apierror-stashfailed-complete' );
		fake.onUpload = () => stashfailed( '<p>Diese Datei hat die Dateiprüfung nicht bestanden.\n</p>' );
		const failed = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e ) as ApiError;
		expect( failed.messageKey ).toBe( 'verification-error' );
		expect( describeFailure( failed ) ).toMatchObject( { code: 'verification-error', remedy: 'other-file' } );
		fake.onPost = () => rejected( 'publishfailed', { errors: [ { code: 'publishfailed', html: 'Das Hochladen aus dem Speicher ist bereits im Gange.', module: 'upload' } ] } );
		expect( await api.commit( COMMIT ).catch( ( e: ApiError ) => e.messageKey ) ).toBe( 'apierror-upload-inprogress' );
		expect( asked(), 'the wiki\'s wording is asked once for the page' ).toBe( 1 );
	} );

	it( 'another stashfailed is no named case; other codes never ask the wiki', async () => {
		const { fake, api, asked } = germanWiki();
		fake.onUpload = () => stashfailed( 'Ungültiger Offset' );
		expect( await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: ApiError ) => e.messageKey ) ).toBeNull();
		fake.onUpload = () => rejected( 'permissiondenied', { errors: [ { code: 'permissiondenied', html: 'Nein.', module: 'upload' } ] } );
		const before = asked();
		expect( await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: ApiError ) => e.messageKey ) ).toBeNull();
		expect( asked() ).toBe( before );
	} );

	it( 'when the wording cannot be asked, the error is still the wiki\'s, only unnamed (and asked again next time)', async () => {
		const { fake, api } = setup( { userName: 'Uploader', language: 'de' } );
		fake.onUpload = () => stashfailed( 'Das Hochladen in Teilen ist bereits abgeschlossen, prüfe den Status für Details.' );
		const error = await api.stashChunk( CHUNK_PARAMS() ).catch( ( e: unknown ) => e ) as ApiError;
		expect( error ).toBeInstanceOf( ApiError );
		expect( error.messageKey ).toBeNull();
		await api.stashChunk( CHUNK_PARAMS() ).catch( () => undefined );
		expect( fake.get.mock.calls.filter( ( c ) => c[ 0 ].meta === 'allmessages' ) ).toHaveLength( 2 );
	} );
} );
