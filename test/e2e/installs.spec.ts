/**
 * The three installs of the built files (the loader, the dialog it fetches on intent, and the
 * parts the dialog fetches when it first needs them), end to end: as the gadget (ResourceLoader,
 * with the wiki's ES2016 check, the dialog and its parts hidden gadget modules), from a user's
 * common.js (the personal deploy writes every part as a user script), and from the bookmarklet
 * the build writes (those two fetch the dialog, and the dialog its parts, from beside the loader).
 * Each upload hashes its file first (the content check), so each also proves that the `sha1`
 * part arrives the install's way. For
 * the last two the gadget is switched off in the user's preferences, so only the install under
 * test runs. The styles travel inside the dialog's script (no stylesheet page), so each of the
 * three must show a styled dialog. Each uploads a file through the
 * dialog, checked by SHA-1 through the API. Last, `npm run dev`'s bookmarklet runs the live
 * build and shows a source change after the rebuild.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, fileOnWiki, makePdf, uniqueName, type Role } from './wiki';
import {
	DIALOG, GADGET, PARTS, asStored, buildInfo, changeMessage, clickBookmarklet, copyProject, deploy, distFile, expect, latestRevisions,
	loadState, removeCopy, restoreGadget, setGadgetPreference, shipWiki, startDev, test, uploadThroughDialog
} from './ship';

const version = () => buildInfo( join( ROOT, 'dist' ) ).version;

function englishMessage( dir: string, key: string ): string {
	return ( JSON.parse( readFileSync( join( dir, 'src/i18n/en.json' ), 'utf8' ) ) as Record<string, string> )[ key ];
}

/** The dialog's own stylesheet applies: a flex column without the browser's <dialog> padding. */
function expectStyled( look: { display: string; paddingTop: string } ) {
	expect( look ).toEqual( { display: 'flex', paddingTop: '0px' } );
}

test.beforeAll( async () => {
	// The gadget pages hold the checkout's build (whatever ran before).
	await restoreGadget();
} );

test( 'as the gadget: ResourceLoader loads the built file and it uploads', async ( { openWiki } ) => {
	const scripts = await latestRevisions( [ `MediaWiki:Gadget-${ GADGET }.js`, `MediaWiki:Gadget-${ DIALOG }.js` ] );
	expect( scripts.get( `MediaWiki:Gadget-${ GADGET }.js` )!.text, 'the gadget page holds dist/UploadDialog.js' ).toBe( asStored( distFile( `${ GADGET }.js` ) ) );
	expect( scripts.get( `MediaWiki:Gadget-${ DIALOG }.js` )!.text, 'the dialog gadget page holds dist/UploadDialog-dialog.js' ).toBe( asStored( distFile( `${ DIALOG }.js` ) ) );
	const page = await openWiki();
	expect( await loadState( page ) ).toEqual( { gadget: 'ready', dialog: 'registered', flag: version() } );
	const file = makePdf( uniqueName( 'E2E-Gadget', 'pdf' ), 15_000 );
	expectStyled( await uploadThroughDialog( page, file, 'installed as the gadget' ) );
	expect( ( await loadState( page ) ).dialog, 'ResourceLoader served the dialog' ).toBe( 'ready' );
	// The file was hashed: ResourceLoader served the worker's code too; a PDF needs no photo reader.
	expect( await page.evaluate( ( g ) => [ mw.loader.getState( `ext.gadget.${ g }-sha1` ), mw.loader.getState( `ext.gadget.${ g }-photo` ) ], GADGET ) ).toEqual( [ 'ready', 'registered' ] );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
} );

test( 'from User:…/common.js, written by the personal deploy, without the gadget', async ( { openWiki } ) => {
	const wiki = shipWiki();
	const user = wiki.users.installer;
	await setGadgetPreference( user, false );
	const result = await deploy( [ '--target', 'user' ], { bot: 'personal', npm: true } );
	expect( result.stderr, result.stdout ).toBe( '' );
	expect( result.status ).toBe( 0 );

	const scriptTitle = `User:${ user.name }/${ GADGET }.js`;
	const dialogTitle = `User:${ user.name }/${ DIALOG }.js`;
	const commonTitle = `User:${ user.name }/common.js`;
	const pages = await latestRevisions( [ scriptTitle, dialogTitle, commonTitle ] );
	expect( pages.get( scriptTitle )!.text, 'the user script is dist/UploadDialog.js' ).toBe( asStored( distFile( `${ GADGET }.js` ) ) );
	expect( pages.get( dialogTitle )!.text, 'beside it, dist/UploadDialog-dialog.js' ).toBe( asStored( distFile( `${ DIALOG }.js` ) ) );
	const rawUrl = `${ wiki.server }/index.php?title=User:${ user.name }/${ GADGET }.js&action=raw&ctype=text/javascript`;
	expect( pages.get( commonTitle )!.text ).toContain( `mw.loader.load( ${ JSON.stringify( rawUrl ) } );` );

	// Again: nothing to write.
	const again = await deploy( [ '--target', 'user' ], { bot: 'personal' } );
	expect( again.status, again.stderr ).toBe( 0 );
	expect( again.stdout ).toContain( `nothing to deploy: all ${ PARTS.length + 1 } pages already match the build` );

	// openWiki waits for the script's flag, which only the user script sets here.
	const page = await openWiki( { role: 'installer' as unknown as Role } );
	expect( await loadState( page ) ).toEqual( { gadget: 'registered', dialog: 'registered', flag: version() } );
	expect( await page.evaluate( () => mw.loader.getState( 'user' ) ) ).toBe( 'ready' );
	const fetched = page.waitForRequest( ( r ) => r.url().includes( `title=${ dialogTitle }&` ) );
	const worker = page.waitForRequest( ( r ) => r.url().includes( `title=User:${ user.name }/${ GADGET }-sha1.js&` ) );
	const file = makePdf( uniqueName( 'E2E-CommonJs', 'pdf' ), 15_000 );
	expectStyled( await uploadThroughDialog( page, file, 'installed in common.js' ) );
	await fetched;
	await worker;
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
	expect( await loadState( page ), 'neither gadget loaded: the dialog came from beside the user script' ).toMatchObject( { gadget: 'registered', dialog: 'registered' } );
} );

test( 'from the bookmarklet the build writes, without the gadget', async ( { openPlain } ) => {
	const wiki = shipWiki();
	await setGadgetPreference( wiki.users.bookmarker, false );
	const bookmarklet = distFile( 'bookmarklet.txt' ).trim();
	const scriptUrl = `${ wiki.server }/index.php?title=MediaWiki%3AGadget-${ GADGET }.js&action=raw&ctype=text/javascript`;
	expect( bookmarklet, `dist/bookmarklet.txt must load from this wiki: build with WIKI_PORT=${ new URL( wiki.server ).port } node build.mjs` ).toContain( JSON.stringify( scriptUrl ) );

	const page = await openPlain( 'bookmarker' );
	expect( await loadState( page ) ).toEqual( { gadget: 'registered', dialog: 'registered', flag: undefined } );
	await expect( page.locator( '#t-uploaddialog' ) ).toHaveCount( 0 );
	await clickBookmarklet( page, bookmarklet );
	await expect( page.locator( '#t-uploaddialog' ) ).toHaveCount( 1 );
	expect( await loadState( page ) ).toEqual( { gadget: 'registered', dialog: 'registered', flag: version() } );

	const fetched = page.waitForRequest( ( r ) => r.url().includes( `Gadget-${ DIALOG }.js` ) );
	const worker = page.waitForRequest( ( r ) => r.url().includes( `Gadget-${ GADGET }-sha1.js` ) );
	const file = makePdf( uniqueName( 'E2E-Bookmarklet', 'pdf' ), 15_000 );
	expectStyled( await uploadThroughDialog( page, file, 'installed by the bookmarklet' ) );
	await fetched;
	await worker;
	expect( ( await loadState( page ) ).dialog, 'the dialog came from beside the loader, not from ResourceLoader' ).toBe( 'registered' );
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );
} );

test( 'npm run dev serves the live build; its bookmarklet runs it and shows a source change after the rebuild', async ( { openPlain } ) => {
	const wiki = shipWiki();
	await setGadgetPreference( wiki.users.bookmarker, false );
	const dir = copyProject();
	const dev = await startDev( dir );
	try {
		expect( dev.bookmarklet ).toContain( `mw.loader.load(${ JSON.stringify( `${ dev.base }/${ GADGET }.js` ) })` );
		expect( dev.commonJsLine ).toBe( `mw.loader.load(${ JSON.stringify( `${ dev.base }/${ GADGET }.js` ) });` );

		// Plain HTTP on 127.0.0.1 with the types and CORS headers a wiki's page needs.
		const script = await fetch( `${ dev.base }/${ GADGET }.js` );
		expect( script.status ).toBe( 200 );
		expect( script.headers.get( 'content-type' ) ).toBe( 'text/javascript; charset=utf-8' );
		expect( script.headers.get( 'access-control-allow-origin' ) ).toBe( '*' );
		expect( script.headers.get( 'cache-control' ) ).toBe( 'no-store' );
		expect( await script.text() ).toBe( readFileSync( join( dir, 'dist', `${ GADGET }.js` ), 'utf8' ) );
		const preflight = await fetch( `${ dev.base }/${ GADGET }.js`, {
			method: 'OPTIONS',
			headers: { Origin: wiki.server, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Private-Network': 'true' }
		} );
		expect( preflight.status ).toBe( 204 );
		expect( preflight.headers.get( 'access-control-allow-private-network' ) ).toBe( 'true' );

		const link = englishMessage( dir, 'uploaddialog-portlet-link' );
		const page = await openPlain( 'bookmarker' );
		await clickBookmarklet( page, dev.bookmarklet );
		await expect( page.locator( '#t-uploaddialog a' ) ).toHaveText( link );
		expect( ( await loadState( page ) ).gadget ).toBe( 'registered' );

		// A change of the source: the dev server rebuilds, and the next click runs the new build.
		changeMessage( dir, 'uploaddialog-portlet-link', `${ link } (live)` );
		await dev.builds( 2 );
		await page.reload();
		await page.waitForFunction( () => typeof mw !== 'undefined' && mw.loader.getState( 'mediawiki.base' ) === 'ready' );
		await clickBookmarklet( page, dev.bookmarklet );
		await expect( page.locator( '#t-uploaddialog a' ) ).toHaveText( `${ link } (live)` );
		const fetched = page.waitForRequest( `${ dev.base }/${ DIALOG }.js` );
		await page.locator( '#t-uploaddialog a' ).click();
		await fetched;
		const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
		await expect( dialog ).toBeVisible();
		expect( await dialog.evaluate( ( element ) => getComputedStyle( element ).display ) ).toBe( 'flex' );
	} finally {
		await dev.stop();
		removeCopy( dir );
	}
} );
