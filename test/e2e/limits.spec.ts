/**
 * The wiki's size limit when the dialog's knowledge of it is out of date (issue 18): the tab kept
 * the wiki's upload settings from a few minutes ago (sessionStorage, src/index.ts), and the wiki
 * has lowered $wgMaxUploadSize since. MediaWiki answers a one-request upload above it with
 * `file-too-large`, and clamps a chunked upload's `filesize` with only a warning, assembling a
 * truncated file. Neither may end in a retry in chunks or a published truncated file.
 */
import { fileGroup } from './dialog';
import {
	clickUpload,
	expect,
	freshName,
	openDialog,
	pickFiles,
	recordApiPosts,
	startOverlayWiki,
	test,
	type OverlayWiki
} from './helpers';
import { fileOnWiki, makePdf } from './wiki';

const MiB = 1024 * 1024;
let overlay: OverlayWiki | undefined;

test.afterAll( () => {
	overlay?.stop();
	overlay = undefined;
} );

test( 'settings out of date: a file above the wiki\'s new limit is refused whole (one request) or at its first chunk, and nothing is published', async ( { openPage } ) => {
	overlay = await startOverlayWiki( 'limits', '' );
	const page = await openPage( { base: overlay.base } );
	// The dialog reads the wiki's settings (200 MB here) and the tab keeps them for a while. The
	// picker may show before they arrive (src/ui/App.tsx, pickerFirst), so wait until the tab has
	// kept them: a reload before that asks the wiki again and learns the new limit (CI, stop 23).
	await openDialog( page );
	await page.waitForFunction(
		() => Object.keys( sessionStorage ).some( ( key ) => key.startsWith( 'uploaddialog-site|' ) ),
		undefined,
		{ timeout: 30000 }
	);
	overlay.configure( '$wgMaxUploadSize = 2 * 1024 * 1024;' );
	await page.reload();
	const posts = recordApiPosts( page );
	const dialog = await openDialog( page );
	// 3 MiB goes in one request; 9 MiB in chunks (above the one-request size of 4 MiB).
	const whole = makePdf( freshName( 'E2E-Limit-Whole', 'pdf' ), 3 * MiB );
	const chunked = makePdf( freshName( 'E2E-Limit-Chunked', 'pdf' ), 9 * MiB );
	await pickFiles( dialog, whole, chunked );
	await clickUpload( dialog, 2 );
	for ( const file of [ whole, chunked ] ) {
		const alert = fileGroup( dialog, file.name ).getByRole( 'alert' );
		await expect( alert, `${ file.name } fails` ).toContainText( 'The file is larger than the wiki accepts.', { timeout: 60000 } );
		await expect( alert ).toContainText( 'Choose another file' );
		await expect( alert.getByRole( 'button', { name: 'Try again' } ), 'sending it again cannot help' ).toHaveCount( 0 );
	}
	const multipart = posts.filter( ( p ) => p.multipart );
	// One request for the whole file, one first chunk for the other: nothing sent again in
	// chunks, and no chunk after the one the wiki clamped.
	expect( multipart, 'upload requests' ).toHaveLength( 2 );
	expect( posts.filter( ( p ) => p.params?.get( 'filekey' ) ), 'no commit' ).toEqual( [] );
	for ( const file of [ whole, chunked ] ) {
		expect( ( await fileOnWiki( file.name ) ).exists, `${ file.name } is not on the wiki` ).toBe( false );
	}
} );
