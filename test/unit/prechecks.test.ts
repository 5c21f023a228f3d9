/**
 * The verdicts of the name checks, through the real API layer (NameChecksApi) over a fake wiki
 * that answers as a real MediaWiki 1.43.12 did (QueryWiki; nameChecks.test.ts compares it with
 * the captured answers). Each check is compared with the warnings or the error the real
 * action=upload gave for the same name on that wiki (content warnings such as `duplicate` left
 * out: they need the bytes). When and how names are asked: nameChecker.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RawWarnings } from '../../src/api/types';
import { findDuplicateTargets, type NameCheck } from '../../src/upload/prechecks';
import { parseWarnings } from '../../src/upload/warnings';
import { checkOne, seenWiki, setup } from './nameCheckerSetup';

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
