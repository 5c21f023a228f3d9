/**
 * Untrusted text stays text: file names, fields, warnings and the API's messages carrying markup
 * or script are shown as typed and never run. The page's alert() is hooked and the dialog is
 * watched for elements that nobody should be able to inject.
 */
import { fileGroup, fillFields } from './dialog';
import { expect, test } from './fixtures';
import { openDialog, screenshot } from './helpers';
import { fileOnWiki, uniqueName } from './wiki';

const CORPUS = [
	'<img src=x onerror=alert(1)>',
	'"><script>alert(2)</script>',
	// (no {{subst:}}: the wiki expands it on save, by design)
	'{{Some template}} [[javascript:alert(3)]] [javascript:alert(4) x]',
	'<svg onload=alert(5)>'
];

test( 'markup and script in a file name, the fields and the warnings are shown as text and never run', async ( { openWiki } ) => {
	// A name full of markup: the wiki answers badfilename with a name of its own.
	const hostileName = `${ CORPUS[ 0 ] }${ CORPUS[ 1 ] } ${ uniqueName( 'x', 'pdf' ) }`;

	const page = await openWiki();
	await page.evaluate( () => {
		const w = window as unknown as { __alerts: string[]; __injected: string[] };
		w.__alerts = [];
		w.__injected = [];
		window.alert = ( message?: unknown ) => {
			w.__alerts.push( String( message ) );
		};
		new MutationObserver( ( records ) => {
			records.forEach( ( r ) => r.addedNodes.forEach( ( n ) => {
				if ( n instanceof Element ) {
					const bad = [ n, ...Array.from( n.querySelectorAll( '*' ) ) ].filter( ( e ) =>
						/^(SCRIPT|IMG|SVG|IFRAME)$/i.test( e.tagName ) ||
						Array.from( e.attributes ).some( ( a ) => /^on/i.test( a.name ) ) ||
						/^javascript:/i.test( e.getAttribute( 'href' ) || '' ) );
					bad.forEach( ( e ) => w.__injected.push( e.outerHTML.slice( 0, 120 ) ) );
				}
			} ) );
		} ).observe( document.body, { childList: true, subtree: true } );
	} );

	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( { name: hostileName, mimeType: 'application/pdf', buffer: Buffer.from( `%PDF-1.4\n${ Math.random() }\n%%EOF\n` ) } );
	const group = fileGroup( dialog, hostileName );
	await expect( group ).toContainText( hostileName );
	const text = CORPUS.join( '\n' );
	const comment = CORPUS[ 1 ] + CORPUS[ 3 ];
	await fillFields( group, { text, comment } );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();

	// The name is refused with the wiki's suggestion, shown as text.
	const warnings = group.getByRole( 'region', { name: 'Warnings' } );
	await expect( warnings ).toContainText( 'The name is not allowed as it is' );
	await screenshot( page, 'xss-warnings' );
	await warnings.getByRole( 'button', { name: 'Use the suggested name' } ).click();
	const suggested = await warnings.getByRole( 'textbox', { name: 'New name' } ).inputValue();
	expect( suggested ).not.toMatch( /[<>]/ );
	await warnings.getByRole( 'button', { name: 'Upload under the new name' } ).click();
	// The link shows the title as the wiki does, with spaces for underscores.
	await expect( group.getByRole( 'link', { name: `File:${ suggested.replace( /_/g, ' ' ) }` } ) ).toBeVisible();

	const seen = await page.evaluate( () => {
		const w = window as unknown as { __alerts: string[]; __injected: string[] };
		return { __alerts: w.__alerts, __injected: w.__injected };
	} );
	expect( seen.__alerts, 'no script ran' ).toEqual( [] );
	expect( seen.__injected, 'no element was injected' ).toEqual( [] );

	// And the wiki got exactly what was typed (MediaWiki renders it safely itself).
	const landed = await fileOnWiki( suggested );
	expect( landed.text?.trim() ).toBe( text );
	expect( landed.comment ).toBe( comment );
} );
