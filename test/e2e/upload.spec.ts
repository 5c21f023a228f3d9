/**
 * The dialog on the real wiki, driven only through its UI, with the result checked through the
 * API: the file's SHA-1, the page text, the summary and the tag.
 */
import { readFileSync } from 'node:fs';
import { fileGroup, fillFields, watchUploadBodies } from './dialog';
import { expect, test } from './fixtures';
import { openDialog, screenshot, setChunkSize } from './helpers';
import { apiAs, fileOnWiki, isWatched, makePdf, uniqueName, uploadLog } from './wiki';

test( 'a 5 MB file goes up in 1 MB chunks, an exists warning is resolved by renaming, and every field lands', async ( { openWiki, wiki } ) => {
	// Another user's file already has the name the uploader will first ask for.
	const taken = uniqueName( 'E2E-Taken', 'pdf' );
	const existing = makePdf( taken, 10_000 );
	const admin = await apiAs( 'admin' );
	await admin.upload( existing.path, taken, 'first version', { comment: 'setup' } );

	const file = makePdf( uniqueName( 'E2E-Chunked', 'pdf' ), 5 * 1024 * 1024 );
	const renamed = uniqueName( 'E2E-Renamed', 'pdf' );
	const text = `== Summary ==\nA chunked test upload of ${ file.name }.\n[[Category:E2E tests]]`;
	const comment = `chunked e2e ${ file.name }`;

	const page = await openWiki();
	const bodies = watchUploadBodies( page );
	const dialog = await openDialog( page );
	await setChunkSize( dialog, 1 );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = fileGroup( dialog, file.name );
	await fillFields( group, { name: taken, text, comment, tags: wiki.tag } );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();

	// The bytes are stashed, nothing is published, and the panel explains why.
	const warnings = group.getByRole( 'region', { name: 'Warnings' } );
	await expect( warnings ).toBeVisible();
	await expect( warnings ).toContainText( 'A file with this name already exists' );
	await expect( warnings.getByRole( 'link', { name: `File:${ taken }` } ) ).toBeVisible();
	await expect( warnings.getByRole( 'button', { name: 'Overwrite the existing file' } ) ).toBeVisible();
	await screenshot( page, 'warnings-exists' );
	expect( ( await fileOnWiki( taken ) ).sha1, 'the existing file is untouched while the warning waits' ).toBe( existing.sha1 );

	await warnings.getByRole( 'textbox', { name: 'New name' } ).fill( renamed );
	await warnings.getByRole( 'button', { name: 'Upload under the new name' } ).click();
	await expect( group.getByRole( 'link', { name: `File:${ renamed }` } ) ).toBeVisible();
	await screenshot( page, 'done-chunked' );

	// Five chunk requests of about 1 MiB each; no whole-file request.
	const chunkBodies = bodies.filter( ( size ) => size > 1024 * 1024 && size < 1024 * 1024 + 8192 );
	expect( chunkBodies ).toHaveLength( 5 );
	expect( bodies.filter( ( size ) => size > 2 * 1024 * 1024 ) ).toHaveLength( 0 );

	const landed = await fileOnWiki( renamed );
	expect( landed ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size, comment } );
	expect( landed.text?.trim() ).toBe( text );
	const log = await uploadLog( renamed );
	expect( log ).toHaveLength( 1 );
	expect( log[ 0 ] ).toMatchObject( { action: 'upload', user: wiki.users.uploader.name, comment } );
	expect( log[ 0 ].tags ).toContain( wiki.tag );
	expect( ( await fileOnWiki( taken ) ).sha1, 'renaming never overwrites' ).toBe( existing.sha1 );
} );

test( 'a small file goes to the stash in one request and is published with its fields', async ( { openWiki } ) => {
	const file = makePdf( uniqueName( 'E2E-Small', 'pdf' ), 20_000 );
	const text = 'A small test file. {{PAGENAME}}';
	const comment = 'small e2e upload';
	const page = await openWiki();
	const bodies = watchUploadBodies( page );
	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = fileGroup( dialog, file.name );
	await fillFields( group, { text, comment } );
	await group.getByRole( 'combobox', { name: 'Watchlist' } ).selectOption( 'watch' );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible();
	await expect( dialog.getByRole( 'log' ) ).toContainText( `${ file.name } was uploaded.` );

	expect( bodies.filter( ( size ) => size >= file.size ) ).toHaveLength( 1 );
	const landed = await fileOnWiki( file.name );
	expect( landed ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size, comment } );
	expect( landed.text?.trim() ).toBe( text );
	expect( await isWatched( 'uploader', `File:${ file.name }` ) ).toBe( true );
} );

test( 'the Upload click shows the file\'s progress, which sits below the card\'s fields and out of view before', async ( { openWiki } ) => {
	const file = makePdf( uniqueName( 'E2E-InView', 'pdf' ), 3 * 1024 * 1024 );
	const page = await openWiki();
	// Each upload request waits 2 s before it leaves: time to look at the progress.
	await page.route( /api\.php/, async ( route ) => {
		if ( /multipart/.test( route.request().headers()[ 'content-type' ] || '' ) ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 2000 ) );
		}
		await route.fallback();
	} );
	const dialog = await openDialog( page );
	await dialog.locator( 'input[type=file]' ).setInputFiles( file.path );
	const group = fileGroup( dialog, file.name );
	await fillFields( group, { text: 'Progress in view.', comment: 'in view' } );
	const status = group.locator( '.uploaddialog-status' );
	// At most its first pixels show at the foot of the dialog's list.
	await expect( status ).not.toBeInViewport( { ratio: 0.5 } );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	const bar = group.getByRole( 'progressbar', { name: 'Upload progress' } );
	await expect( bar ).toBeVisible();
	await expect( bar ).toBeInViewport( { ratio: 1 } );
	await expect( group.getByRole( 'button', { name: 'Cancel' } ) ).toBeInViewport( { ratio: 1 } );
	await screenshot( page, 'progress-in-view' );
	await expect( group.getByRole( 'link', { name: `File:${ file.name }` } ) ).toBeVisible( { timeout: 30000 } );
	expect( ( await fileOnWiki( file.name ) ).sha1 ).toBe( file.sha1 );
} );

test( 'the dialog is a real dialog: Escape closes it and focus returns to the link', async ( { openWiki } ) => {
	const page = await openWiki();
	const dialog = await openDialog( page );
	await expect( dialog ).toHaveAttribute( 'aria-modal', 'true' );
	await page.keyboard.press( 'Escape' );
	await expect( dialog ).toHaveCount( 0 );
	await expect( page.locator( '#t-uploaddialog a' ) ).toBeFocused();
} );

test( 'in German the dialog shows German and no raw message key', async ( { openWiki, wiki } ) => {
	const page = await openWiki( { query: { uselang: 'de' } } );
	await page.locator( '#t-uploaddialog a' ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Dateien hochladen' } );
	await expect( dialog ).toBeVisible();
	await dialog.locator( 'input[type=file]' ).setInputFiles( makePdf( uniqueName( 'E2E-De', 'pdf' ), 5000 ).path );
	await expect( dialog.getByRole( 'button', { name: '1 Datei hochladen' } ) ).toBeVisible();
	// The wiki's change tags are offered by their names (the test wiki's is `uploaddialog-test`).
	const text = ( await dialog.innerText() ).split( wiki.tag ).join( '' );
	expect( text ).not.toMatch( /⧼|uploaddialog-/ );
	for ( const english of [ 'Upload files', 'Choose files', 'Name on the wiki', 'Description page text', 'Summary', 'Watchlist', 'Ready to upload', 'Remove', 'Upload 1 file' ] ) {
		expect( text, `English "${ english }" in the German dialog` ).not.toContain( english );
	}
	await screenshot( page, 'german' );
} );

test( 'files come in by drag and drop and by paste, each with its own card, and both land', async ( { openWiki } ) => {
	const dropped = makePdf( uniqueName( 'E2E-Dropped', 'pdf' ), 3000 );
	const pasted = makePdf( uniqueName( 'E2E-Pasted', 'pdf' ), 4000 );
	const page = await openWiki();
	const dialog = await openDialog( page );
	// Build the files in the page from the bytes on disk, as the browser would hand them over.
	const transfer = ( file: { name: string; bytes: number[] } ) => page.evaluateHandle( ( f ) => {
		const data = new DataTransfer();
		data.items.add( new File( [ new Uint8Array( f.bytes ) ], f.name, { type: 'application/pdf' } ) );
		return data;
	}, file );
	const bytesOf = ( path: string ) => Array.from( readFileSync( path ) );
	const drop = await transfer( { name: dropped.name, bytes: bytesOf( dropped.path ) } );
	await dialog.locator( '.uploaddialog-dropzone' ).dispatchEvent( 'drop', { dataTransfer: drop } );
	const paste = await transfer( { name: pasted.name, bytes: bytesOf( pasted.path ) } );
	await page.evaluate( ( data ) => {
		document.dispatchEvent( new ClipboardEvent( 'paste', { clipboardData: data, bubbles: true } ) );
	}, paste );
	await expect( fileGroup( dialog, dropped.name ) ).toBeVisible();
	await expect( fileGroup( dialog, pasted.name ) ).toBeVisible();
	await dialog.getByRole( 'button', { name: 'Upload 2 files' } ).click();
	await expect( fileGroup( dialog, dropped.name ).getByRole( 'link', { name: `File:${ dropped.name }` } ) ).toBeVisible();
	await expect( fileGroup( dialog, pasted.name ).getByRole( 'link', { name: `File:${ pasted.name }` } ) ).toBeVisible();
	expect( ( await fileOnWiki( dropped.name ) ).sha1 ).toBe( dropped.sha1 );
	expect( ( await fileOnWiki( pasted.name ) ).sha1 ).toBe( pasted.sha1 );
} );
