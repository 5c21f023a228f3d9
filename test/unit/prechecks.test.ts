/**
 * The name checks of the engine, through the real API layer (NameChecksApi) over a fake wiki
 * that answers as a real MediaWiki 1.43.12 did (QueryWiki; nameChecks.test.ts compares it with
 * the captured answers). Each check is compared with the warnings or the error the real
 * action=upload gave for the same name on that wiki (content warnings such as `duplicate` left
 * out: they need the bytes).
 */
import { describe, expect, it } from 'vitest';
import { NameChecksApi } from '../../src/api/nameChecks';
import type { RawWarnings } from '../../src/api/types';
import { NameChecker, findDuplicateTargets, type NameCheck, type NameCheckerOptions } from '../../src/upload/prechecks';
import { parseWarnings } from '../../src/upload/warnings';
import { FakeMwQueryApi, QueryWiki, capturedWiki } from './fakeQueryApi';

/** Lets queued microtasks and the fake's promise chains run. */
async function settled(): Promise<void> {
	for ( let i = 0; i < 20; i++ ) {
		await new Promise<void>( ( resolve ) => setTimeout( resolve, 0 ) );
	}
}

/** A clock of its own: sleep() resolves only when the test moves time on. */
function manualClock() {
	let now = 0;
	const waiting: Array<{ at: number; wake: () => void }> = [];
	return {
		sleep: ( ms: number ) => new Promise<void>( ( wake ) => {
			waiting.push( { at: now + ms, wake } );
		} ),
		async advance( ms: number ) {
			now += ms;
			waiting.filter( ( w ) => w.at <= now ).forEach( ( w ) => {
				waiting.splice( waiting.indexOf( w ), 1 );
				w.wake();
			} );
			await settled();
		}
	};
}

/** The wiki the upload answers below came from (its state at the time of each answer). */
function seenWiki(): QueryWiki {
	const wiki = capturedWiki();
	wiki.addFile( 'Pc-P.png', 'Uploader', '78153360e596f6e9602e4facdea4e2307860171b' );
	wiki.addFile( 'Pc Space name.pdf', 'Uploader', '058bc03dac46abefd076256a050bd98da1901737' );
	return wiki;
}

function setup( options: Partial<NameCheckerOptions> = {}, wiki: QueryWiki = seenWiki() ) {
	const fake = new FakeMwQueryApi();
	fake.answer = ( params ) => wiki.answer( params );
	const api = new NameChecksApi( fake as unknown as mw.Api, { contentLanguage: 'en' } );
	const clock = manualClock();
	const checker = new NameChecker( { api, sleep: clock.sleep, ...options } );
	const heard: Array<{ id: string; check: NameCheck }> = [];
	checker.subscribe( ( id, check ) => heard.push( { id, check } ) );
	return { wiki, fake, api, clock, checker, heard };
}

/** One name, checked at once. */
async function checkOne( name: string, options: Partial<NameCheckerOptions> = {}, wiki?: QueryWiki ): Promise<NameCheck> {
	const { checker } = setup( options, wiki );
	checker.check( 'f1', name );
	await checker.flush();
	return checker.resultFor( 'f1' ) as NameCheck;
}

const CONTENT_WARNINGS = [ 'duplicate', 'duplicate-archive', 'nochange', 'duplicateversions', 'empty-file' ];

function nameWarnings( raw: RawWarnings ) {
	const copy = { ...raw };
	CONTENT_WARNINGS.forEach( ( key ) => delete copy[ key ] );
	return parseWarnings( copy );
}

describe( 'a name checked before sending gets the upload\'s own warnings', () => {
	it.each( [
		// [ name, the `warnings` of the real upload's answer ]
		[ 'pc Space name.pdf', '{"exists":"Pc_Space_name.pdf"}' ],
		[ 'Pc-PE.pdf', '{"duplicate-archive":"Pc-D.pdf","page-exists":"Pc-PE.pdf"}' ],
		[ 'Pc-D.pdf', '{"was-deleted":"Pc-D.pdf"}' ],
		[ 'Pc-N.JPEG', '{"duplicate":["Pc-N.jpg"],"exists-normalized":"Pc-N.jpg"}' ],
		[ 'Pc-P.PNG', '{"duplicate":["Pc-P.png"],"exists-normalized":"Pc-P.png"}' ],
		[ '50px-Pc Space name.pdf', '{"thumb":"50px-Pc_Space_name.pdf"}' ],
		// Not captured, read in getExistsWarning: the original's title is made by
		// Title::newFromText, which capitalises it ("pc-N.jpg" is File:Pc-N.jpg, which exists).
		[ '180px-pc-N.jpg', '{"thumb":"180px-pc-N.jpg"}' ],
		// api-responses.md: {"thumb-name":"180px-Pmwv3p687-Nope.pdf"}
		[ '180px-Pc-Nope.pdf', '{"thumb-name":"180px-Pc-Nope.pdf"}' ],
		[ 'DSC_Pc.png', '{"duplicate":["Pc-P.png"],"bad-prefix":"DSC_Pc.png"}' ],
		[ 'pc space:name#x.pdf', '{"badfilename":"Pc_space-name-x.pdf"}' ],
		[ 'Pc-a[b]{c}|d.png', '{"badfilename":"Pc-a-b--c--d.png","duplicate":["Pc-P.png"]}' ],
		[ 'File:Pc-Q.png', '{"badfilename":"Pc-Q.png","duplicate":["Pc-P.png"]}' ],
		[ 'image:pc-q2.png', '{"badfilename":"Pc-q2.png","duplicate":["Pc-P.png"]}' ],
		[ 'Pc-a  b_.png', '{"badfilename":"Pc-a_b_.png","duplicate":["Pc-P.png"]}' ],
		[ '  pc-lead.png', '{"badfilename":"Pc-lead.png","duplicate":["Pc-P.png"]}' ],
		[ 'Pc-a\tb.png', '{"badfilename":"Pc-a-b.png","duplicate":["Pc-P.png"]}' ],
		[ 'Pc-a\u200eb.png', '{"badfilename":"Pc-ab.png","duplicate":["Pc-P.png"]}' ],
		[ 'Pc-ü.PNG', '{"duplicate":["Pc-P.png"]}' ],
		[ 'Pc-New.pdf', '{}' ]
	] )( '%j', async ( name, uploadAnswer ) => {
		const check = await checkOne( name );
		expect( check.error ).toBeNull();
		expect( check.failure ).toBeUndefined();
		expect( check.warnings ).toEqual( nameWarnings( JSON.parse( uploadAnswer ) ) );
	} );

	it( 'says which file is there, and gives its current version', async () => {
		const check = await checkOne( 'Pc-N.jpg' );
		expect( check.wikiName ).toBe( 'Pc-N.jpg' );
		expect( check.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists', [ 'Pc-N.jpg' ] ] ] );
		expect( check.file ).toMatchObject( { user: 'Uploader', size: 286, sha1: '6905f5e90f35fef1347168c54917a11e7442a0bf' } );
	} );

	it( 'badfilename carries the name the wiki would use', async () => {
		const check = await checkOne( 'pc space:name#x.pdf' );
		expect( check.wikiName ).toBe( 'Pc_space-name-x.pdf' );
		expect( check.warnings[ 0 ].suggestedName ).toBe( 'Pc_space-name-x.pdf' );
	} );

	it( 'page-exists and was-deleted together, as the upload gives them', async () => {
		const wiki = seenWiki();
		wiki.deleted.add( 'Pc-PE.pdf' );
		const check = await checkOne( 'Pc-PE.pdf', {}, wiki );
		expect( check.warnings.map( ( w ) => w.key ) ).toEqual( [ 'was-deleted', 'page-exists' ] );
	} );

	it( 'a name only in the shared repository: a warning (the upload would put a local file in front of it)', async () => {
		const check = await checkOne( 'Shared-file.png', { rights: [ 'upload', 'reupload', 'reupload-shared' ] } );
		expect( check.error ).toBeNull();
		expect( check.warnings ).toEqual( [ { key: 'exists-shared', known: true, files: [ 'Shared-file.png' ], timestamps: [], raw: 'Shared-file.png' } ] );
	} );

	it( 'an NFD name: asked about in NFC, no badfilename (the wiki receives it in NFC), its file found', async () => {
		const wiki = seenWiki();
		wiki.addFile( 'Été photo.jpg' );
		const { checker, fake } = setup( {}, wiki );
		const nfd = 'été photo.jpg'.normalize( 'NFD' );
		checker.check( 'f1', nfd );
		await checker.flush();
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [ 'File:été photo.jpg' ] );
		const check = checker.resultFor( 'f1' ) as NameCheck;
		expect( check ).toMatchObject( { name: nfd, wikiName: 'Été_photo.jpg', error: null } );
		expect( check.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
	} );

	it( 'an NFD name of more than 240 bytes that is less in NFC is asked about, not refused', async () => {
		const check = await checkOne( `${ '한'.repeat( 35 ) }.jpg`.normalize( 'NFD' ) );
		expect( check.error ).toBeNull();
		expect( check.wikiName ).toBe( `${ '한'.repeat( 35 ) }.jpg` );
	} );

	it( 'without a prefix list from the wiki, no bad-prefix warning (the upload still gives it)', async () => {
		const wiki = seenWiki();
		wiki.prefixBlacklist = null;
		expect( ( await checkOne( 'DSC_Pc.png', {}, wiki ) ).warnings ).toEqual( [] );
	} );
} );

describe( 'a name the wiki would refuse', () => {
	it.each( [
		// [ name, the real upload's error code, the check's code and the wiki's words ]
		[ 'Pc-a~~~b.png', 'illegal-filename', 'illegal-filename', 'The requested page title contains invalid magic tilde sequence (<nowiki>~~~</nowiki>).' ],
		[ 'Pc-\u0001ctl.png', 'illegal-filename', 'illegal-filename', 'The requested page title contains an invalid UTF-8 sequence.' ],
		[ '.', 'illegal-filename', 'illegal-filename', 'Title has relative path. Relative page titles (./, ../) are invalid, because they will often be unreachable when handled by user\'s browser.' ],
		[ '.png', 'filename-tooshort', 'filename-tooshort', '' ],
		// The upload answers "titleblacklist-forbidden-edit", the permission test "titleblacklist-forbidden".
		[ 'Pc-Forbidden.pdf', 'titleblacklist-forbidden-edit', 'titleblacklist-forbidden', 'The title "File:Pc-Forbidden.pdf" has been banned from creation. It matches the following disallowed titles list entry: ".*Forbidden.* <casesensitive>"' ],
		[ 'Pc-A.pdf', 'protectedpage', 'protectedpage', 'This page has been protected to prevent editing or other actions.' ],
		[ 'Pc-Prot.pdf', 'protectedpage', 'protectedpage', 'This page has been protected to prevent editing or other actions.' ]
	] )( '%j (the upload: %s)', async ( name, _uploadCode, code, info ) => {
		const check = await checkOne( name );
		expect( check.error ).toMatchObject( { code, info, remedy: 'rename', transient: false } );
		expect( check.warnings ).toEqual( [] );
	} );

	it( 'refuses without asking what needs no wiki: empty, too long (seen: filename-toolong above 240 bytes)', async () => {
		const { checker, fake, heard } = setup();
		checker.check( 'f1', '   ' );
		checker.check( 'f2', `${ 'a'.repeat( 237 ) }.png` );
		expect( heard.map( ( h ) => [ h.id, h.check.error?.code ] ) ).toEqual( [ [ 'f1', 'name-empty' ], [ 'f2', 'filename-toolong' ] ] );
		await checker.flush();
		expect( fake.titleQueries() ).toHaveLength( 0 );
	} );

	it( 'a name with an extension the wiki does not take, or an empty one', async () => {
		expect( ( await checkOne( 'Pc-x.', { fileExtensions: [ 'png', 'jpg', 'pdf' ] } ) ).error?.code ).toBe( 'filetype-missing' );
		const check = await checkOne( 'Pc-x.zip', { fileExtensions: [ 'png', 'jpg', 'pdf' ] } );
		expect( check.error ).toMatchObject( { code: 'filetype-banned', params: [ 'zip', 'png, jpg, pdf' ], remedy: 'other-file' } );
	} );

	it( 'not a name without any extension: the wiki guesses one from the content (api-responses.md: badfilename "Pmwv3p687-NoExt.pdf")', async () => {
		const check = await checkOne( 'Scan 2024', { fileExtensions: [ 'png', 'jpg', 'pdf' ] } );
		expect( check.error ).toBeNull();
		expect( check.wikiName ).toBe( 'Scan_2024' );
		// The new name comes with the stash's own badfilename warning; nothing to say before.
		expect( check.warnings ).toEqual( [] );
	} );

	it( 'overwriting needs reupload, or reupload-own for one\'s own file', async () => {
		expect( ( await checkOne( 'Pc-N.jpg', { rights: [ 'upload' ] } ) ).error )
			.toMatchObject( { code: 'fileexists-forbidden', params: [ 'Pc-N.jpg' ] } );
		expect( ( await checkOne( 'Pc-N.jpg', { rights: [ 'upload', 'reupload-own' ], userName: 'Uploader' } ) ).error ).toBeNull();
		expect( ( await checkOne( 'Pc-N.jpg', { rights: [ 'upload', 'reupload-own' ], userName: 'Someone' } ) ).error?.code ).toBe( 'fileexists-forbidden' );
		expect( ( await checkOne( 'Pc-N.jpg', { rights: [ 'upload', 'reupload' ] } ) ).warnings[ 0 ].key ).toBe( 'exists' );
	} );

	it( 'a title that redirects to a file: page-exists, as the upload warns, not the target\'s file', async () => {
		const wiki = seenWiki();
		wiki.redirects.set( 'Pc-Old.jpg', 'Pc-N.jpg' );
		const check = await checkOne( 'Pc-Old.jpg', { rights: [ 'upload', 'reupload-shared' ] }, wiki );
		expect( check.error ).toBeNull();
		expect( check.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'page-exists', [ 'Pc-Old.jpg' ] ] ] );
		// No file of its own: nothing for the content to be "unchanged" against.
		expect( check.file ).toBeNull();
		// Overwriting is not what happens: no reupload right needed …
		expect( ( await checkOne( 'Pc-Old.jpg', { rights: [ 'upload', 'reupload-shared' ], userName: 'Someone' }, wiki ) ).error ).toBeNull();
		// … but checkOverwrite's RepoGroup::findFile follows the redirect: without reupload-shared, refused.
		expect( ( await checkOne( 'Pc-Old.jpg', { rights: [ 'upload', 'reupload' ] }, wiki ) ).error )
			.toMatchObject( { code: 'fileexists-shared-forbidden', params: [ 'Pc-Old.jpg' ] } );
	} );

	it( 'shadowing a shared file needs reupload-shared (the upload answers fileexists-shared-forbidden)', async () => {
		const check = await checkOne( 'Shared-file.png', { rights: [ 'upload', 'reupload' ] } );
		expect( check.error ).toMatchObject( { code: 'fileexists-shared-forbidden', remedy: 'rename' } );
	} );
} );

describe( 'few requests', () => {
	it( '120 names: 3 batches of at most 50 titles (each batch 2 requests: 50 tested actions per request)', async () => {
		const { checker, fake, clock, heard } = setup();
		for ( let i = 1; i <= 120; i++ ) {
			checker.check( `f${ i }`, `Trip 2026 - ${ String( i ).padStart( 3, '0' ) }.jpg` );
		}
		await clock.advance( 300 );
		const queries = fake.titleQueries();
		const batches = queries.filter( ( q ) => q.incontinue === undefined );
		expect( batches.map( ( q ) => String( q.titles ).split( '|' ).length ) ).toEqual( [ 50, 50, 20 ] );
		// 100 tested actions for 50 titles: a second request each; 40 for 20 fit in one.
		expect( queries ).toHaveLength( 5 );
		expect( new Set( heard.map( ( h ) => h.id ) ).size ).toBe( 120 );
		expect( fake.requests.filter( ( r ) => r.params.meta === 'allmessages' ) ).toHaveLength( 1 );
	} );

	it( 'typing: 10 keystrokes, one request, for the last name only', async () => {
		const { checker, fake, clock, heard } = setup();
		const typed = 'Pc-New.pdf';
		for ( let i = 1; i <= typed.length; i++ ) {
			checker.check( 'f1', typed.slice( 0, i ) );
			await clock.advance( 100 );
		}
		expect( fake.titleQueries() ).toHaveLength( 0 );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [ 'File:Pc-New.pdf' ] );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf' ] );
	} );

	it( 'a name asked once is answered from what the checker keeps, for any file and spelling', async () => {
		const { checker, fake, clock, heard } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 1 );
		checker.check( 'f2', 'Pc-N.jpg' );
		checker.check( 'f3', 'Pc-N.jpg ' );
		expect( heard.map( ( h ) => h.id ) ).toEqual( [ 'f1', 'f2', 'f3' ] );
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 1 );
		// The same result for the same file is told once.
		checker.check( 'f1', 'Pc-N.jpg' );
		expect( heard ).toHaveLength( 3 );
	} );

	it( 'asks about a name\'s companions in the same batch: Foo.JPG with Foo.jpg, 180px-Foo.jpg with Foo.jpg', async () => {
		const { checker, fake, clock } = setup();
		checker.check( 'f1', 'Pc-N.JPEG' );
		checker.check( 'f2', '180px-Pc-P.png' );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [ 'File:Pc-N.JPEG|File:Pc-N.jpg|File:180px-Pc-P.png|File:Pc-P.png' ] );
		expect( checker.resultFor( 'f2' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'thumb', [ 'Pc-P.png' ] ] ] );
	} );
} );

describe( 'answers that come too late', () => {
	it( 'an answer about a name the file no longer has is not told; the new name is', async () => {
		const { checker, fake, clock, heard, wiki } = setup();
		let release: () => void = () => undefined;
		fake.answer = ( params ) => ( params.titles === 'File:Pc-N.jpg' ?
			new Promise( ( resolve ) => {
				release = () => resolve( wiki.answer( params ) );
			} ) :
			wiki.answer( params ) );
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		checker.check( 'f1', 'Pc-New.pdf' );
		release();
		await settled();
		expect( heard ).toEqual( [] );
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		await clock.advance( 300 );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf' ] );
		// What was learnt about the old name is kept: going back costs no request.
		checker.check( 'f1', 'Pc-N.jpg' );
		expect( heard.map( ( h ) => h.check.name ) ).toEqual( [ 'Pc-New.pdf', 'Pc-N.jpg' ] );
		expect( fake.titleQueries() ).toHaveLength( 2 );
	} );

	it( 'after an upload lands, its name and the names that depend on it are asked again', async () => {
		const { checker, fake, clock, wiki } = setup();
		checker.check( 'f1', 'Pc-Fresh.jpg' );
		checker.check( 'f2', 'Pc-Fresh.JPG' );
		checker.check( 'f3', '120px-Pc-Fresh.jpg' );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings ).toEqual( [] );
		expect( checker.resultFor( 'f3' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'thumb-name' ] );
		wiki.addFile( 'Pc-Fresh.jpg' );
		// The name as the upload's answer gives it.
		checker.invalidate( [ 'Pc-Fresh.jpg' ] );
		await clock.advance( 300 );
		expect( fake.titleQueries().map( ( q ) => q.titles ) ).toEqual( [
			'File:Pc-Fresh.jpg|File:Pc-Fresh.JPG|File:120px-Pc-Fresh.jpg',
			'File:Pc-Fresh.jpg'
		] );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
		expect( checker.resultFor( 'f2' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'exists-normalized', [ 'Pc-Fresh.jpg' ] ] ] );
		expect( checker.resultFor( 'f3' )?.warnings.map( ( w ) => [ w.key, w.files ] ) ).toEqual( [ [ 'thumb', [ 'Pc-Fresh.jpg' ] ] ] );
	} );

	it( 'invalidating finds the name in the wiki\'s spelling too ("pc fresh.jpg" is stored as "Pc_fresh.jpg")', async () => {
		const { checker, clock, wiki } = setup();
		checker.check( 'f1', 'pc fresh.jpg' );
		await clock.advance( 300 );
		wiki.addFile( 'Pc fresh.jpg' );
		checker.invalidate( [ 'Pc_fresh.jpg' ] );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
	} );

	it( 'an answer that was on its way while its name was invalidated is not kept', async () => {
		const { checker, fake, clock, wiki, heard } = setup();
		let release: () => void = () => undefined;
		let held = true;
		fake.answer = ( params ) => ( held && params.titles ?
			new Promise( ( resolve ) => {
				const answer = wiki.answer( params );
				release = () => resolve( answer );
			} ) :
			wiki.answer( params ) );
		checker.check( 'f1', 'Pc-Fresh.jpg' );
		await clock.advance( 300 );
		// The upload lands while the question (answered before it) is on its way.
		wiki.addFile( 'Pc-Fresh.jpg' );
		checker.invalidate( [ 'Pc-Fresh.jpg' ] );
		held = false;
		release();
		await clock.advance( 300 );
		expect( heard.map( ( h ) => h.check.warnings.map( ( w ) => w.key ) ) ).toEqual( [ [ 'exists' ] ] );
		expect( fake.titleQueries() ).toHaveLength( 2 );
	} );

	it( 'invalidate() without names forgets everything', async () => {
		const { checker, fake, clock } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		checker.invalidate();
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		await clock.advance( 300 );
		expect( fake.titleQueries() ).toHaveLength( 2 );
		expect( checker.resultFor( 'f1' )?.warnings[ 0 ].key ).toBe( 'exists' );
	} );
} );

describe( 'when the wiki cannot be asked', () => {
	it( 'says the name is unchecked, and asks again on the next change', async () => {
		const { checker, fake, clock, heard, wiki } = setup();
		fake.answer = ( params ) => {
			if ( params.titles ) {
				throw new Error( 'offline' );
			}
			return wiki.answer( params );
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( heard ).toHaveLength( 1 );
		expect( heard[ 0 ].check ).toMatchObject( { name: 'Pc-N.jpg', error: null, warnings: [], failure: { code: 'network', transient: true } } );
		fake.answer = ( params ) => wiki.answer( params );
		checker.check( 'f1', 'Pc-N.jpg' );
		await clock.advance( 300 );
		expect( checker.resultFor( 'f1' )?.warnings[ 0 ].key ).toBe( 'exists' );
	} );

	it( 'a title the answer leaves out: that name is unchecked, the others of the batch are answered', async () => {
		const { checker, fake, heard, wiki } = setup();
		fake.answer = ( params ) => {
			const answer = wiki.answer( params ) as { query?: { pages?: Array<{ title: string }> } };
			if ( answer.query?.pages ) {
				answer.query.pages = answer.query.pages.filter( ( p ) => p.title !== 'File:Pc-New.pdf' );
			}
			return answer;
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.check( 'f2', 'Pc-New.pdf' );
		await checker.whenAnswered( 'f2' );
		expect( checker.resultFor( 'f1' )?.warnings.map( ( w ) => w.key ) ).toEqual( [ 'exists' ] );
		expect( checker.resultFor( 'f2' ) ).toBeNull();
		expect( heard.find( ( h ) => h.id === 'f2' )?.check ).toMatchObject( { name: 'Pc-New.pdf', failure: { code: 'bad-response', transient: true } } );
		// Not asked again before the next change.
		await checker.flush();
		expect( fake.titleQueries() ).toHaveLength( 1 );
	} );

	it( 'flush() asks at once and resolves when every name is answered', async () => {
		const { checker, fake } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.check( 'f2', 'Pc-New.pdf' );
		await checker.flush();
		expect( fake.titleQueries() ).toHaveLength( 1 );
		expect( checker.resultFor( 'f1' ) ).not.toBeNull();
		expect( checker.resultFor( 'f2' ) ).not.toBeNull();
	} );

	it( 'whenAnswered(id) settles after the batch with that file\'s name, not after every batch', async () => {
		const { checker, fake } = setup();
		const count = 120;
		for ( let n = 1; n <= count; n++ ) {
			checker.check( `f${ n }`, `Pc-Many ${ n }.pdf` );
		}
		await checker.whenAnswered( 'f1' );
		expect( checker.resultFor( 'f1' ) ).not.toBeNull();
		expect( checker.resultFor( `f${ count }` ) ).toBeNull();
		const early = fake.titleQueries().length;
		await checker.whenAnswered( `f${ count }` );
		expect( checker.resultFor( `f${ count }` ) ).not.toBeNull();
		expect( fake.titleQueries().length ).toBeGreaterThan( early );
		// Known already: at once, without a question.
		const asked = fake.titleQueries().length;
		await checker.whenAnswered( 'f1' );
		expect( fake.titleQueries() ).toHaveLength( asked );
	} );

	it( 'whenAnswered(id) settles when the question for that name fails, or the checker is disposed', async () => {
		const { checker, fake, wiki } = setup();
		fake.answer = ( params ) => {
			if ( params.titles ) {
				throw new Error( 'offline' );
			}
			return wiki.answer( params );
		};
		checker.check( 'f1', 'Pc-N.jpg' );
		await checker.whenAnswered( 'f1' );
		expect( checker.resultFor( 'f1' ) ).toBeNull();
		fake.answer = () => new Promise( () => undefined );
		checker.check( 'f2', 'Pc-Other.jpg' );
		const waiting = checker.whenAnswered( 'f2' );
		await settled();
		checker.dispose();
		await waiting;
	} );

	it( 'a forgotten or disposed checker tells nothing more', async () => {
		const { checker, clock, heard } = setup();
		checker.check( 'f1', 'Pc-N.jpg' );
		checker.forget( 'f1' );
		checker.check( 'f2', 'Pc-New.pdf' );
		checker.dispose();
		await clock.advance( 300 );
		expect( heard ).toEqual( [] );
	} );
} );

describe( 'findDuplicateTargets', () => {
	it( 'groups the files that aim at one name, as the wiki compares names', () => {
		expect( findDuplicateTargets( [ 'a b.jpg', 'x.jpg', 'A_b.jpg', '', '  ', 'X.jpg', 'x.JPG' ] ) ).toEqual( [ [ 0, 2 ], [ 1, 5 ] ] );
		expect( findDuplicateTargets( [ 'File:a.jpg', 'a.jpg', 'a:b.jpg', 'a-b.jpg' ] ) ).toEqual( [ [ 0, 1 ], [ 2, 3 ] ] );
		expect( findDuplicateTargets( [ 'a.jpg', 'b.jpg' ] ) ).toEqual( [] );
	} );

	it( 'groups the NFD and the NFC spelling of one name', () => {
		expect( findDuplicateTargets( [ 'Été.jpg', 'x.jpg', 'été.jpg'.normalize( 'NFD' ) ] ) ).toEqual( [ [ 0, 2 ] ] );
	} );
} );
