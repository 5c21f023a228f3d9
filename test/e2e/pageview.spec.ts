/**
 * What a page view costs (issue 19): the gadget is a small loader, and the dialog is a second,
 * hidden gadget module that the loader fetches only on intent. A page view makes no API request
 * and loads no dialog code; hovering the link loads it; a reader without the upload right gets
 * no code of the gadget at all, and the explanation comes only through a common.js install or
 * the bookmarklet (moved here from upload.spec.ts, where the gadget install gave it before).
 */
import type { Page, Request } from '@playwright/test';
import { GADGET, admin, clickBookmarklet, distFile, expect, setGadgetPreference, shipWiki, test } from './ship';
import { screenshot } from './helpers';
import { storageStateFile, type Role } from './wiki';

const LOADER = `ext.gadget.${ GADGET }`;
const DIALOG = `ext.gadget.${ GADGET }-dialog`;
/** How long after load a page view is watched for API requests (the 6 s). */
const QUIET_MS = 6000;

/** The page's load.php and api.php requests, as the browser sent them. */
function recordRequests( page: Page ): { api: string[]; modules: string[] } {
	const seen = { api: [] as string[], modules: [] as string[] };
	page.on( 'request', ( request: Request ) => {
		const url = new URL( request.url() );
		if ( url.pathname.endsWith( '/api.php' ) ) {
			seen.api.push( `${ request.method() } ${ url.search || ( request.postData() || '' ).slice( 0, 200 ) }` );
		} else if ( url.pathname.endsWith( '/load.php' ) ) {
			seen.modules.push( url.searchParams.get( 'modules' ) || '' );
		}
	} );
	return seen;
}

function states( page: Page ): Promise<{ loader: string | null; dialog: string | null; root: number; styled: boolean }> {
	return page.evaluate( ( [ loader, dialog ] ) => ( {
		loader: mw.loader.getState( loader ),
		dialog: mw.loader.getState( dialog ),
		root: document.querySelectorAll( '#uploaddialog-root' ).length,
		// The dialog's styles are added by the dialog part only (src/dialog.ts).
		styled: Array.from( document.querySelectorAll( 'style' ) ).some( ( s ) => ( s.textContent || '' ).indexOf( '.uploaddialog' ) !== -1 )
	} ), [ LOADER, DIALOG ] );
}

/** A new context (nothing cached) for a role or a logged-out reader, on a page of the wiki. */
async function view( browser: import('@playwright/test').Browser, role: Role | 'anon', query: Record<string, string> = {} ) {
	const context = await browser.newContext( role === 'anon' ? {} : { storageState: storageStateFile( role ) } );
	const page = await context.newPage();
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );
	const requests = recordRequests( page );
	const params = new URLSearchParams( { title: 'Main_Page', ...query } );
	await page.goto( `${ shipWiki().indexUrl }?${ params.toString() }` );
	await page.waitForFunction( () => typeof mw !== 'undefined' && mw.loader.getState( 'mediawiki.base' ) === 'ready', undefined, { timeout: 20_000 } );
	return { context, page, requests, errors };
}

test( 'a page view with the gadget makes no API request and has no dialog code; hovering the link loads it, and a click opens it', async ( { browser } ) => {
	const { context, page, requests, errors } = await view( browser, 'uploader' );
	try {
		await expect( page.locator( '#t-uploaddialog a' ) ).toBeVisible();
		await page.waitForTimeout( QUIET_MS );
		expect( requests.api, 'API requests of a page view' ).toEqual( [] );
		expect( await states( page ) ).toEqual( { loader: 'ready', dialog: 'registered', root: 0, styled: false } );
		expect( requests.modules.join( ',' ), 'load.php requests' ).not.toContain( `${ GADGET }-dialog` );

		// Intent: the pointer over the link loads the dialog's module and asks for the wiki's settings.
		await page.locator( '#t-uploaddialog a' ).hover();
		await page.waitForFunction( ( dialog ) => mw.loader.getState( dialog ) === 'ready', DIALOG, { timeout: 20_000 } )
			.catch( async () => {
				throw new Error( `the dialog module did not load on hover: ${ JSON.stringify( await states( page ) ) }` );
			} );
		await expect.poll( () => requests.api.length, { message: 'the settings are asked for on hover', timeout: 15_000 } ).toBeGreaterThan( 0 );
		expect( ( await states( page ) ).root, 'hovering opens nothing' ).toBe( 0 );

		await page.locator( '#t-uploaddialog a' ).click();
		const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
		await expect( dialog.getByRole( 'button', { name: 'Choose files' } ).first() ).toBeVisible();
		expect( ( await states( page ) ).styled ).toBe( true );
		expect( errors ).toEqual( [] );
	} finally {
		await context.close();
	}
} );

test( 'a click without a hover first opens the dialog too, and ?uploaddialog=1 opens it on load', async ( { browser } ) => {
	const { context, page, errors } = await view( browser, 'uploader' );
	try {
		// A keyboard user: focus is intent too, Enter is the click.
		await page.locator( '#t-uploaddialog a' ).focus();
		await page.keyboard.press( 'Enter' );
		await expect( page.getByRole( 'dialog', { name: 'Upload files' } ).getByRole( 'button', { name: 'Choose files' } ).first() ).toBeVisible();
		await page.goto( `${ shipWiki().indexUrl }?title=Main_Page&uploaddialog=1` );
		await expect( page.getByRole( 'dialog', { name: 'Upload files' } ).getByRole( 'button', { name: 'Choose files' } ).first() ).toBeVisible();
		expect( errors ).toEqual( [] );
	} finally {
		await context.close();
	}
} );

test( 'a logged-out reader and a user without the upload right get no code of the gadget', async ( { browser } ) => {
	for ( const role of [ 'anon', 'noupload' ] as const ) {
		const { context, page, requests } = await view( browser, role, { uploaddialog: '1' } );
		try {
			await page.waitForLoadState( 'load' );
			await page.waitForTimeout( 2000 );
			expect( await states( page ), role ).toEqual( { loader: 'registered', dialog: 'registered', root: 0, styled: false } );
			expect( requests.modules.filter( ( m ) => m.indexOf( GADGET ) !== -1 ), `${ role }: load.php requests for the gadget` ).toEqual( [] );
			await expect( page.locator( '#t-uploaddialog' ) ).toHaveCount( 0 );
			// ?uploaddialog=1 gives the wiki's page as it is.
			await expect( page.locator( '#firstHeading' ) ).toBeVisible();
		} finally {
			await context.close();
		}
	}
} );

test( 'a user without the upload right who installed it in common.js gets the explanation, and no link for the rest of the session', async ( { browser } ) => {
	const wiki = shipWiki();
	const user = wiki.users.noupload;
	const title = `User:${ user.name }/common.js`;
	const loaderUrl = `${ wiki.server }/index.php?title=MediaWiki:Gadget-${ GADGET }.js&action=raw&ctype=text/javascript`;
	const api = await admin();
	await api.save( title, `mw.loader.load( ${ JSON.stringify( loaderUrl ) } );`, 'page-view test: the loader in common.js' );
	await setGadgetPreference( user, false );
	try {
		const { context, page, errors } = await view( browser, 'noupload', { uploaddialog: '1' } );
		try {
			const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
			await expect( dialog ).toContainText( `Your account (${ user.name }) may not upload files on this wiki` );
			await expect( dialog.getByRole( 'link', { name: 'See which groups may upload' } ) ).toBeVisible();
			await expect( dialog.locator( 'input[type=file]' ) ).toHaveCount( 0 );
			await screenshot( page, 'no-upload-right' );
			// The dialog's answer is remembered for the tab's session: the next page offers no link, and asks nothing.
			const next = page;
			const requests = recordRequests( next );
			await next.goto( `${ wiki.indexUrl }?title=Main_Page` );
			await next.waitForFunction( () => !!( window as unknown as Record<string, unknown> ).__uploadDialogLoaded, undefined, { timeout: 20_000 } );
			await next.waitForTimeout( 1000 );
			await expect( next.locator( '#t-uploaddialog' ) ).toHaveCount( 0 );
			expect( requests.api ).toEqual( [] );
			expect( errors ).toEqual( [] );
		} finally {
			await context.close();
		}
	} finally {
		await api.save( title, '', 'page-view test: cleaned up' );
		await setGadgetPreference( user, null );
	}
} );

test( 'a logged-out reader who runs the bookmarklet on a ?uploaddialog=1 page is asked to log in', async ( { browser } ) => {
	const { context, page, errors } = await view( browser, 'anon', { uploaddialog: '1' } );
	try {
		await clickBookmarklet( page, distFile( 'bookmarklet.txt' ).trim() );
		const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
		await expect( dialog ).toContainText( 'You need to log in to upload files.' );
		await expect( dialog.getByRole( 'link', { name: 'Log in' } ) ).toHaveAttribute( 'href', /Special:UserLogin/ );
		expect( errors ).toEqual( [] );
	} finally {
		await context.close();
	}
} );
