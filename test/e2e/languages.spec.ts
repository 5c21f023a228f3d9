/**
 * Issue 8, languages: the dialog in German (uselang=de) through its states — a file ready, one
 * waiting for a choice about a warning, one failed, one uploaded, the settings open — shows no
 * English string and no raw message key, in its text or in its labels.
 */
import { makePdf } from './wiki';
import {
	englishPieces,
	expect,
	freshName,
	makeTextAsPng,
	pickFiles,
	openSettings,
	screenshot,
	test,
	uploadAs
} from './helpers';

test( 'in German every state of the dialog is German: no English string, no raw message key', async ( { openPage } ) => {
	const taken = makePdf( freshName( 'E2E-DeTaken', 'pdf' ), 6000 );
	await uploadAs( 'admin', taken );
	const warned = makePdf( freshName( 'E2E-DeWarned', 'pdf' ), 6000 );
	const refused = makeTextAsPng( freshName( 'E2E-DeRefused', 'png' ) );
	const fine = makePdf( freshName( 'E2E-DeFine', 'pdf' ), 6000 );
	const waiting = makePdf( freshName( 'E2E-DeWaiting', 'pdf' ), 6000 );

	const page = await openPage( { query: { uselang: 'de' } } );
	await page.locator( '#t-uploaddialog a' ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Dateien hochladen' } );
	await expect( dialog ).toBeVisible();
	await pickFiles( dialog, warned, refused, fine );
	await dialog.getByRole( 'group', { name: `Datei ${ warned.name }` } ).getByRole( 'textbox', { name: 'Name im Wiki' } ).fill( taken.name );
	await dialog.getByRole( 'button', { name: '3 Dateien hochladen' } ).click();

	const group = ( name: string ) => dialog.getByRole( 'group', { name: `Datei ${ name }` } );
	await expect( group( warned.name ).getByRole( 'region', { name: 'Warnungen' } ) ).toBeVisible( { timeout: 30000 } );
	await expect( group( refused.name ).getByRole( 'alert' ) ).toBeVisible( { timeout: 30000 } );
	await expect( group( fine.name ).getByRole( 'link', { name: `File:${ fine.name }` } ) ).toBeVisible( { timeout: 30000 } );
	// One more file, still waiting to be uploaded, and the settings open.
	await pickFiles( dialog, waiting );
	await expect( dialog.getByRole( 'button', { name: '1 Datei hochladen' } ) ).toBeVisible();
	await openSettings( dialog, 'Einstellungen' );
	await expect( dialog.getByRole( 'spinbutton', { name: 'Teilgröße (MB)' } ) ).toBeVisible();
	await screenshot( page, 'german-states' );

	// What a reader sees and what assistive technology reads out, minus the wiki's own words and tag names
	// ("Das Wiki sagt: …" quotes the API, which answers in English in its default error format).
	const seen = await dialog.evaluate( ( el ) => {
		const copy = el.cloneNode( true ) as HTMLElement;
		copy.querySelectorAll( '.uploaddialog-api-info' ).forEach( ( n ) => n.remove() );
		// The wiki's change tags are offered by their names (the test wiki's is `uploaddialog-test`).
		copy.querySelectorAll( '.uploaddialog-tags label' ).forEach( ( n ) => n.remove() );
		const labels = Array.from( copy.querySelectorAll( '[aria-label], [title], [placeholder]' ) )
			.map( ( n ) => [ 'aria-label', 'title', 'placeholder' ].map( ( a ) => n.getAttribute( a ) || '' ).join( ' ' ) );
		return [ copy.innerText || copy.textContent || '' ].concat( labels ).join( '\n' );
	} );
	expect( seen ).not.toMatch( /⧼|uploaddialog-/ );
	const english = englishPieces( 'de' ).filter( ( piece ) => seen.includes( piece ) );
	expect( english, 'English in the German dialog' ).toEqual( [] );
	// The wiki's words, where they are shown, are introduced in German.
	await expect( group( refused.name ).getByRole( 'alert' ) ).toContainText( 'Das Wiki sagt:' );
} );
