/**
 * Issue 8, errors: every refusal of action=upload the dialog can meet, provoked for real (a user
 * whose rights change, a second wiki with other settings, a proxy that fails requests), each
 * shown in the user's language, with the user's inputs kept and the way forward offered; and,
 * where the dialog recovers by itself (a stale token, a lost answer, a passing HTTP error), the
 * file on the wiki proves that it did.
 */
import type { Locator, Page } from '@playwright/test';
import { fileOnWiki, makePdf, uploadLog, type TestFile } from './wiki';
import { fileGroup, fillFields } from './dialog';
import {
	addGroups,
	apiAsUser,
	bytesOf,
	clickUpload,
	createUser,
	doneLink,
	errorCode,
	expect,
	fileHistory,
	freshName,
	isCommit,
	loginContext,
	logoutContext,
	makeFile,
	makePng,
	makeTextAsPng,
	openDialog,
	pageSession,
	pickFiles,
	putInSharedRepo,
	readFields,
	recordApiAnswers,
	recordApiPosts,
	screenshot,
	server,
	setChunkSize,
	startFaultProxy,
	startOverlayWiki,
	startStaticServer,
	test,
	openSettings,
	type FaultProxy,
	type OverlayWiki,
	type PageOptions
} from './helpers';

const MiB = 1024 * 1024;

/** Console errors a test provokes on purpose: the browser reports failed requests. */
const FAILED_REQUESTS = [ /Failed to load resource/ ];

/** The alert a failed file shows. */
function failure( group: Locator ): Locator {
	return group.getByRole( 'alert' );
}

/** What every failed file offers: the translated text, the way forward, and its inputs intact. */
async function expectFailure( group: Locator, text: string | RegExp, remedy: string | RegExp | null, fields: { name: string; text: string; comment: string } ) {
	const alert = failure( group );
	await expect( alert ).toBeVisible( { timeout: 60000 } );
	await expect( alert ).toContainText( text );
	if ( remedy ) {
		await expect( alert ).toContainText( remedy );
	}
	await expect( alert.getByRole( 'button', { name: 'Remove' } ) ).toBeVisible();
	expect( await readFields( group ) ).toMatchObject( fields );
}

interface Picked {
	group: Locator;
	fields: { name: string; text: string; comment: string };
}

/** Picks a file and fills its fields (a name, page text and summary of its own). */
async function pickWithFields( dialog: Locator, file: TestFile, name = file.name ): Promise<Picked> {
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	const fields = { name, text: `Error test ${ file.name }.`, comment: `e2e error ${ file.name }` };
	await fillFields( group, fields );
	return { group, fields };
}

/** Adds a URL as a source and fills its fields. */
async function addUrlWithFields( dialog: Locator, url: string, name: string ): Promise<Picked> {
	await dialog.getByRole( 'textbox', { name: 'Upload from a URL' } ).fill( url );
	await dialog.getByRole( 'button', { name: 'Add URL' } ).click();
	const group = fileGroup( dialog, url );
	const fields = { name, text: `Error test from ${ url }.`, comment: `e2e error ${ name }` };
	await fillFields( group, fields );
	return { group, fields };
}

async function retry( group: Locator ): Promise<void> {
	await failure( group ).getByRole( 'button', { name: 'Try again' } ).click();
}

async function expectLanded( name: string, file: { sha1: string; size: number }, fields: { text: string; comment: string } ) {
	await expect.poll( async () => ( await fileOnWiki( name ) ).sha1, { timeout: 10000 } ).toBe( file.sha1 );
	const landed = await fileOnWiki( name );
	expect( landed ).toMatchObject( { exists: true, size: file.size, comment: fields.comment } );
	expect( landed.text?.trim() ).toBe( fields.text );
}

// A second wiki over the same database for the settings the main one must not have; started
// by the first test that needs it.
let overlay: OverlayWiki | undefined;

async function secondWiki( settings: string ): Promise<OverlayWiki> {
	overlay = overlay || await startOverlayWiki( 'errors', settings );
	overlay.configure( settings );
	return overlay;
}

test.afterAll( () => {
	overlay?.stop();
	overlay = undefined;
} );

// ------------------------------------------------------------------------------ who may upload

test( 'assertuserfailed: the session ends while the dialog is open; log in again and "Try again" uploads', async ( { openPage } ) => {
	const user = await createUser( 'E2eLogout' );
	const page = await openPage( { as: user } );
	const dialog = await openDialog( page );
	const file = makePdf( freshName( 'E2E-LoggedOut', 'pdf' ), 20_000 );
	const { group, fields } = await pickWithFields( dialog, file );
	// "Log out" in another tab: this session is gone, the dialog does not know yet.
	await logoutContext( page.context(), server() );
	await clickUpload( dialog );
	await expectFailure( group, `You are no longer logged in as ${ user.name }: your session has ended`, null, fields );
	const login = failure( group ).getByRole( 'link', { name: 'Log in (opens in a new tab)' } );
	await expect( login ).toHaveAttribute( 'href', /Special:UserLogin/ );
	await expect( login ).toHaveAttribute( 'target', '_blank' );
	await screenshot( page, 'error-mustbeloggedin', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
	expect( ( await fileOnWiki( file.name ) ).exists ).toBe( false );

	// Logged in again (in that other tab), the same dialog, untouched, finishes the upload.
	await loginContext( page.context(), server(), user );
	expect( await pageSession( page ), 'the page\'s session after logging in again' ).toEqual( { name: user.name, anon: false, mayUpload: true } );
	await retry( group );
	await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
	await expectLanded( file.name, file, fields );
} );

test( 'permissiondenied: the right to upload (and by URL) is taken away while the dialog is open', async ( { openPage } ) => {
	const user = await createUser( 'E2eRevoked' );
	const source = makePng( freshName( 'E2E-RevokedSource', 'png' ) );
	const site = await startStaticServer( { [ source.name ]: bytesOf( source ) } );
	try {
		const page = await openPage( { as: user } );
		const dialog = await openDialog( page );
		const file = makePdf( freshName( 'E2E-Revoked', 'pdf' ), 20_000 );
		const byFile = await pickWithFields( dialog, file );
		const byUrl = await addUrlWithFields( dialog, site.url( source.name ), freshName( 'E2E-RevokedUrl', 'png' ) );
		// An administrator puts the user into a group without upload rights.
		await addGroups( user, [ 'noupload' ] );
		await clickUpload( dialog, 2 );
		for ( const { group, fields } of [ byFile, byUrl ] ) {
			await expectFailure( group, 'You do not have the right to do this upload.', null, fields );
			await expect( failure( group ).getByRole( 'link', { name: 'See which groups may upload' } ) ).toHaveAttribute( 'href', /Special:ListGroupRights/ );
			// The wiki's own words as it renders them: its group names are links, never [[wikitext]].
			const words = failure( group ).locator( '.uploaddialog-api-info' );
			await expect( words ).toContainText( 'The wiki says: The action you have requested is limited to users in' );
			await expect( words.getByRole( 'link', { name: 'Users' } ) ).toHaveAttribute( 'target', '_blank' );
			expect( await words.innerText() ).not.toContain( '[[' );
		}
		await screenshot( page, 'error-permissiondenied', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
		expect( ( await fileOnWiki( byFile.fields.name ) ).exists ).toBe( false );
		expect( ( await fileOnWiki( byUrl.fields.name ) ).exists ).toBe( false );
		expect( site.requests, 'the wiki never fetched the URL' ).toEqual( [] );
	} finally {
		await site.close();
	}
} );

test( 'fileexists-shared-forbidden: the name is taken in the shared repository, found before sending; a new name in the field and "Try again" upload the file once', async ( { openPage } ) => {
	const name = freshName( 'E2E-Shared', 'png' );
	putInSharedRepo( name, bytesOf( makePng( freshName( 'E2E-SharedOriginal', 'png' ) ) ) );
	const file = makePng( freshName( 'E2E-SharedLocal', 'png' ) );
	const page = await openPage( { as: 'noshared' } );
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	const { group, fields } = await pickWithFields( dialog, file, name );
	await clickUpload( dialog );
	await expectFailure( group, 'A file with this name exists in the shared repository, and you may not replace it here. Choose another name.', 'Change the name above, then try again.', fields );
	await screenshot( page, 'error-fileexists-shared-forbidden', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );

	// The name's check found it before a byte was sent; renamed, the file goes up once.
	expect( posts.filter( ( p ) => p.multipart ).length, 'nothing sent for the refused name' ).toBe( 0 );
	const renamed = freshName( 'E2E-SharedRenamed', 'png' );
	await fillFields( group, { name: renamed } );
	await retry( group );
	await expect( doneLink( group, renamed ) ).toBeVisible();
	expect( posts.filter( ( p ) => p.multipart ).length, 'the file was sent once in all' ).toBe( 1 );
	await expectLanded( renamed, file, fields );
	expect( ( await fileOnWiki( name ) ).exists, 'no local file shadows the shared one' ).toBe( false );
} );

// ------------------------------------------------------------------------------ the file itself

test( 'verification-error: content that does not match the extension', async ( { openPage } ) => {
	const file = makeTextAsPng( freshName( 'E2E-TextAsPng', 'png' ) );
	const page = await openPage();
	const dialog = await openDialog( page );
	const { group, fields } = await pickWithFields( dialog, file );
	await clickUpload( dialog );
	await expectFailure( group, 'The file\'s content does not match its type or did not pass the wiki\'s checks.', 'Choose another file, or remove this one from the list.', fields );
	// The wiki's own explanation is shown too, as text.
	await expect( failure( group ) ).toContainText( 'The wiki says: File extension ".png" does not match the detected MIME type' );
	await screenshot( page, 'error-verification', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
	expect( ( await fileOnWiki( file.name ) ).exists ).toBe( false );
} );

test( 'stashfailed at the last chunk (failed verification) says that the file is the problem', async ( { openPage } ) => {
	// Above 4 MiB, so that it goes in chunks of 1 MiB.
	const file = makeTextAsPng( freshName( 'E2E-ChunkedTextAsPng', 'png' ), 6 * MiB );
	expect( file.size ).toBeGreaterThan( 4 * MiB );
	const page = await openPage();
	const dialog = await openDialog( page );
	// Fixed 1 MiB chunks (the setting), so that the chunks before the last are known.
	await setChunkSize( dialog, 1 );
	const answers = recordApiAnswers( page );
	const { group, fields } = await pickWithFields( dialog, file );
	await clickUpload( dialog );
	await expectFailure( group, 'The file\'s content does not match its type or did not pass the wiki\'s checks.', 'Choose another file, or remove this one from the list.', fields );
	// What the wiki said: only at the last chunk, and as `stashfailed`; the dialog did not retry.
	expect( answers.map( errorCode ).filter( Boolean ) ).toEqual( [ 'stashfailed' ] );
	expect( answers.filter( ( a ) => a.upload?.result === 'Continue' ) ).toHaveLength( Math.ceil( file.size / MiB ) - 1 );
	expect( ( await fileOnWiki( file.name ) ).exists ).toBe( false );
} );

test( 'filetype-banned: the translated message names the type and the allowed ones', async ( { openPage } ) => {
	const file = makeFile( freshName( 'E2E-Program', 'exe' ), Buffer.concat( [ Buffer.from( 'MZ' ), Buffer.alloc( 4000, 7 ) ] ) );
	const page = await openPage();
	const dialog = await openDialog( page );
	const { group, fields } = await pickWithFields( dialog, file );
	await clickUpload( dialog );
	await expectFailure( group, /Files of type “exe” cannot be uploaded here\. Allowed types: png, gif, jpg, jpeg, webp, pdf, txt, svg\./, 'Choose another file', fields );
} );

test( 'an empty file is refused before sending; an empty file by URL is refused by the wiki', async ( { openPage } ) => {
	const empty = makeFile( freshName( 'E2E-Empty', 'pdf' ), Buffer.alloc( 0 ) );
	const site = await startStaticServer( { 'empty.png': Buffer.alloc( 0 ) } );
	try {
		const page = await openPage();
		const posts = recordApiPosts( page );
		const dialog = await openDialog( page );
		const local = await pickWithFields( dialog, empty );
		const remote = await addUrlWithFields( dialog, site.url( 'empty.png' ), freshName( 'E2E-EmptyUrl', 'png' ) );
		await clickUpload( dialog, 2 );
		await expectFailure( local.group, 'The file is empty.', 'Choose another file', local.fields );
		await expectFailure( remote.group, 'The file is empty.', /Check the URL|Choose another file/, remote.fields );
		// A picked file stays empty; the URL's server may send the file next time.
		await expect( failure( local.group ).getByRole( 'button', { name: 'Try again' } ) ).toHaveCount( 0 );
		await expect( failure( remote.group ).getByRole( 'button', { name: 'Try again' } ) ).toBeVisible();
		await expect( dialog.getByRole( 'button', { name: 'Retry failed (1)' } ) ).toBeVisible();
		expect( posts.filter( ( p ) => p.multipart ), 'the empty local file was never sent' ).toEqual( [] );
		expect( site.requests ).toEqual( [ 'empty.png' ] );
	} finally {
		await site.close();
	}
} );

// ------------------------------------------------------------------------------ by URL

test( 'copyuploadbaddomain: a URL from a host the wiki does not fetch from', async ( { openPage } ) => {
	const page = await openPage();
	const dialog = await openDialog( page );
	// 127.0.0.2 is this machine too, but not in $wgCopyUploadsDomains: the wiki refuses before fetching.
	const { group, fields } = await addUrlWithFields( dialog, 'http://127.0.0.2:9/picture.png', freshName( 'E2E-BadDomain', 'png' ) );
	await clickUpload( dialog );
	await expectFailure( group, 'This wiki does not allow uploads from this website. Download the file and upload it from your computer.', 'Check the URL, or download the file and upload it from your computer.', fields );
	await screenshot( page, 'error-copyuploadbaddomain', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
} );

// It once timed out: PHP's opcache saw the changed setting only up to 2 s later, so the upload
// sometimes went through before it. wiki.sh now starts PHP with opcache.revalidate_freq=0.
test( 'copyuploaddisabled: the wiki turns uploads by URL off while the dialog is open, and the next dialog says so up front', async ( { openPage } ) => {
	const wiki2 = await secondWiki( '' );
	const source = makePng( freshName( 'E2E-DisabledSource', 'png' ) );
	const site = await startStaticServer( { [ source.name ]: bytesOf( source ) } );
	try {
		const page = await openPage( { base: wiki2.base } );
		const dialog = await openDialog( page );
		const { group, fields } = await addUrlWithFields( dialog, site.url( source.name ), freshName( 'E2E-Disabled', 'png' ) );
		wiki2.configure( '$wgAllowCopyUploads = false;' );
		await clickUpload( dialog );
		await expectFailure( group, 'This wiki does not allow uploads from URLs. Download the file and upload it from your computer.', 'Check the URL, or download the file and upload it from your computer.', fields );
		expect( site.requests ).toEqual( [] );

		// A dialog opened now knows it before the user types a URL.
		const next = await openPage( { base: wiki2.base } );
		const nextDialog = await openDialog( next );
		await expect( nextDialog ).toContainText( 'This wiki does not allow uploads from URLs.' );
		await expect( nextDialog.getByRole( 'textbox', { name: 'Upload from a URL' } ) ).toHaveCount( 0 );
	} finally {
		await site.close();
	}
} );

// ------------------------------------------------------------------------------ sizes and chunks

test( 'file-too-large: the dialog checks the wiki\'s maximum before sending; a URL above it is refused by the wiki', async ( { openPage } ) => {
	const wiki2 = await secondWiki( '$wgMaxUploadSize = 1024 * 1024;' );
	const big = makePdf( freshName( 'E2E-TooBig', 'pdf' ), 2 * MiB );
	const remoteBig = makePdf( freshName( 'E2E-TooBigRemote', 'pdf' ), 2 * MiB );
	const site = await startStaticServer( { [ remoteBig.name ]: bytesOf( remoteBig ) } );
	try {
		const page = await openPage( { base: wiki2.base } );
		const posts = recordApiPosts( page );
		const dialog = await openDialog( page );
		const local = await pickWithFields( dialog, big );
		const remote = await addUrlWithFields( dialog, site.url( remoteBig.name ), remoteBig.name );
		await clickUpload( dialog, 2 );
		await expectFailure( local.group, 'The file is 2 MB, but this wiki accepts at most 1 MB. Nothing was sent.', 'Choose another file', local.fields );
		expect( posts.filter( ( p ) => p.multipart ), 'nothing of the big file was sent' ).toEqual( [] );
		await expectFailure( remote.group, 'The file is larger than the wiki accepts.', null, remote.fields );
		// Sending the same file again can never work: neither card nor the footer offers it.
		for ( const group of [ local.group, remote.group ] ) {
			await expect( failure( group ).getByRole( 'button', { name: 'Try again' } ) ).toHaveCount( 0 );
		}
		await expect( dialog.getByRole( 'button', { name: /Retry failed/ } ) ).toHaveCount( 0 );
		await screenshot( page, 'error-file-too-large', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
		expect( ( await fileOnWiki( remoteBig.name ) ).exists ).toBe( false );
	} finally {
		await site.close();
	}
} );

test( 'chunk-too-small: the dialog never sends chunks below the wiki\'s minimum; when the wiki raises it mid-dialog, a larger chunk size gets through', async ( { openPage } ) => {
	const wiki2 = await secondWiki( '' );
	const page = await openPage( { base: wiki2.base } );
	const dialog = await openDialog( page );
	// Asked for less than the wiki's minimum (1 KB), the setting takes the minimum.
	await openSettings( dialog );
	const size = dialog.getByRole( 'spinbutton', { name: 'Chunk size (MB)' } );
	await size.fill( '0.0001' );
	await size.press( 'Tab' );
	await expect( size ).toHaveValue( '0.001' );
	await setChunkSize( dialog, 1 );

	// Above the size that goes in one request (4 MiB), so that it goes in chunks.
	const file = makePdf( freshName( 'E2E-ChunkTooSmall', 'pdf' ), 6 * MiB );
	const { group, fields } = await pickWithFields( dialog, file );
	wiki2.configure( '$wgMinUploadChunkSize = 2 * 1024 * 1024;' );
	await clickUpload( dialog );
	await expectFailure( group, 'A part of the file was smaller than the wiki allows. Choose a larger chunk size.', null, fields );
	await setChunkSize( dialog, 4 );
	await retry( group );
	await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
	await expectLanded( file.name, file, fields );
} );

test( 'assertnameduserfailed: another account logs in (another tab) while the dialog is open; nothing is uploaded as it', async ( { openPage } ) => {
	const user = await createUser( 'E2eFirst' );
	const other = await createUser( 'E2eOther' );
	const page = await openPage( { as: user } );
	const answers = recordApiAnswers( page );
	const dialog = await openDialog( page );
	const file = makePdf( freshName( 'E2E-OtherAccount', 'pdf' ), 20_000 );
	const { group, fields } = await pickWithFields( dialog, file );
	// Another tab of the same browser logs in as someone else: the cookies the dialog sends change.
	await loginContext( page.context(), server(), other );
	await clickUpload( dialog );
	await expectFailure( group, `You are no longer logged in as ${ user.name }: this browser is now logged in as another account`, null, fields );
	await expect( failure( group ).getByRole( 'link', { name: 'Log in (opens in a new tab)' } ) ).toHaveAttribute( 'target', '_blank' );
	await screenshot( page, 'error-assertnameduserfailed', failure( group ) );
	expect( ( await fileOnWiki( file.name ) ).exists ).toBe( false );
	// Not even stashed under the other account: the wiki refused each request for the account
	// it named, and nothing was answered as an upload.
	expect( answers.some( ( a ) => errorCode( a ) === 'assertnameduserfailed' ), JSON.stringify( answers ) ).toBe( true );
	expect( answers.filter( ( a ) => a.upload ), 'answers of an upload' ).toEqual( [] );
	const otherStash = await ( await apiAsUser( other ) ).request( { action: 'query', list: 'mystashedfiles', msfprop: 'size', msflimit: 'max' } );
	expect( otherStash.query?.mystashedfiles || [], 'the other account\'s stash' ).toEqual( [] );

	// The first account logs in again: the same dialog finishes the upload, as that account.
	await loginContext( page.context(), server(), user );
	await retry( group );
	await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
	await expectLanded( file.name, file, fields );
	expect( ( await uploadLog( file.name ) ).map( ( e ) => e.user ) ).toEqual( [ user.name ] );
} );

// ------------------------------------------------------------------------------ the session's token

test( 'badtoken: a token from an earlier session is refused, and the upload recovers with a fresh one', async ( { openPage } ) => {
	const user = await createUser( 'E2eToken' );
	const page = await openPage( { as: user } );
	const answers = recordApiAnswers( page );
	const dialog = await openDialog( page );
	const file = makePdf( freshName( 'E2E-Token', 'pdf' ), 3 * MiB );
	const { group, fields } = await pickWithFields( dialog, file );
	// Logged out and in again elsewhere: a new session, so the page's token is stale.
	await logoutContext( page.context(), server() );
	await loginContext( page.context(), server(), user );
	expect( await pageSession( page ), 'the page\'s session after logging in again' ).toEqual( { name: user.name, anon: false, mayUpload: true } );
	await clickUpload( dialog );
	await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
	expect( answers.some( ( a ) => errorCode( a ) === 'badtoken' ), 'the wiki refused the stale token' ).toBe( true );
	await expectLanded( file.name, file, fields );
} );

// ------------------------------------------------------------------------------ the network (a real proxy)

test.describe( 'through a proxy that fails requests', () => {
	let proxy: FaultProxy;
	test.beforeEach( async () => {
		proxy = await startFaultProxy();
	} );
	test.afterEach( async () => {
		await proxy.close();
	} );

	const viaProxy = (): PageOptions => ( { base: proxy.base, allowConsole: FAILED_REQUESTS } );

	/** Files above 4 MiB go in chunks; smaller ones, in one request (see ONE_REQUEST_UP_TO). */
	async function chunkedUpload( page: Page, sizeMb: number, prefix: string ) {
		const dialog = await openDialog( page );
		const file = makePdf( freshName( prefix, 'pdf' ), sizeMb * MiB + 1000 );
		const picked = await pickWithFields( dialog, file );
		return { dialog, file, ...picked };
	}

	test( 'an HTTP 503 on a chunk is retried after a pause the dialog shows, and the file lands whole', async ( { openPage } ) => {
		proxy.inject( { fault: { kind: 'status', status: 503 }, times: 2, match: ( r ) => r.multipart && r.length > MiB } );
		const page = await openPage( viaProxy() );
		const { dialog, file, group, fields } = await chunkedUpload( page, 5, 'E2E-Http503' );
		await clickUpload( dialog );
		await expect( group ).toContainText( /A request failed; trying again in \d+ seconds?…/ );
		await screenshot( page, 'error-http-503-retrying' );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		expect( proxy.log.filter( ( r ) => r.outcome === 503 ) ).toHaveLength( 2 );
		await expectLanded( file.name, file, fields );
	} );

	test( 'an HTTP 413 (a body-size limit in front of the wiki): by default the chunks shrink below it by themselves and the file lands', async ( { openPage } ) => {
		// Like nginx with client_max_body_size 1m in front of the wiki.
		proxy.inject( { fault: { kind: 'status', status: 413 }, times: Infinity, match: ( r ) => r.length > 1000 * 1000 } );
		const page = await openPage( viaProxy() );
		const { dialog, file, group, fields } = await chunkedUpload( page, 2, 'E2E-Http413Adaptive' );
		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 60000 } );
		const passed = proxy.log.filter( ( r ) => r.method === 'POST' && r.outcome === 200 && r.length > 50000 ).map( ( r ) => r.length );
		expect( passed.length, 'chunks got through' ).toBeGreaterThan( 2 );
		expect( passed.every( ( length ) => length <= 1000 * 1000 ), 'every chunk that got through is below the limit' ).toBe( true );
		await expectLanded( file.name, file, fields );
	} );

	test( 'an HTTP 413 with fixed chunks (the setting) says what to change; a smaller chunk size gets through', async ( { openPage } ) => {
		// Like nginx with client_max_body_size 1m in front of the wiki.
		proxy.inject( { fault: { kind: 'status', status: 413 }, times: Infinity, match: ( r ) => r.length > 1000 * 1000 } );
		const page = await openPage( viaProxy() );
		// 2 MB goes in one request first; refused for its size, it goes in 1 MiB chunks at once,
		// and those are refused too.
		const { dialog, file, group, fields } = await chunkedUpload( page, 2, 'E2E-Http413' );
		await setChunkSize( dialog, 1 );
		await clickUpload( dialog );
		await expectFailure( group, 'The server refused a request as too large (HTTP error 413). Choose a smaller chunk size in the settings, then try again.', null, fields );
		const refused = proxy.log.filter( ( r ) => r.outcome === 413 ).map( ( r ) => r.length );
		expect( refused[ 0 ], 'the whole file first' ).toBeGreaterThan( 2 * MiB );
		expect( refused.slice( 1 ).every( ( length ) => length > MiB && length < MiB + 8192 ), 'then 1 MiB chunks' ).toBe( true );
		await screenshot( page, 'error-http-413', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
		await setChunkSize( dialog, 0.5 );
		await retry( group );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		await expectLanded( file.name, file, fields );
	} );

	test( 'a connection dropped mid-chunk, three times in a row: the dialog says it is trying again, keeps the inputs, and the file lands whole', async ( { openPage } ) => {
		// The second chunk and its first two retries break off after their first bytes.
		proxy.inject( { fault: { kind: 'drop-request' }, times: 3, match: ( r ) => r.multipart && r.length > MiB && proxy.log.filter( ( l ) => l.length > MiB ).length >= 2 } );
		const page = await openPage( viaProxy() );
		const { dialog, file, group, fields } = await chunkedUpload( page, 5, 'E2E-Dropped' );
		await clickUpload( dialog );
		await expect( group ).toContainText( /A request failed; trying again in \d+ seconds?…/ );
		expect( await readFields( group ) ).toMatchObject( fields );
		await screenshot( page, 'error-dropped-retrying' );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		expect( proxy.log.filter( ( r ) => r.fault === 'drop-request' ) ).toHaveLength( 3 );
		await expectLanded( file.name, file, fields );
	} );

	test( 'a connection dropped while the dialog loads: the translated message and "Try again" (the dialog then uploads)', async ( { openPage } ) => {
		// Every request for the settings fails: the one sent ahead at idle time (which the
		// dialog asks again when it opens) and the dialog's own.
		proxy.inject( { fault: { kind: 'drop-request' }, times: Infinity, match: ( r ) => r.method === 'GET' && /meta=siteinfo/.test( r.path ) } );
		const page = await openPage( viaProxy() );
		await page.locator( '#t-uploaddialog a' ).click();
		const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
		const alert = dialog.getByRole( 'alert' );
		await expect( alert ).toContainText( 'The wiki\'s upload settings could not be loaded: The connection to the wiki failed. Check your connection, then try again.' );
		await screenshot( page, 'error-network-loading', page.getByRole( 'dialog' ).getByRole( 'alert' ).first() );
		// The connection is back.
		proxy.clear();
		await alert.getByRole( 'button', { name: 'Try again' } ).click();
		const file = makePdf( freshName( 'E2E-DropLoad', 'pdf' ), 20_000 );
		const { group, fields } = await pickWithFields( dialog, file );
		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		await expectLanded( file.name, file, fields );
	} );

	test( 'stashfailed (bad offset): a chunk\'s answer is lost, the resent chunk is refused for its offset, and the dialog goes on from the wiki\'s offset', async ( { openPage } ) => {
		// The wiki stores the second chunk, but the browser never hears of it.
		proxy.inject( { fault: { kind: 'drop-answer' }, times: 1, match: ( r ) => r.multipart && r.length > MiB && proxy.log.filter( ( l ) => l.length > MiB ).length === 2 } );
		const page = await openPage( viaProxy() );
		const { dialog, file, group, fields } = await chunkedUpload( page, 5, 'E2E-LostAnswer' );
		// Fixed 1 MiB chunks (the setting): the second chunk is one in the middle of the file.
		await setChunkSize( dialog, 1 );
		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		const refused = proxy.log.filter( ( r ) => /"code":"stashfailed"/.test( r.answer || '' ) );
		expect( refused, 'the wiki refused the resent chunk' ).toHaveLength( 1 );
		expect( refused[ 0 ].answer ).toContain( 'Invalid chunk offset' );
		// No chunk twice in the file: it is byte for byte the local one.
		await expectLanded( file.name, file, fields );
	} );

	test( 'the answer to the publish request is lost after the wiki published: the dialog finds the file and counts it done, once', async ( { openPage } ) => {
		proxy.inject( { fault: { kind: 'drop-answer' }, times: 1, match: isCommit } );
		const page = await openPage( viaProxy() );
		const posts = recordApiPosts( page );
		const dialog = await openDialog( page );
		const file = makePdf( freshName( 'E2E-LostCommit', 'pdf' ), 30_000 );
		const { group, fields } = await pickWithFields( dialog, file );
		await clickUpload( dialog );
		await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 30000 } );
		expect( proxy.log.filter( ( r ) => r.fault === 'drop-answer' && /"result":"Success"/.test( r.answer || '' ) ), 'the wiki had published' ).toHaveLength( 1 );
		expect( posts.filter( ( p ) => p.multipart ), 'the bytes went once' ).toHaveLength( 1 );
		await expectLanded( file.name, file, fields );
		expect( await uploadLog( file.name ) ).toHaveLength( 1 );
		expect( await fileHistory( file.name ) ).toHaveLength( 1 );
	} );
} );
