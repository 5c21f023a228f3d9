/**
 * Issue 20, the wiki's own look: the dialog's controls are Codex's CSS-only components, from
 * MediaWiki's `codex-styles` module, which the dialog's gadget line depends on. The module comes
 * with the dialog, on intent: a page view does not load it because of the gadget (a skin may load
 * it itself, so only the gadget's change is asserted), the open dialog has it `ready`, and a
 * button of the dialog takes Codex's computed styles, not the browser's defaults.
 */
import type { Page } from '@playwright/test';
import { expect, makePng, openDialog, pickFiles, test } from './helpers';

const CODEX = 'codex-styles';

/** The load.php module lists the page asked for, in order. */
function moduleRequests( page: Page ): string[] {
	const seen: string[] = [];
	page.on( 'request', ( request ) => {
		const url = new URL( request.url() );
		if ( url.pathname.endsWith( '/load.php' ) ) {
			seen.push( url.searchParams.get( 'modules' ) || '' );
		}
	} );
	return seen;
}

function codexState( page: Page ): Promise<string | null> {
	return page.evaluate( ( name ) => mw.loader.getState( name ), CODEX );
}

/** Computed styles of an element, and of a plain <button> the browser draws by its defaults. */
function buttonStyles( page: Page, selector: string ) {
	return page.evaluate( ( css ) => {
		const pick = ( el: Element ) => {
			const s = getComputedStyle( el );
			return { minHeight: s.minHeight, borderRadius: s.borderTopLeftRadius, fontWeight: s.fontWeight, display: s.display, background: s.backgroundColor };
		};
		const plain = document.createElement( 'button' );
		plain.textContent = 'plain';
		document.body.appendChild( plain );
		const defaults = pick( plain );
		plain.remove();
		const el = document.querySelector( css );
		return { defaults, codex: el ? pick( el ) : null };
	}, selector );
}

for ( const skin of [ 'monobook', 'vector-2022' ] ) {
	test( `${ skin }: codex-styles comes with the dialog, not with the page view, and styles its buttons`, async ( { openPage } ) => {
		const page = await openPage( { query: { useskin: skin } } );
		const requests = moduleRequests( page );
		const before = await codexState( page );
		// A page view with the gadget leaves the module as the skin had it, however long it stays.
		await page.waitForTimeout( 2000 );
		expect( await codexState( page ), 'before any intent' ).toBe( before );
		expect( requests.filter( ( m ) => m.split( ',' ).indexOf( CODEX ) !== -1 ), 'load.php requests for codex-styles before intent' ).toEqual( [] );
		if ( skin === 'monobook' ) {
			// MonoBook loads no Codex of its own: the dialog is what brings it.
			expect( before ).toBe( 'registered' );
		}

		const dialog = await openDialog( page );
		await expect.poll( () => codexState( page ), { message: 'codex-styles with the dialog open', timeout: 20_000 } ).toBe( 'ready' );

		const choose = await buttonStyles( page, '.uploaddialog-dropzone .cdx-button' );
		expect( choose.codex, 'the "Choose files" button' ).not.toBeNull();
		// Codex's button: 32px high at least, 2px corners, bold, inline-flex; the browser's own has none of that.
		expect( choose.codex ).toMatchObject( { minHeight: '32px', borderRadius: '2px', fontWeight: '700', display: 'inline-flex' } );
		expect( choose.defaults.minHeight ).not.toBe( '32px' );
		expect( choose.defaults.display ).not.toBe( 'inline-flex' );

		// The main action is Codex's primary progressive button (the dialog's CSS no longer draws it).
		await pickFiles( dialog, makePng( `Look-${ skin }-${ Date.now() }.png`, 20, 20 ) );
		const upload = dialog.getByRole( 'button', { name: 'Upload 1 file' } );
		await expect( upload ).toBeEnabled();
		const progressive = skin === 'monobook' ? 'rgb(51, 102, 204)' : await page.evaluate( () => {
			// Vector 2022's own token for it, resolved by the browser.
			const probe = document.createElement( 'span' );
			probe.style.backgroundColor = 'var(--background-color-progressive, #36c)';
			document.body.appendChild( probe );
			const colour = getComputedStyle( probe ).backgroundColor;
			probe.remove();
			return colour;
		} );
		// Polled: run F once read it grey, Codex's disabled background, right after it was seen
		// enabled (the style is read apart from that check, and the button's state can change
		// between the two while the new file is checked).
		await expect.poll( async () => ( await buttonStyles( page, '.uploaddialog-footer .cdx-button--weight-primary' ) ).codex?.background,
			{ message: 'the Upload button', timeout: 20_000 } ).toBe( progressive );
	} );
}
