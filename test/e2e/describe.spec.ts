/**
 * The describing form (issue 20) against a real MediaWiki 1.43, results read through the API:
 * the wiki's licence list gives the same page text as the wiki's own Special:Upload; a wiki with
 * Wikimedia's production $wgUploadDialog format gets exactly the expected page, rendered as
 * typed, with a picked and a missing category; only the wiki's allowed tags can be chosen and
 * land on the log entry; a draft of three files survives a reload and is offered back.
 */
import type { Page } from '@playwright/test';
import { chooseTags, fileGroup, tagChoice } from './dialog';
import { apiAsUser, clickUpload, createUser, doneLink, expect, makePng, openDialog, pageText, pickFiles, screenshot, startOverlayWiki, test, type OverlayWiki, type PageOptions } from './helpers';
import { apiAs, makePdf, uniqueName, uploadLog, wikiInfo } from './wiki';

/** Writes a page as the admin, whether or not it exists. */
async function writePage( title: string, text: string ): Promise<void> {
	const admin = await apiAs( 'admin' );
	await admin.request( { action: 'edit', title, text, summary: 'e2e describe setup', token: admin.csrfToken } );
}

const LABEL_MESSAGE = 'Uploaddialog-e2e-licence-label';
/** Nested groups, a template with a pipe (split on the LAST one), a label that names a message. */
const LICENCES = [
	'* Own work',
	'** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0',
	'* Free licences',
	'** Creative Commons',
	`*** CC-BY-4.0|${ LABEL_MESSAGE }`,
	'** GFDL|GNU Free Documentation License'
].join( '\n' );

test.describe( 'with a licence list on MediaWiki:Licenses', () => {
	test.beforeAll( async () => {
		await writePage( `MediaWiki:${ LABEL_MESSAGE }`, 'Attribution 4.0 (a message)' );
		await writePage( 'MediaWiki:Licenses', LICENCES );
		await writePage( 'Template:Self', 'Self-made, licensed under {{{1}}}.' );
	} );
	test.afterAll( async () => {
		// Back to MediaWiki's default: no list (the other specs expect no licence field).
		await writePage( 'MediaWiki:Licenses', '-' );
	} );

	test( 'the dialog offers Special:Upload\'s list and writes the same page text as Special:Upload; only allowed tags, and they land', async ( { openPage, wiki } ) => {
		const description = 'A bay at dusk | with a pipe and {{a brace}}.';
		const page = await openPage();
		const dialog = await openDialog( page );
		const file = makePng( uniqueName( 'E2E-Licence-Dialog', 'png' ), 20, 20 );
		await pickFiles( dialog, file );
		const group = fileGroup( dialog, file.name );
		const licence = group.getByRole( 'combobox', { name: 'Licence' } );
		await expect( licence ).toBeVisible( { timeout: 15000 } );

		// The same entries, in the same order, as the wiki's own form.
		const ours = await optionsOf( licence );
		const special = await page.context().newPage();
		await special.goto( `${ wikiInfo().indexUrl }?title=Special:Upload` );
		expect( ours ).toEqual( await optionsOf( special.locator( '#wpLicense' ) ) );
		expect( ours.map( ( o ) => o.text.trim() ) ).toContain( 'Attribution 4.0 (a message)' );
		expect( ours[ 0 ] ).toMatchObject( { value: '', disabled: false } );

		// None chosen: the warning, and the question before uploading.
		await expect( group.getByText( 'Files without a licence may be deleted on this wiki.' ) ).toBeVisible();
		await group.getByRole( 'textbox', { name: 'Description page text' } ).fill( description );
		await clickUpload( dialog );
		const question = dialog.getByRole( 'alertdialog' );
		await expect( question ).toContainText( 'One file has no licence' );
		await question.getByRole( 'button', { name: 'Choose licences first' } ).click();
		await expect( question ).toHaveCount( 0 );

		await licence.selectOption( 'self|cc-by-sa-4.0' );
		// The licence as the wiki renders it.
		await expect( group.locator( '.uploaddialog-licence-preview' ) ).toContainText( 'Self-made, licensed under cc-by-sa-4.0.' );

		// Tags: the wiki's allowed list only, as checkboxes; no box to type into.
		const allowed = await allowedTags();
		const boxes = tagChoice( group ).getByRole( 'checkbox' );
		await expect( boxes ).toHaveCount( allowed.length );
		expect( await tagChoice( group ).locator( 'label' ).allTextContents() ).toEqual( allowed );
		await expect( group.getByRole( 'textbox', { name: /tags/i } ) ).toHaveCount( 0 );
		await chooseTags( group, wiki.tag );
		await screenshot( page, 'describe-licence-list', group );

		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 60000 } );
		const viaDialog = await pageText( `File:${ file.name }` );
		expect( viaDialog ).toBe( `== Summary ==\n${ description }\n== Licensing ==\n{{self|cc-by-sa-4.0}}` );
		await expect.poll( async () => ( await uploadLog( file.name ) )[ 0 ]?.tags, { timeout: 15000, message: 'the tag on the log entry' } ).toEqual( [ wiki.tag ] );

		// The same description and licence through the wiki's own form.
		const other = makePng( uniqueName( 'E2E-Licence-Special', 'png' ), 21, 21 );
		await special.locator( '#wpUploadFile' ).setInputFiles( other.path );
		await special.locator( '#wpDestFile' ).fill( other.name );
		await special.locator( '#wpUploadDescription' ).fill( description );
		await special.locator( '#wpLicense' ).selectOption( 'self|cc-by-sa-4.0' );
		await special.locator( '#wpIgnoreWarning' ).check();
		await special.locator( 'input[name=wpUpload]' ).click();
		await special.waitForURL( /File:/, { timeout: 60000 } );
		expect( await pageText( `File:${ other.name }` ) ).toBe( viaDialog );
	} );
	for ( const look of [
		{ name: 'vector-2022-night', skin: 'vector-2022', night: true },
		{ name: 'minerva-360', skin: 'minerva', viewport: { width: 360, height: 740 } },
		{ name: 'vector-2022-rtl', skin: 'vector-2022', lang: 'he' }
	] ) {
		test( `the form fits and follows the skin: ${ look.name }`, async ( { openPage } ) => {
			const options: PageOptions = { query: { useskin: look.skin, ...( look.lang ? { uselang: look.lang } : {} ) }, viewport: look.viewport };
			if ( look.night ) {
				const user = await createUser( 'E2eDescribeNight' );
				await ( await apiAsUser( user ) ).saveOption( 'vector-theme', 'night' );
				options.as = user;
			}
			const page = await openPage( options );
			const dialog = await openDialog( page, /./ );
			const file = makePng( uniqueName( 'E2E-Look', 'png' ), 12, 12 );
			await pickFiles( dialog, file );
			const licence = dialog.locator( 'select[id$="-licence"]' );
			await expect( licence ).toBeVisible( { timeout: 15000 } );
			const categories = dialog.locator( 'input[id$="-categories"]' );
			await categories.fill( 'A category that is not there' );
			await categories.press( 'Enter' );
			await expect( dialog.locator( '.uploaddialog-chip.is-warning' ) ).toBeVisible();
			const overflow = await dialog.evaluate( ( el ) => Array.from( el.querySelectorAll<HTMLElement>( '.uploaddialog-describe, .uploaddialog-describe *, .uploaddialog-tags' ) )
				.filter( ( n ) => !/^(INPUT|TEXTAREA|SELECT)$/.test( n.tagName ) && n.clientWidth > 1 && n.scrollWidth > n.clientWidth + 1 && getComputedStyle( n ).overflowX !== 'visible' )
				.map( ( n ) => `${ n.tagName.toLowerCase() }.${ n.className }` ) );
			expect( overflow, 'parts of the form that scroll sideways' ).toEqual( [] );
			const box = ( await dialog.locator( '.uploaddialog-describe' ).boundingBox() )!;
			expect( box.x + box.width ).toBeLessThanOrEqual( page.viewportSize()!.width + 0.5 );
			if ( look.night ) {
				const chip = await dialog.locator( '.uploaddialog-chip' ).evaluate( ( el ) => getComputedStyle( el ).color );
				expect( chip, 'light text on the night theme' ).not.toBe( 'rgb(32, 33, 34)' );
			}
			await screenshot( page, `describe-${ look.name }`, licence );
		} );
	}
} );

/** Wikimedia's production format (the issue's), with stub templates on the wiki. */
const WIKIMEDIA_FORMAT = `$wgUploadDialog['format'] = [
	'filepage' => "== {{int:filedesc}} ==\\n{{Information\\n|description=\\$DESCRIPTION\\n|date=\\$DATE\\n|source=\\$SOURCE\\n|author=\\$AUTHOR\\n}}\\n\\n== {{int:license-header}} ==\\n\\$LICENSE\\n\\n\\$CATEGORIES\\n",
	'description' => '{{$LANGUAGE|1=$TEXT}}',
	'ownwork' => '{{own}}',
	'license' => '{{self|cc-by-sa-4.0}}',
	'uncategorized' => '{{subst:unc}}',
];
$wgUploadDialog['fields'] = [ 'description' => true, 'date' => true, 'categories' => true ];`;

test.describe( 'with Wikimedia\'s $wgUploadDialog format', () => {
	let overlay: OverlayWiki;
	test.beforeAll( async () => {
		await writePage( 'Template:Information', '<div class="e2e-information">{{{description}}}</div> {{{date}}} {{{source}}} {{{author}}}' );
		await writePage( 'Template:En', '<span class="e2e-description" lang="en">{{{1}}}</span>' );
		await writePage( 'Template:Own', 'Own work' );
		await writePage( 'Category:E2E describe bays', 'Bays, for the describing tests.' );
		overlay = await startOverlayWiki( 'describe', WIKIMEDIA_FORMAT );
	} );
	test.afterAll( () => overlay?.stop() );

	test( 'a structured upload gives exactly the expected page, renders the description as typed, and keeps a picked and a missing category', async ( { openPage, wiki } ) => {
		const typed = 'Left | right }} a=b $& $$ x';
		const missing = `E2E describe nowhere ${ Date.now().toString( 36 ) }`;
		const page = await openPage( { base: overlay.base } );
		const dialog = await openDialog( page );
		// A PDF: a photo's card has the photo's own date field (photos.spec.ts), this is the form's.
		const file = makePdf( uniqueName( 'E2E-Structured', 'pdf' ), 20_000 );
		await pickFiles( dialog, file );
		const group = fileGroup( dialog, file.name );
		await group.getByRole( 'textbox', { name: 'Description', exact: true } ).fill( typed );
		await group.getByLabel( 'Date the work was made' ).fill( '2026-07-14' );
		await expect( group.getByRole( 'checkbox', { name: 'This is my own work' } ) ).toBeChecked();
		await expect( group.getByRole( 'textbox', { name: /More text/ } ) ).toBeVisible();

		const categories = group.getByRole( 'combobox', { name: 'Categories' } );
		await categories.pressSequentially( 'E2E describe b' );
		const suggestion = group.getByRole( 'option', { name: 'E2E describe bays' } );
		await expect( suggestion ).toBeVisible( { timeout: 10000 } );
		await suggestion.click();
		await categories.fill( missing );
		await categories.press( 'Enter' );
		const chips = group.getByRole( 'list', { name: 'Categories' } );
		await expect( chips.getByRole( 'listitem' ) ).toHaveCount( 2 );
		await expect( chips.getByRole( 'listitem' ).filter( { hasText: missing } ) ).toContainText( 'does not exist yet' );
		await screenshot( page, 'describe-structured', group );

		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 60000 } );
		const user = wiki.users.uploader.name;
		expect( await pageText( `File:${ file.name }` ) ).toBe(
			'== {{int:filedesc}} ==\n{{Information\n' +
			'|description={{en|1=Left &#124; right &#125;&#125; a&#61;b $& $$ x}}\n' +
			`|date=2026-07-14\n|source={{own}}\n|author=[[User:${ user }|${ user }]]\n}}\n\n` +
			'== {{int:license-header}} ==\n{{self|cc-by-sa-4.0}}\n\n' +
			`[[Category:E2E describe bays]]\n[[Category:${ missing }]]`
		);
		const admin = await apiAs( 'admin' );
		const parsed = await admin.request( { action: 'parse', page: `File:${ file.name }`, prop: 'text|categories', formatversion: 2 } );
		const shown = await page.evaluate( ( html ) => {
			const box = document.createElement( 'div' );
			box.innerHTML = html;
			return box.querySelector( '.e2e-description' )?.textContent || '';
		}, String( parsed.parse.text ) );
		expect( shown, 'the description renders as typed' ).toBe( typed );
		const onPage = ( parsed.parse.categories as Array<{ category: string }> ).map( ( c ) => c.category.replace( /_/g, ' ' ) ).sort();
		expect( onPage ).toEqual( [ 'E2E describe bays', missing ].sort() );
	} );
} );

test( 'a draft of three files survives a reload and is offered back', async ( { openPage } ) => {
	const files = [ 1, 2, 3 ].map( ( n ) => makePng( uniqueName( `E2E-Draft-${ n }`, 'png' ), 10 + n, 10 + n ) );
	let page = await openPage();
	let dialog = await openDialog( page );
	await pickFiles( dialog, ...files );
	for ( const [ n, file ] of files.entries() ) {
		await fileGroup( dialog, file.name ).getByRole( 'textbox', { name: 'Description page text' } ).fill( `Draft description ${ n + 1 } of ${ file.name }` );
	}
	// Kept a moment after the last keystroke; a reload loses the page and everything in it.
	await page.waitForTimeout( 1000 );
	await page.reload();
	dialog = await openDialog( page );
	await pickFiles( dialog, ...files );
	const offer = dialog.getByRole( 'status' ).filter( { hasText: 'What you typed earlier for 3 of these files was kept.' } );
	await expect( offer ).toBeVisible( { timeout: 10000 } );
	await screenshot( page, 'describe-draft-offer', offer );
	await offer.getByRole( 'button', { name: 'Restore it' } ).click();
	for ( const [ n, file ] of files.entries() ) {
		await expect( fileGroup( dialog, file.name ).getByRole( 'textbox', { name: 'Description page text' } ) ).toHaveValue( `Draft description ${ n + 1 } of ${ file.name }` );
	}
} );

async function optionsOf( select: ReturnType<Page[ 'locator' ]> ): Promise<Array<{ text: string; value: string; disabled: boolean }>> {
	return select.locator( 'option' ).evaluateAll( ( options ) => options.map( ( o ) => ( {
		text: ( o as HTMLOptionElement ).text,
		value: ( o as HTMLOptionElement ).value,
		disabled: ( o as HTMLOptionElement ).disabled
	} ) ) );
}

async function allowedTags(): Promise<string[]> {
	const admin = await apiAs( 'admin' );
	const answer = await admin.request( { action: 'paraminfo', modules: 'upload', formatversion: 2 } );
	const tags = answer.paraminfo.modules[ 0 ].parameters.find( ( p: { name: string } ) => p.name === 'tags' );
	return tags.type as string[];
}
