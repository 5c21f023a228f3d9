/**
 * Issue 8, skins: on every skin the wiki has, in Vector 2022's night theme, on a right-to-left
 * page and on Minerva at 360 px, the portlet link appears, the dialog opens, fits the viewport,
 * takes the skin's colours (Codex tokens where the skin has them, the light fallbacks elsewhere)
 * and uploads. A screenshot of each open dialog goes to test-results/screens/skin-<case>.png.
 */
import type { Locator, Page } from '@playwright/test';
import { fileOnWiki } from './wiki';
import { fileGroup, fillFields } from './dialog';
import {
	apiAsUser,
	clickUpload,
	createUser,
	doneLink,
	expect,
	freshName,
	makePng,
	openDialog,
	pickFiles,
	screenshot,
	test,
	type PageOptions
} from './helpers';

interface SkinCase {
	name: string;
	skin: string;
	query?: Record<string, string>;
	viewport?: { width: number; height: number };
	/** Vector 2022's night theme, for a user who chose it. */
	night?: boolean;
	rtl?: boolean;
}

const CASES: SkinCase[] = [
	{ name: 'vector-2022', skin: 'vector-2022' },
	{ name: 'vector', skin: 'vector' },
	{ name: 'monobook', skin: 'monobook' },
	{ name: 'timeless', skin: 'timeless' },
	{ name: 'minerva', skin: 'minerva' },
	{ name: 'minerva-360', skin: 'minerva', viewport: { width: 360, height: 740 } },
	{ name: 'vector-2022-night', skin: 'vector-2022', night: true },
	{ name: 'vector-2022-rtl-he', skin: 'vector-2022', query: { uselang: 'he' }, rtl: true }
];

interface Colours {
	background: string;
	color: string;
	/** The skin's Codex tokens as computed colours, or '' where the skin defines none. */
	tokenBackground: string;
	tokenColor: string;
	direction: string;
}

/** The dialog's colours and the skin's tokens, each resolved to rgb() by the browser. */
function colours( dialog: Locator ): Promise<Colours> {
	return dialog.evaluate( ( el ) => {
		const resolve = ( token: string, property: 'color' | 'backgroundColor' ) => {
			const value = getComputedStyle( document.body ).getPropertyValue( token ).trim();
			if ( !value ) {
				return '';
			}
			const probe = document.createElement( 'span' );
			probe.style[ property ] = value;
			el.appendChild( probe );
			const resolved = getComputedStyle( probe )[ property ];
			probe.remove();
			return resolved;
		};
		const style = getComputedStyle( el );
		return {
			background: style.backgroundColor,
			color: style.color,
			tokenBackground: resolve( '--background-color-base', 'backgroundColor' ),
			tokenColor: resolve( '--color-base', 'color' ),
			direction: style.direction
		};
	} );
}

/** Relative luminance of an rgb()/rgba() colour, 0 (black) … 1 (white). */
function luminance( rgb: string ): number {
	const [ r, g, b ] = ( rgb.match( /[\d.]+/g ) || [] ).slice( 0, 3 ).map( Number ).map( ( v ) => {
		const c = v / 255;
		return c <= 0.03928 ? c / 12.92 : Math.pow( ( c + 0.055 ) / 1.055, 2.4 );
	} );
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The dialog lies inside the viewport and nothing in it runs off sideways. */
async function expectFits( page: Page, dialog: Locator ): Promise<void> {
	const viewport = page.viewportSize()!;
	const box = ( await dialog.boundingBox() )!;
	expect( box.x ).toBeGreaterThanOrEqual( 0 );
	expect( box.y ).toBeGreaterThanOrEqual( 0 );
	expect( box.x + box.width ).toBeLessThanOrEqual( viewport.width + 0.5 );
	expect( box.y + box.height ).toBeLessThanOrEqual( viewport.height + 0.5 );
	const overflow = await dialog.evaluate( ( el ) => Array.from( el.querySelectorAll<HTMLElement>( '*' ) )
		.concat( [ el as HTMLElement ] )
		// Form controls scroll their own long values, and visually hidden parts (the file input,
		// the live region) are 1 px wide on purpose: none of them is a layout that runs off.
		.filter( ( n ) => !/^(INPUT|TEXTAREA|SELECT)$/.test( n.tagName ) && n.clientWidth > 1 )
		.filter( ( n ) => n.scrollWidth > n.clientWidth + 1 && getComputedStyle( n ).overflowX !== 'visible' )
		.map( ( n ) => `${ n.tagName.toLowerCase() }.${ n.className }` ) );
	expect( overflow, 'elements that scroll sideways' ).toEqual( [] );
	// The file cards line up with the URL row above them: no skin indents the dialog's list.
	// The cards themselves, not the groups inside them (the tag choice is a group of checkboxes).
	const cards = await dialog.getByRole( 'list', { name: 'Files to upload' } ).locator( ':scope > [role=group]' ).all();
	const row = [ ( await dialog.getByRole( 'textbox', { name: 'Upload from a URL' } ).boundingBox() )!, ( await dialog.getByRole( 'button', { name: 'Add URL' } ).boundingBox() )! ];
	const left = Math.min( ...row.map( ( b ) => b.x ) );
	const right = Math.max( ...row.map( ( b ) => b.x + b.width ) );
	for ( const card of cards ) {
		const b = ( await card.boundingBox() )!;
		expect( Math.abs( b.x - left ), 'card flush left with the URL row' ).toBeLessThanOrEqual( 1 );
		expect( Math.abs( b.x + b.width - right ), 'card flush right with the URL row' ).toBeLessThanOrEqual( 1 );
	}
}

for ( const c of CASES ) {
	test( `skin ${ c.name }: the link appears, the dialog fits, takes the skin's colours and uploads`, async ( { openPage } ) => {
		const options: PageOptions = { query: { useskin: c.skin, ...( c.query || {} ) }, viewport: c.viewport };
		if ( c.night ) {
			// A user of their own who chose the night theme (a preference: every other test keeps the day).
			const user = await createUser( 'E2eNight' );
			await ( await apiAsUser( user ) ).saveOption( 'vector-theme', 'night' );
			options.as = user;
		}
		const page = await openPage( options );
		if ( c.night ) {
			await expect( page.locator( 'html' ) ).toHaveClass( /skin-theme-clientpref-night/ );
		}
		await expect( page.locator( '#t-uploaddialog' ) ).toHaveCount( 1 );
		await expect( page.locator( '#t-uploaddialog a' ) ).toHaveText( 'Upload file (dialog)' );

		const dialog = await openDialog( page );
		const file = makePng( freshName( `E2E-Skin-${ c.name }`, 'png' ), 24, 24 );
		await pickFiles( dialog, file );
		const group = fileGroup( dialog, file.name );
		const comment = `skin ${ c.name } e2e`;
		await fillFields( group, { comment, text: `Uploaded on ${ c.name }.` } );
		await expectFits( page, dialog );

		const seen = await colours( dialog );
		if ( c.night ) {
			// The night theme flows through the tokens: a dark dialog with light text.
			expect( luminance( seen.background ) ).toBeLessThan( 0.05 );
			expect( luminance( seen.color ) ).toBeGreaterThan( 0.6 );
		}
		// Where the skin has Codex tokens, the dialog uses them; elsewhere the light fallbacks.
		expect( seen.background ).toBe( seen.tokenBackground || 'rgb(255, 255, 255)' );
		expect( seen.color ).toBe( seen.tokenColor || 'rgb(32, 33, 34)' );
		if ( c.rtl ) {
			expect( seen.direction ).toBe( 'rtl' );
			// Mirrored: the close button sits at the left end of the header.
			const close = ( await dialog.getByRole( 'button', { name: 'Close' } ).boundingBox() )!;
			const title = ( await dialog.getByRole( 'heading', { name: 'Upload files' } ).boundingBox() )!;
			expect( close.x ).toBeLessThan( title.x );
		}
		await screenshot( page, `skin-${ c.name }` );

		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible();
		await expectFits( page, dialog );
		const landed = await fileOnWiki( file.name );
		expect( landed ).toMatchObject( { exists: true, sha1: file.sha1, comment } );
	} );
}
