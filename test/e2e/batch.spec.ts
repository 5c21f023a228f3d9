/**
 * Issue 11: a batch of 50 files with shared fields and a name pattern, on the real wiki. One
 * target name already exists, one file is identical to a file on the wiki, two files of the batch
 * are identical, one file has a deleted file's content: each warning appears before that file's
 * bytes are sent (the test counts the upload requests that carry each file's name), each
 * resolution does what it says, and the wiki ends with exactly the expected files. And a long
 * list scrolls as a list should, inside the dialog.
 */
import type { Locator, Page } from '@playwright/test';
import { fileGroup } from './dialog';
import {
	clickUpload,
	deleteFile,
	expect,
	freshName,
	makeFile,
	openDialog,
	pageText,
	pickFiles,
	screenshot,
	test,
	uploadAs,
	warningsPanel
} from './helpers';
import { fileOnWiki, type TestFile } from './wiki';
import { randomBytes } from 'node:crypto';

/** A small PDF of random content (a fresh SHA-1 every time). */
function pdfBytes( size: number ): Buffer {
	const head = Buffer.from( '%PDF-1.4\n' );
	const tail = Buffer.from( '\n%%EOF\n' );
	return Buffer.concat( [ head, randomBytes( Math.max( 0, size - head.length - tail.length ) ), tail ] );
}

/** How many upload requests (bytes to the stash) named each target, from the multipart bodies. */
function countUploadsByName( page: Page ): Map<string, number> {
	const counts = new Map<string, number>();
	page.on( 'request', ( request ) => {
		if ( request.method() !== 'POST' || !/\/api\.php/.test( request.url() ) || !/multipart/.test( request.headers()[ 'content-type' ] || '' ) ) {
			return;
		}
		const body = request.postDataBuffer();
		if ( !body ) {
			return;
		}
		// The text fields come before the file's bytes: read only the start.
		const head = body.subarray( 0, 4096 ).toString( 'latin1' );
		const match = /name="filename"\r\n\r\n([^\r]*)\r\n/.exec( head );
		if ( match ) {
			const name = Buffer.from( match[ 1 ], 'latin1' ).toString( 'utf8' );
			counts.set( name, ( counts.get( name ) || 0 ) + 1 );
		}
	} );
	return counts;
}

async function expectDoneIn( group: Locator, name: string ): Promise<void> {
	await expect( group.getByRole( 'link', { name: `File:${ name }` } ) ).toBeVisible( { timeout: 60000 } );
}

test( 'a batch of 50: shared fields, a name pattern, and every warning before the bytes', async ( { openPage } ) => {
	test.setTimeout( 6 * 60 * 1000 );
	const prefix = freshName( 'E2E-Batch', 'x' ).replace( /\.x$/, '' );
	const count = 50;
	const pad = ( n: number ) => String( n ).padStart( 2, '0' );
	const target = ( n: number ) => `${ prefix } - ${ pad( n ) }.pdf`;
	// Sizes from 20 KB to 1.5 MB: a few files go in chunks.
	const contents = Array.from( { length: count }, ( _x, i ) => pdfBytes( 20000 + ( ( i * 37 ) % 50 ) * 30000 ) );

	// On the wiki before: a file under the 7th name; a file identical to the 12th; a deleted file
	// with the 30th's content. Within the batch, the 21st is the 20th's twin.
	const existing = makeFile( `${ prefix }-existing.pdf`, pdfBytes( 30000 ) );
	await uploadAs( 'admin', existing, target( 7 ) );
	const onWiki = makeFile( `${ prefix }-onwiki.pdf`, contents[ 11 ] );
	await uploadAs( 'admin', onWiki );
	const gone = makeFile( `${ prefix }-gone.pdf`, contents[ 29 ] );
	await uploadAs( 'admin', gone );
	await deleteFile( gone.name );
	contents[ 20 ] = contents[ 19 ];
	const files: TestFile[] = contents.map( ( bytes, i ) => makeFile( `${ prefix }-pick-${ pad( i + 1 ) }.pdf`, bytes ) );

	const page = await openPage();
	const uploads = countUploadsByName( page );
	const dialog = await openDialog( page );
	await pickFiles( dialog, ...files );
	const shared = dialog.getByRole( 'region', { name: 'For all files' } );
	const text = `Batch ${ prefix }: {{PAGENAME}}`;
	await shared.getByRole( 'textbox', { name: 'Description page text' } ).fill( text );
	await shared.getByRole( 'textbox', { name: 'Summary' } ).fill( `e2e batch ${ prefix }` );
	await shared.getByRole( 'textbox', { name: 'Name pattern' } ).fill( `${ prefix } - $n` );
	await shared.getByRole( 'textbox', { name: 'Name pattern' } ).press( 'Tab' );
	const preview = shared.getByRole( 'list', { name: 'Names the pattern gives' } );
	await expect( preview.getByRole( 'listitem' ) ).toHaveCount( count );
	await expect( preview ).toContainText( target( 50 ) );
	await screenshot( page, 'batch-pattern', shared );
	// The shared text as the wiki renders it, for the first file's name.
	await shared.getByRole( 'button', { name: 'Preview', exact: true } ).click();
	await expect( shared.getByRole( 'region', { name: 'Preview of the description page' } ) ).toContainText( `Batch ${ prefix }: ${ target( 1 ) }` );
	await shared.getByRole( 'button', { name: 'Hide preview' } ).click();

	await clickUpload( dialog, count );
	const group = ( n: number ) => fileGroup( dialog, files[ n - 1 ].name );
	const waiting = [ 7, 12, 21, 30 ];
	for ( const n of waiting ) {
		await expect( warningsPanel( group( n ) ), `file ${ n } waits for a choice` ).toBeVisible( { timeout: 120000 } );
	}
	const settled = '.uploaddialog-file.is-done, .uploaddialog-file.is-needs-choice, .uploaddialog-file.is-failed';
	await expect( dialog.locator( settled ) ).toHaveCount( count, { timeout: 180000 } );
	await expect( dialog.locator( '.uploaddialog-file.is-done' ) ).toHaveCount( count - waiting.length );

	// Each warning was there before a byte of its file went out.
	for ( const n of waiting ) {
		expect( uploads.get( target( n ) ) || 0, `upload requests for file ${ n } before the choice` ).toBe( 0 );
	}
	await expect( warningsPanel( group( 7 ) ) ).toContainText( 'A file with this name already exists' );
	await expect( warningsPanel( group( 12 ) ).getByRole( 'link', { name: `File:${ onWiki.name }` } ) ).toBeVisible();
	await expect( warningsPanel( group( 21 ) ) ).toContainText( target( 20 ) );
	await expect( warningsPanel( group( 30 ) ).getByRole( 'link', { name: `File:${ gone.name }` } ) ).toBeVisible();
	await screenshot( page, 'batch-warnings', group( 12 ) );

	// Rename the 7th, cancel the 12th, upload the twin and the deleted content anyway.
	const renamed = `${ prefix } - 07 renamed.pdf`;
	await warningsPanel( group( 7 ) ).getByRole( 'textbox', { name: 'New name' } ).fill( renamed );
	await warningsPanel( group( 7 ) ).getByRole( 'button', { name: 'Upload under the new name' } ).click();
	await warningsPanel( group( 12 ) ).getByRole( 'button', { name: 'Cancel this upload' } ).click();
	await warningsPanel( group( 21 ) ).getByRole( 'button', { name: 'Upload anyway' } ).click();
	await warningsPanel( group( 30 ) ).getByRole( 'button', { name: 'Upload anyway' } ).click();
	await expectDoneIn( group( 7 ), renamed );
	await expectDoneIn( group( 21 ), target( 21 ) );
	await expectDoneIn( group( 30 ), target( 30 ) );
	await expect( group( 12 ) ).toContainText( 'Cancelled. Nothing was published.' );
	await expect( dialog.getByRole( 'region', { name: 'Results' } ) ).toBeVisible();
	await screenshot( page, 'batch-summary', dialog.getByRole( 'region', { name: 'Results' } ) );

	// The wiki has exactly what was chosen.
	for ( let n = 1; n <= count; n++ ) {
		const name = n === 7 ? renamed : target( n );
		const state = await fileOnWiki( name );
		if ( n === 12 ) {
			expect( state.exists, 'the cancelled file' ).toBe( false );
			continue;
		}
		expect( state, name ).toMatchObject( { exists: true, sha1: files[ n - 1 ].sha1, size: files[ n - 1 ].size } );
	}
	expect( ( await fileOnWiki( target( 7 ) ) ).sha1, 'the existing file was not overwritten' ).toBe( existing.sha1 );
	expect( await pageText( `File:${ target( 33 ) }` ) ).toBe( text );
	expect( await pageText( `File:${ renamed }` ) ).toBe( text );
} );

test( 'a long list scrolls inside the dialog: its title and buttons stay in view, the page behind stays put', async ( { openPage } ) => {
	const prefix = freshName( 'E2E-Scroll', 'x' ).replace( /\.x$/, '' );
	const files = Array.from( { length: 30 }, ( _x, i ) => makeFile( `${ prefix }-${ i + 1 }.pdf`, pdfBytes( 2000 ) ) );
	const page = await openPage();
	const dialog = await openDialog( page );
	await pickFiles( dialog, ...files );
	const upload = dialog.getByRole( 'button', { name: 'Upload 30 files' } );
	await expect( upload ).toBeEnabled();
	const pageScroll = await page.evaluate( () => window.scrollY );
	// The wheel, well past the end of the list, as a user flicks through it.
	const box = await dialog.locator( '.uploaddialog-files' ).boundingBox();
	expect( box ).not.toBeNull();
	await page.mouse.move( box!.x + box!.width / 2, Math.min( box!.y + 200, 500 ) );
	for ( let i = 0; i < 10; i++ ) {
		await page.mouse.wheel( 0, 1500 );
	}
	await expect( fileGroup( dialog, files[ 29 ].name ) ).toBeInViewport();
	await expect( dialog.getByRole( 'heading', { name: 'Upload files' } ) ).toBeInViewport();
	await expect( upload ).toBeInViewport();
	expect( await dialog.evaluate( ( d ) => d.scrollTop ), 'the dialog itself never scrolls' ).toBe( 0 );
	expect( await page.evaluate( () => window.scrollY ), 'the page behind the dialog' ).toBe( pageScroll );
} );
