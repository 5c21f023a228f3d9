/**
 * The API side of the name checks: NameChecksApi over a fake mw.Api that gives the answers
 * captured from a real MediaWiki 1.43.12 (fakeQueryApi.ts says how they were made).
 */
import { describe, expect, it } from 'vitest';
import { ApiError, HttpError } from '../../src/api/errors';
import { NameChecksApi, type QueryPage, type TitleFacts } from '../../src/api/nameChecks';
import { FakeMwQueryApi, MAIN_TITLES, REAL, TITLE_QUERY, capturedWiki, comparable } from './fakeQueryApi';

function setup( contentLanguage = 'en' ) {
	const fake = new FakeMwQueryApi();
	const api = new NameChecksApi( fake as unknown as mw.Api, { contentLanguage } );
	return { fake, api };
}

function byAsked( facts: TitleFacts[] ): Record<string, TitleFacts> {
	const out: Record<string, TitleFacts> = {};
	facts.forEach( ( f ) => {
		out[ f.asked ] = f;
	} );
	return out;
}

const T_TITLES = Array.from( { length: 26 }, ( _v, i ) => `File:Pc-T${ i + 1 }.pdf` );

describe( 'NameChecksApi.queryTitles on the captured answer', () => {
	it( 'asks once for all titles: existence, current version, deleted revisions, the permission test', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.main;
		await api.queryTitles( MAIN_TITLES );
		expect( fake.requests ).toEqual( [ { method: 'get', params: { ...TITLE_QUERY, titles: MAIN_TITLES.join( '|' ) } } ] );
	} );

	it( 'reads every case of it, in the order asked', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.main;
		const list = await api.queryTitles( MAIN_TITLES );
		expect( list.map( ( f ) => f.asked ) ).toEqual( MAIN_TITLES );
		const f = byAsked( list );

		// A file of the wiki's own, upload-protected: the upload would answer protectedpage.
		expect( f[ 'File:Pc-A.pdf' ] ).toEqual( {
			asked: 'File:Pc-A.pdf',
			title: 'File:Pc-A.pdf',
			invalidReason: null,
			pageExists: true,
			file: { user: 'Uploader', size: 140, timestamp: '2026-11-25T15:48:57Z', sha1: '45bb5ec3ec43efcb87166219fc5c3098f5c7f671' },
			shared: null,
			deleted: false,
			refusals: [ { action: 'upload', code: 'protectedpage', text: 'This page has been protected to prevent editing or other actions.' } ]
		} );
		// Deleted: the upload warns was-deleted.
		expect( f[ 'File:Pc-D.pdf' ] ).toMatchObject( { title: 'File:Pc-D.pdf', pageExists: false, file: null, deleted: true, refusals: [] } );
		// A description page without a file: page-exists.
		expect( f[ 'File:Pc-PE.pdf' ] ).toMatchObject( { pageExists: true, file: null, shared: null, deleted: false } );
		// The wiki's form of the title comes from `normalized`.
		expect( f[ 'File:pc space name.pdf' ] ).toMatchObject( { title: 'File:Pc space name.pdf', pageExists: false, file: null } );
		expect( f[ 'File:Pc-New.pdf' ] ).toMatchObject( { title: 'File:Pc-New.pdf', pageExists: false, file: null, deleted: false, refusals: [] } );
		expect( f[ 'File:Pc-N.jpg' ].file ).toMatchObject( { size: 286, sha1: '6905f5e90f35fef1347168c54917a11e7442a0bf' } );
		// TitleBlacklist answers through the permission test, for both actions.
		expect( f[ 'File:Pc-Forbidden.pdf' ].refusals ).toEqual( [ 'edit', 'upload' ].map( ( action ) => ( {
			action,
			code: 'titleblacklist-forbidden',
			text: 'The title "File:Pc-Forbidden.pdf" has been banned from creation. It matches the following disallowed titles list entry: ".*Forbidden.* <casesensitive>"'
		} ) ) );
		expect( f[ 'File:Pc-x<y.pdf' ] ).toEqual( {
			asked: 'File:Pc-x<y.pdf',
			title: null,
			invalidReason: 'The requested page title contains invalid characters: "<".',
			pageExists: false,
			file: null,
			shared: null,
			deleted: null,
			refusals: null
		} );
		// Only in the shared repository: a missing, "known" page.
		expect( f[ 'File:Shared-file.png' ] ).toMatchObject( {
			pageExists: false,
			file: null,
			shared: { repository: 'fakeshared', version: { user: '', size: 276, sha1: '78153360e596f6e9602e4facdea4e2307860171b' } }
		} );
		// Create-protected: the upload tests "edit", which for a new page is creating it.
		expect( f[ 'File:Pc-Prot.pdf' ].refusals ).toEqual( [ { action: 'edit', code: 'protectedpage', text: 'This page has been protected to prevent editing or other actions.' } ] );
	} );

	it( 'finishes an answer given in two parts (50 tested actions per request) with its `continue`', async () => {
		const { fake, api } = setup();
		fake.answer = ( params ) => ( params.incontinue ? REAL.continuation : REAL.continued );
		const list = await api.queryTitles( T_TITLES );
		expect( fake.titleQueries() ).toEqual( [
			{ ...TITLE_QUERY, titles: T_TITLES.join( '|' ) },
			{ ...TITLE_QUERY, titles: T_TITLES.join( '|' ), incontinue: '6|Pc-T9.pdf', continue: '||imageinfo|deletedrevisions' }
		] );
		// Pc-T9.pdf's permissions came in the second part; nothing of the first was lost.
		list.forEach( ( f ) => expect( f ).toMatchObject( { pageExists: false, file: null, deleted: false, refusals: [] } ) );
	} );

	it( 'a file uploaded twice: the current version counts, and its older ones are not fetched', async () => {
		// MediaWiki 1.43's answers for a file with two versions (trimmed; from an end-to-end run):
		// imageinfo gives the current one and continues with `iistart` to the older one.
		const first = { continue: { iistart: '2026-11-26T00:24:39Z', continue: '||info|deletedrevisions' }, query: { pages: [ {
			pageid: 202, ns: 6, title: 'File:E2E-DupVer.pdf', actions: { edit: [], upload: [] }, imagerepository: 'local',
			imageinfo: [ { timestamp: '2026-11-26T00:24:40Z', user: 'Admin', size: 6000, sha1: '2e34baeddb079920182843822808e7c28be25748' } ]
		} ] }, limits: { deletedrevisions: 500 } };
		const older = { batchcomplete: true, query: { pages: [ {
			pageid: 202, ns: 6, title: 'File:E2E-DupVer.pdf', imagerepository: 'local',
			imageinfo: [ { timestamp: '2026-11-26T00:24:39Z', user: 'Admin', size: 6000, sha1: '4a341113dbc8dac2388a4fc1d4baa63c8aba91fb' } ]
		} ] } };
		const { fake, api } = setup();
		fake.answer = ( params ) => ( params.iistart ? older : first );
		const [ facts ] = await api.queryTitles( [ 'File:E2E-DupVer.pdf' ] );
		expect( facts.file ).toMatchObject( { timestamp: '2026-11-26T00:24:40Z', sha1: '2e34baeddb079920182843822808e7c28be25748' } );
		expect( fake.titleQueries() ).toHaveLength( 1 );
	} );

	it( 'says "not known" for what an unfinished answer left out', async () => {
		const { fake, api } = setup();
		// A wiki that keeps answering in parts: after 10 requests the checks take what they have.
		fake.answer = () => REAL.continued;
		const f = byAsked( await api.queryTitles( T_TITLES ) );
		expect( fake.titleQueries() ).toHaveLength( 10 );
		expect( f[ 'File:Pc-T9.pdf' ].refusals ).toBeNull();
		expect( f[ 'File:Pc-T9.pdf' ].deleted ).toBeNull();
		expect( f[ 'File:Pc-T1.pdf' ].refusals ).toEqual( [] );
	} );

	it( 'reads a title the wiki cleaned and names percent-encoded (`fromencoded`)', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.cleaned;
		const asked = [ 'File:Pc-a\u0001b.png', 'File:Pc-a\u007fb.png', 'File:Pc-a\u200eb.png' ];
		const f = byAsked( await api.queryTitles( asked ) );
		expect( f[ asked[ 0 ] ] ).toMatchObject( { title: null, invalidReason: 'The requested page title contains an invalid UTF-8 sequence.' } );
		expect( f[ asked[ 1 ] ] ).toMatchObject( { title: null, invalidReason: 'The requested page title contains invalid characters: "\u007f".' } );
		// The invisible left-to-right mark is dropped by the wiki: a different name (badfilename).
		expect( f[ asked[ 2 ] ] ).toMatchObject( { title: 'File:Pc-ab.png', pageExists: false } );
	} );

	it( 'follows every step from an asked title to the wiki\'s form: NFD → NFC → capitalised, and a conversion', async () => {
		const { fake, api } = setup();
		const nfd = 'File:été.jpg'.normalize( 'NFD' );
		// ApiPageSet's shape: the parameter's NFC normalisation (percent-encoded `from`), then the
		// title's own, then (converttitles on a wiki with variants) the conversion.
		fake.answer = () => ( {
			batchcomplete: true,
			query: {
				normalized: [
					{ fromencoded: true, from: encodeURIComponent( nfd ), to: 'File:été.jpg' },
					{ fromencoded: false, from: 'File:été.jpg', to: 'File:Été.jpg' },
					{ fromencoded: false, from: 'File:pc-N.jpg', to: 'File:Pc-N.jpg' }
				],
				converted: [ { from: 'File:Pc-N.jpg', to: 'File:Pc-Ñ.jpg' } ],
				pages: [
					{ ns: 6, title: 'File:Été.jpg', missing: true, imagerepository: '' },
					{ ns: 6, title: 'File:Pc-Ñ.jpg', pageid: 8, imagerepository: '' }
				]
			}
		} );
		const f = byAsked( await api.queryTitles( [ nfd, 'File:pc-N.jpg' ] ) );
		expect( f[ nfd ] ).toMatchObject( { title: 'File:Été.jpg', pageExists: false } );
		expect( f[ nfd ] ).not.toHaveProperty( 'unanswered' );
		expect( f[ 'File:pc-N.jpg' ] ).toMatchObject( { title: 'File:Pc-Ñ.jpg', pageExists: true } );
	} );

	it( 'a title the answer does not mention is unknown; the other titles of the batch are not lost', async () => {
		const { fake, api } = setup();
		const wiki = capturedWiki();
		fake.answer = ( params ) => {
			const answer = wiki.answer( params ) as { query: { pages: QueryPage[] } };
			answer.query.pages = answer.query.pages.filter( ( p ) => p.title !== 'File:Pc-D.pdf' );
			return answer;
		};
		const f = byAsked( await api.queryTitles( MAIN_TITLES ) );
		// Nothing known of it: not "free", not "taken".
		expect( f[ 'File:Pc-D.pdf' ] ).toMatchObject( { asked: 'File:Pc-D.pdf', unanswered: true, title: null, file: null, deleted: null, refusals: null } );
		expect( f[ 'File:Pc-N.jpg' ].file ).toMatchObject( { size: 286 } );
		expect( f[ 'File:pc space name.pdf' ] ).toMatchObject( { title: 'File:Pc space name.pdf' } );
	} );

	it( 'keeps the file a redirect leads to apart from the page\'s own (imageinfo follows file redirects)', async () => {
		const { fake, api } = setup();
		const wiki = capturedWiki();
		wiki.redirects.set( 'Pc-Old.jpg', 'Pc-N.jpg' );
		wiki.redirects.set( 'Pc-Nowhere.jpg', 'Pc-None.jpg' );
		fake.answer = ( params ) => wiki.answer( params );
		const f = byAsked( await api.queryTitles( [ 'File:Pc-Old.jpg', 'File:Pc-Nowhere.jpg', 'File:Pc-N.jpg' ] ) );
		expect( f[ 'File:Pc-Old.jpg' ] ).toMatchObject( {
			title: 'File:Pc-Old.jpg',
			pageExists: true,
			file: null,
			shared: null,
			redirectFile: { size: 286, sha1: '6905f5e90f35fef1347168c54917a11e7442a0bf' }
		} );
		expect( f[ 'File:Pc-Nowhere.jpg' ] ).toMatchObject( { pageExists: true, file: null, shared: null } );
		expect( f[ 'File:Pc-Nowhere.jpg' ] ).not.toHaveProperty( 'redirectFile' );
		expect( f[ 'File:Pc-N.jpg' ].file ).toMatchObject( { size: 286 } );
		expect( f[ 'File:Pc-N.jpg' ] ).not.toHaveProperty( 'redirectFile' );
	} );

	it( 'asks again without deleted revisions where the wiki refuses them, and from then on', async () => {
		const { fake, api } = setup();
		const wiki = capturedWiki();
		fake.answer = ( params ) => ( String( params.prop ).indexOf( 'deletedrevisions' ) !== -1 ? REAL.deletedCommentsRefused : wiki.answer( params ) );
		const f = byAsked( await api.queryTitles( MAIN_TITLES ) );
		expect( f[ 'File:Pc-D.pdf' ].deleted ).toBeNull();
		expect( f[ 'File:Pc-A.pdf' ].file ).not.toBeNull();
		await api.queryTitles( [ 'File:Pc-A.pdf' ] );
		expect( fake.titleQueries().map( ( p ) => p.prop ) ).toEqual( [ 'info|imageinfo|deletedrevisions', 'info|imageinfo', 'info|imageinfo' ] );
		expect( fake.titleQueries()[ 1 ] ).not.toHaveProperty( 'drvprop' );
	} );

	it( 'refuses more than 50 titles without asking (the wiki would answer toomanyvalues)', async () => {
		const { fake, api } = setup();
		const titles = Array.from( { length: 51 }, ( _v, i ) => `File:Pc-T${ i + 1 }.pdf` );
		await expect( api.queryTitles( titles ) ).rejects.toThrow( RangeError );
		expect( fake.requests ).toHaveLength( 0 );
		expect( REAL.tooManyTitles.error.code ).toBe( 'toomanyvalues' );
	} );

	it( 'sends long title lists as POST (URLs of several KB are refused by some servers)', async () => {
		const { fake, api } = setup();
		const long = Array.from( { length: 50 }, ( _v, i ) => `File:${ 'Ä'.repeat( 100 ) }-${ i }.jpg` );
		const wiki = capturedWiki();
		fake.answer = ( params ) => wiki.answer( params );
		await api.queryTitles( long );
		expect( fake.requests[ 0 ].method ).toBe( 'post' );
	} );

	it( 'measures the URL as it travels, percent-encoded: 50 Cyrillic or CJK names go as POST', async () => {
		const { fake, api } = setup();
		const wiki = capturedWiki();
		fake.answer = ( params ) => wiki.answer( params );
		const cyrillic = Array.from( { length: 50 }, ( _v, i ) => `File:${ 'Ж'.repeat( 45 ) }-${ i }.jpg` );
		const cjk = Array.from( { length: 50 }, ( _v, i ) => `File:${ '写真'.repeat( 15 ) }-${ i }.jpg` );
		// Short as text, but some 14 KB of URL each: HTTP 414 from Apache and nginx.
		expect( cyrillic.join( '|' ).length ).toBeLessThan( 4000 );
		expect( encodeURIComponent( cyrillic.join( '|' ) ).length ).toBeGreaterThan( 8192 );
		await api.queryTitles( cyrillic );
		await api.queryTitles( cjk );
		// Each batch, its continuation (100 tested actions) included.
		expect( fake.requests.map( ( r ) => r.method ) ).toEqual( [ 'post', 'post', 'post', 'post' ] );
	} );

	it( 'keeps GET (cheap, cacheable) for what fits in a URL, in any script', async () => {
		const { fake, api } = setup();
		const wiki = capturedWiki();
		fake.answer = ( params ) => wiki.answer( params );
		await api.queryTitles( Array.from( { length: 50 }, ( _v, i ) => `File:Trip 2026 - ${ String( i ).padStart( 3, '0' ) }.jpg` ) );
		await api.queryTitles( Array.from( { length: 5 }, ( _v, i ) => `File:${ 'Ж'.repeat( 45 ) }-${ i }.jpg` ) );
		// The first batch in two requests (100 tested actions), the second in one.
		expect( fake.requests.map( ( r ) => r.method ) ).toEqual( [ 'get', 'get', 'get' ] );
	} );

	it( 'gives failures of the request as the API layer\'s errors', async () => {
		const { fake, api } = setup();
		fake.answer = () => {
			throw new Error( 'offline' );
		};
		await expect( api.queryTitles( [ 'File:A.jpg' ] ) ).rejects.toBeInstanceOf( HttpError );
		fake.answer = () => REAL.tooManyTitles;
		await expect( api.queryTitles( [ 'File:A.jpg' ] ) ).rejects.toMatchObject( { code: 'toomanyvalues' } );
	} );

	it( 'asks nothing for no titles', async () => {
		const { fake, api } = setup();
		expect( await api.queryTitles( [] ) ).toEqual( [] );
		expect( fake.requests ).toHaveLength( 0 );
	} );
} );

describe( 'the QueryWiki fake answers as the real wiki did', () => {
	function sorted( pages: QueryPage[] ) {
		return pages.map( comparable ).sort( ( a, b ) => String( a.title ).localeCompare( String( b.title ) ) );
	}

	it( 'to the captured request of ten titles', () => {
		const answer = capturedWiki().answer( { ...TITLE_QUERY, titles: MAIN_TITLES.join( '|' ) } ) as typeof REAL.main;
		expect( answer.query.normalized ).toEqual( REAL.main.query.normalized );
		expect( sorted( answer.query.pages ) ).toEqual( sorted( REAL.main.query.pages as QueryPage[] ) );
		expect( answer.limits ).toEqual( REAL.main.limits );
	} );

	it( 'to the captured request of 26 titles, in two parts', () => {
		const wiki = capturedWiki();
		const first = wiki.answer( { ...TITLE_QUERY, titles: T_TITLES.join( '|' ) } ) as typeof REAL.continued;
		expect( first.continue ).toEqual( REAL.continued.continue );
		expect( sorted( first.query.pages ) ).toEqual( sorted( REAL.continued.query.pages as QueryPage[] ) );
		const second = wiki.answer( { ...TITLE_QUERY, titles: T_TITLES.join( '|' ), ...REAL.continued.continue } ) as typeof REAL.continuation;
		expect( sorted( second.query.pages ) ).toEqual( sorted( REAL.continuation.query.pages as QueryPage[] ) );
		expect( second.batchcomplete ).toBe( true );
	} );

	it( 'to 51 titles and to the prefix list', () => {
		const wiki = capturedWiki();
		expect( wiki.answer( { ...TITLE_QUERY, titles: Array.from( { length: 51 }, ( _v, i ) => `File:X${ i }.pdf` ).join( '|' ) } ) ).toEqual( REAL.tooManyTitles );
		expect( wiki.answer( { action: 'query', meta: 'allmessages', ammessages: 'filename-prefix-blacklist', amlang: 'en' } ) ).toEqual( {
			batchcomplete: true,
			query: { allmessages: REAL.prefixBlacklist.query.allmessages }
		} );
	} );
} );

describe( 'look-ups by content (SHA-1)', () => {
	it( 'findFilesBySha1: local files with that content, named as upload warnings name them', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.allimages;
		expect( await api.findFilesBySha1( '45BB5EC3EC43EFCB87166219FC5C3098F5C7F671' ) ).toEqual( [ {
			name: 'Pc-A.pdf',
			title: 'File:Pc-A.pdf',
			version: { user: 'Uploader', size: 140, timestamp: '2026-11-25T15:48:57Z', sha1: '45bb5ec3ec43efcb87166219fc5c3098f5c7f671' }
		} ] );
		expect( fake.requests[ 0 ].params ).toEqual( {
			action: 'query',
			list: 'allimages',
			aisha1: '45bb5ec3ec43efcb87166219fc5c3098f5c7f671',
			aiprop: 'timestamp|user|size|sha1',
			ailimit: 50
		} );
	} );

	it( 'takes MediaWiki\'s base-36 form too (aisha1base36; the real wiki gave the same answer)', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.allimages;
		expect( await api.findFilesBySha1( '858iu6f11lp2b31mritaylzvu0u3gxd' ) ).toHaveLength( 1 );
		expect( fake.requests[ 0 ].params ).toMatchObject( { aisha1base36: '858iu6f11lp2b31mritaylzvu0u3gxd' } );
		expect( fake.requests[ 0 ].params ).not.toHaveProperty( 'aisha1' );
	} );

	it( 'one SHA-1 per request: a list is refused by the wiki (invalidsha1hash)', async () => {
		const { fake, api } = setup();
		fake.answer = () => REAL.allimagesTwoHashes;
		const error = await api.findFilesBySha1( 'a|b' ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( { code: 'invalidsha1hash' } );
	} );

	it( 'findContent: both look-ups in one request, two lists of one query (the real wiki answers them side by side)', async () => {
		const { fake, api } = setup();
		const sha1 = '45bb5ec3ec43efcb87166219fc5c3098f5c7f671';
		// The shape 1.43 gave for list=allimages|filearchive, here with both captured lists in it.
		fake.answer = () => ( { batchcomplete: true, query: { allimages: REAL.allimages.query.allimages, filearchive: REAL.filearchive.query.filearchive } } );
		const found = await api.findContent( sha1 );
		expect( found.files.map( ( f ) => f.name ) ).toEqual( [ 'Pc-A.pdf' ] );
		expect( found.deleted ).toEqual( [ {
			name: 'Pc-D.pdf',
			title: 'File:Pc-D.pdf',
			version: { user: 'Uploader', size: 140, timestamp: '2026-11-25T15:48:57Z', sha1: '38d388e2df50b21ba5bf10e7a194388664732c82' }
		} ] );
		expect( fake.requests ).toHaveLength( 1 );
		expect( fake.requests[ 0 ].params ).toEqual( {
			action: 'query',
			list: 'allimages|filearchive',
			aisha1: sha1,
			fasha1: sha1,
			aiprop: 'timestamp|user|size|sha1',
			faprop: 'timestamp|user|size|sha1',
			ailimit: 50,
			falimit: 50
		} );
	} );

	it( 'findContent: where deleted files are refused to this user, the files alone and "unknown"', async () => {
		const { fake, api } = setup();
		fake.answer = ( params ) => ( String( params.list ).includes( 'filearchive' ) ? REAL.filearchiveDescriptionRefused : REAL.allimages );
		const found = await api.findContent( '45bb5ec3ec43efcb87166219fc5c3098f5c7f671' );
		expect( found.files.map( ( f ) => f.name ) ).toEqual( [ 'Pc-A.pdf' ] );
		expect( found.deleted ).toBe( 'unknown' );
		expect( fake.requests.map( ( r ) => r.params.list ) ).toEqual( [ 'allimages|filearchive', 'allimages' ] );
		// Refused once: the next files of the list are looked up in one request each.
		const next = await api.findContent( '45bb5ec3ec43efcb87166219fc5c3098f5c7f671' );
		expect( next.deleted ).toBe( 'unknown' );
		expect( fake.requests.map( ( r ) => r.params.list ) ).toEqual( [ 'allimages|filearchive', 'allimages', 'allimages' ] );
	} );

} );

describe( 'NameChecksApi.filenamePrefixBlacklist', () => {
	it( 'reads MediaWiki:Filename-prefix-blacklist in the wiki\'s content language', async () => {
		const { fake, api } = setup( 'de' );
		fake.answer = () => REAL.prefixBlacklist;
		const text = await api.filenamePrefixBlacklist();
		expect( text ).toContain( 'DSC_ # Nikon' );
		expect( fake.requests[ 0 ].params ).toEqual( { action: 'query', meta: 'allmessages', ammessages: 'filename-prefix-blacklist', amlang: 'de' } );
	} );

	it( 'falls back to the page\'s content language, and gives null for a message that does not exist', async () => {
		const fake = new FakeMwQueryApi();
		mw.config.set( 'wgContentLanguage', 'fr' );
		const api = new NameChecksApi( fake as unknown as mw.Api );
		fake.answer = () => REAL.missingMessage;
		expect( await api.filenamePrefixBlacklist() ).toBeNull();
		expect( fake.requests[ 0 ].params.amlang ).toBe( 'fr' );
	} );
} );
