/**
 * Issue 8, transports: every way the bytes reach the wiki, driven through the dialog, with every
 * field the user set checked on the wiki afterwards (bytes, summary, page text, tag, watchlist
 * and its expiry).
 */
import type { Locator, Page } from '@playwright/test';
import { fileOnWiki, makePdf, uploadLog } from './wiki';
import { fileGroup, fillFields, type Fields } from './dialog';
import {
	bytesOf,
	clickUpload,
	doneLink,
	expect,
	fileHistory,
	freshName,
	makePng,
	openDialog,
	pickFiles,
	recordApiPosts,
	setChunkSize,
	startOverlayWiki,
	startStaticServer,
	test,
	uploadPosts,
	watchState,
	type ApiPost
} from './helpers';

const MiB = 1024 * 1024;

/** Multipart bodies (a whole file or a chunk) between these sizes. */
function bodiesBetween( posts: ApiPost[], min: number, max: number ): ApiPost[] {
	return posts.filter( ( p ) => p.multipart && p.length >= min && p.length <= max );
}

/** Checks what landed: bytes, summary, text, the tag on the log entry, the watchlist. */
async function expectLanded( name: string, file: { sha1: string; size: number }, fields: Required<Pick<Fields, 'text' | 'comment'>> & { tags?: string } ) {
	const landed = await fileOnWiki( name );
	expect( landed ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size, comment: fields.comment } );
	expect( landed.text?.trim() ).toBe( fields.text );
	const log = await uploadLog( name );
	expect( log ).toHaveLength( 1 );
	expect( log[ 0 ] ).toMatchObject( { action: 'upload', user: 'Uploader', comment: fields.comment } );
	if ( fields.tags ) {
		// MediaWiki adds an upload's change tags in a deferred update. After an async publish
		// that update runs once the job is done, a moment after checkstatus already said
		// Success (CI saw the log entry without its tag once): wait for it, a little.
		await expect.poll( async () => ( await uploadLog( name ) )[ 0 ]?.tags, { timeout: 15000, message: 'the tag on the log entry' } ).toContain( fields.tags );
	}
}

async function uploadAndWait( page: Page, dialog: Locator, group: Locator, name: string, timeout = 60000 ) {
	await clickUpload( dialog );
	await expect( doneLink( group, name ) ).toBeVisible( { timeout } );
	await expect( page.getByRole( 'dialog' ).getByRole( 'log' ) ).toContainText( `${ name } was uploaded.` );
}

test( 'direct: a small file goes up in one request, with summary, text, tag and a one-week watch', async ( { openPage, wiki } ) => {
	const file = makePdf( freshName( 'E2E-Direct', 'pdf' ), 50_000 );
	const fields = { text: `Direct upload.\n[[Category:E2E direct]]`, comment: `direct e2e ${ file.name }`, tags: wiki.tag };
	const page = await openPage();
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	// action=upload knows three watchlist choices (no "unwatch"): the dialog offers exactly those.
	await expect( group.getByRole( 'combobox', { name: 'Watchlist' } ).locator( 'option' ) ).toHaveText( [ 'As in my preferences', 'Add the file page', 'Leave as it is' ] );
	await fillFields( group, { ...fields, watchlist: 'watch', expiry: '1 week' } );
	await uploadAndWait( page, dialog, group, file.name );

	// One request carried the bytes (the whole file), then one commit by filekey.
	expect( bodiesBetween( posts, file.size, file.size + 8192 ) ).toHaveLength( 1 );
	expect( posts.filter( ( p ) => p.multipart ) ).toHaveLength( 1 );
	const commits = uploadPosts( posts ).filter( ( p ) => p.params?.has( 'filekey' ) );
	expect( commits ).toHaveLength( 1 );
	expect( commits[ 0 ].params?.get( 'watchlistexpiry' ) ).toBe( '1 week' );

	await expectLanded( file.name, file, fields );
	const watch = await watchState( 'uploader', `File:${ file.name }` );
	expect( watch.watched ).toBe( true );
	// Watched for a week from now (give or take the test's own minutes).
	const days = ( Date.parse( String( watch.expiry ) ) - Date.now() ) / 86400000;
	expect( days ).toBeGreaterThan( 6.9 );
	expect( days ).toBeLessThan( 7.1 );
} );

test( 'by default the chunks grow: a 20 MB file starts with a 1 MB chunk, goes up in fewer, larger ones and lands byte for byte', async ( { openPage, wiki } ) => {
	const file = makePdf( freshName( 'E2E-ChunkAdaptive', 'pdf' ), 20 * MiB );
	const fields = { text: 'Chunks that grow.', comment: `adaptive chunks e2e ${ file.name }`, tags: wiki.tag };
	const page = await openPage();
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	await fillFields( group, fields );
	await uploadAndWait( page, dialog, group, file.name );

	const chunks = posts.filter( ( p ) => p.multipart );
	expect( chunks.length, 'fewer requests than 1 MB chunks would need' ).toBeLessThan( 20 );
	expect( chunks[ 0 ].length, 'the first chunk is 1 MB' ).toBeGreaterThan( MiB );
	expect( chunks[ 0 ].length ).toBeLessThan( MiB + 8192 );
	expect( Math.max( ...chunks.map( ( p ) => p.length ) ), 'later chunks are larger' ).toBeGreaterThan( 2 * MiB );
	await expectLanded( file.name, file, fields );
} );

test( 'chunked at a fixed 1 MB (the setting for bad links): a 20 MB file goes up in 20 chunks, lands byte for byte and stays off the watchlist ("Leave as it is")', async ( { openPage, wiki } ) => {
	const file = makePdf( freshName( 'E2E-Chunk1', 'pdf' ), 20 * MiB );
	const fields = { text: 'Twenty chunks of one megabyte.', comment: `chunked 1 MB e2e ${ file.name }`, tags: wiki.tag };
	const page = await openPage();
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	await setChunkSize( dialog, 1 );
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	// 'nochange': a new file page stays off the watchlist (the uploader's preferences would add it).
	await fillFields( group, { ...fields, watchlist: 'nochange' } );
	await uploadAndWait( page, dialog, group, file.name );

	expect( bodiesBetween( posts, MiB, MiB + 8192 ) ).toHaveLength( 20 );
	expect( posts.filter( ( p ) => p.multipart ) ).toHaveLength( 20 );
	await expectLanded( file.name, file, fields );
	expect( ( await watchState( 'uploader', `File:${ file.name }` ) ).watched ).toBe( false );
} );

test( 'chunked at a chosen 6 MB: a 24 MB file goes up in 4 chunks and lands byte for byte', async ( { openPage, wiki } ) => {
	const file = makePdf( freshName( 'E2E-Chunk6', 'pdf' ), 24 * MiB );
	const fields = { text: 'Four chunks of six megabytes.', comment: `chunked 6 MB e2e ${ file.name }`, tags: wiki.tag };
	const page = await openPage();
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	await setChunkSize( dialog, 6 );
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	await fillFields( group, { ...fields, watchlist: 'watch', expiry: 'Permanently' } );
	await uploadAndWait( page, dialog, group, file.name );

	expect( bodiesBetween( posts, 6 * MiB, 6 * MiB + 8192 ) ).toHaveLength( 4 );
	expect( posts.filter( ( p ) => p.multipart ) ).toHaveLength( 4 );
	await expectLanded( file.name, file, fields );
	expect( await watchState( 'uploader', `File:${ file.name }` ) ).toEqual( { watched: true, expiry: 'infinity' } );
	expect( ( await fileHistory( file.name ) ) ).toHaveLength( 1 );
} );

test( 'by URL: the wiki fetches the file from a loopback server, without async, with every field', async ( { openPage, wiki } ) => {
	const source = makePng( freshName( 'E2E-Source', 'png' ), 40, 30 );
	const site = await startStaticServer( { [ source.name ]: bytesOf( source ) } );
	try {
		const url = site.url( source.name );
		const name = freshName( 'E2E-ByUrl', 'png' );
		const fields = { text: `Fetched from ${ url }.`, comment: `by URL e2e ${ name }`, tags: wiki.tag };
		const page = await openPage();
		const posts = recordApiPosts( page );
		const dialog = await openDialog( page );
		await dialog.getByRole( 'textbox', { name: 'Upload from a URL' } ).fill( url );
		await dialog.getByRole( 'button', { name: 'Add URL' } ).click();
		const group = fileGroup( dialog, url );
		await expect( group ).toContainText( `from ${ url }` );
		await expect( group.getByRole( 'textbox', { name: 'Name on the wiki' } ) ).toHaveValue( source.name );
		await fillFields( group, { ...fields, name, watchlist: 'watch' } );
		await uploadAndWait( page, dialog, group, name );

		const fetches = uploadPosts( posts ).filter( ( p ) => p.params?.get( 'url' ) === url );
		expect( fetches ).toHaveLength( 1 );
		// MediaWiki 1.43 breaks async uploads by URL: the dialog never asks for one.
		expect( fetches[ 0 ].params?.has( 'async' ) ).toBe( false );
		expect( posts.filter( ( p ) => p.multipart ) ).toHaveLength( 0 );
		expect( site.requests.filter( ( r ) => r === source.name ) ).toHaveLength( 1 );
		await expectLanded( name, source, fields );
		expect( ( await watchState( 'uploader', `File:${ name }` ) ).watched ).toBe( true );
	} finally {
		await site.close();
	}
} );

test( 'async: a file of the wiki\'s largest size is assembled and published by the server, polled with checkstatus until done', async ( { openPage, wiki } ) => {
	test.setTimeout( 180000 );
	// The engine lets the server assemble and publish files from 512 MiB on, and files of the
	// wiki's largest size (QueueOptions.asyncFrom): a second server of the test wiki whose
	// largest size is this file's brings the second case within a test's reach.
	const file = makePdf( freshName( 'E2E-Async', 'pdf' ), 40 * MiB + 12345 );
	const overlay = await startOverlayWiki( 'async', `$wgMaxUploadSize = ${ file.size };` );
	try {
		const fields = { text: 'Assembled and published by the job queue.', comment: `async e2e ${ file.name }`, tags: wiki.tag };
		const page = await openPage( { base: overlay.base } );
		const posts = recordApiPosts( page );
		const dialog = await openDialog( page );
		await setChunkSize( dialog, 10 );
		await pickFiles( dialog, file );
		const group = fileGroup( dialog, file.name );
		await fillFields( group, fields );
		await clickUpload( dialog );
		// While the jobs run, the dialog says that the server works on the file.
		await expect( group ).toContainText( /Waiting for the server to process the file|The server is assembling the file|The server is publishing the file/, { timeout: 90000 } );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 90000 } );

		expect( bodiesBetween( posts, 10 * MiB, 10 * MiB + 8192 ) ).toHaveLength( 4 );
		const uploads = uploadPosts( posts );
		expect( uploads.filter( ( p ) => p.params?.get( 'checkstatus' ) === '1' ).length, 'status checks' ).toBeGreaterThan( 0 );
		const commits = uploads.filter( ( p ) => p.params?.has( 'filekey' ) && !p.params.has( 'checkstatus' ) );
		expect( commits ).toHaveLength( 1 );
		expect( commits[ 0 ].params?.get( 'async' ) ).toBe( '1' );
		await expectLanded( file.name, file, fields );
	} finally {
		overlay.stop();
	}
} );
