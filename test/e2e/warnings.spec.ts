/**
 * Issue 8, warnings: every warning of action=upload, provoked on the real wiki, shown in the
 * dialog's panel, and each of its resolutions tried on the same page: three files meet the same
 * warning, and one is renamed (it lands under the new name), one cancelled (nothing is
 * published), one uploaded anyway (it lands as asked, overwriting only where the user chose
 * to). Where the wiki refuses to ignore a warning, the dialog does not offer it.
 */
import type { Locator, Page } from '@playwright/test';
import { makePdf, type TestFile } from './wiki';
import { fileGroup, fillFields } from './dialog';
import {
	clickUpload,
	copyAs,
	createPage,
	deleteFile,
	doneLink,
	expect,
	fileHistory,
	filesWithSha1,
	freshName,
	openDialog,
	pageText,
	pickFiles,
	screenshot,
	setChunkSize,
	test,
	uploadAs,
	warningsPanel,
	type PageOptions
} from './helpers';

interface Item {
	file: TestFile;
	/** The name the user asks for. */
	name: string;
}

/** Picks the files, gives each its name, uploads, and waits until every one waits for a choice. */
async function stashAll( openPage: ( o?: PageOptions ) => Promise<Page>, items: Item[], chunkMb?: number ) {
	const page = await openPage();
	const dialog = await openDialog( page );
	if ( chunkMb ) {
		await setChunkSize( dialog, chunkMb );
	}
	await pickFiles( dialog, ...items.map( ( i ) => i.file ) );
	const groups = items.map( ( i ) => fileGroup( dialog, i.file.name ) );
	for ( const [ n, item ] of items.entries() ) {
		await fillFields( groups[ n ], { name: item.name, comment: `e2e warning ${ item.file.name }`, text: `Warning test ${ item.file.name }` } );
	}
	await clickUpload( dialog, items.length );
	for ( const group of groups ) {
		await expect( warningsPanel( group ) ).toBeVisible( { timeout: 60000 } );
	}
	return { page, dialog, groups, panels: groups.map( warningsPanel ) };
}

/** A warning of the panel, by (the start of) its text. */
function warning( panel: Locator, text: string ): Locator {
	return panel.getByRole( 'listitem' ).filter( { hasText: text } ).first();
}

async function rename( group: Locator, name: string ): Promise<void> {
	const panel = warningsPanel( group );
	await panel.getByRole( 'textbox', { name: 'New name' } ).fill( name );
	await panel.getByRole( 'button', { name: 'Upload under the new name' } ).click();
}

async function ignore( group: Locator, button: 'Upload anyway' | 'Overwrite the existing file' = 'Upload anyway' ): Promise<void> {
	await warningsPanel( group ).getByRole( 'button', { name: button } ).click();
}

async function cancel( group: Locator ): Promise<void> {
	await warningsPanel( group ).getByRole( 'button', { name: 'Cancel this upload' } ).click();
	await expect( group ).toContainText( 'Cancelled. Nothing was published.' );
	await expect( warningsPanel( group ) ).toHaveCount( 0 );
}

async function expectDone( group: Locator, name: string ): Promise<void> {
	await expect( doneLink( group, name ) ).toBeVisible( { timeout: 30000 } );
}

/**
 * The story most warnings are tried with, one file a resolution: the first renamed (it lands under
 * the new name), the second cancelled, the third uploaded anyway (it lands under the name asked for).
 */
async function renameCancelIgnore( groups: Locator[], renamed: string, target: string, button?: 'Upload anyway' | 'Overwrite the existing file' ): Promise<void> {
	await rename( groups[ 0 ], renamed );
	await expectDone( groups[ 0 ], renamed );
	await cancel( groups[ 1 ] );
	await ignore( groups[ 2 ], button );
	await expectDone( groups[ 2 ], target );
}

/**
 * The warnings about content tell their story the other way round, since renaming does not
 * escape them: the first uploaded anyway under its own name, the second cancelled, and the third
 * renamed, which leaves it waiting at a warning again for the test to look at.
 */
async function ignoreCancelRename( groups: Locator[], asked: string, renamed: string ): Promise<void> {
	await ignore( groups[ 0 ] );
	await expectDone( groups[ 0 ], asked );
	await cancel( groups[ 1 ] );
	await rename( groups[ 2 ], renamed );
}

/** The wiki has exactly these versions of the file, newest first. */
async function expectVersions( name: string, files: TestFile[] ): Promise<void> {
	expect( ( await fileHistory( name ) ).map( ( v ) => v.sha1 ), `versions of ${ name }` ).toEqual( files.map( ( f ) => f.sha1 ) );
}

/** A cancelled file is nowhere on the wiki. */
async function expectNowhere( file: TestFile ): Promise<void> {
	expect( await filesWithSha1( file.sha1 ), `${ file.name } was published` ).toEqual( [] );
}

/**
 * What renameCancelIgnore leaves on the wiki: the first file alone under the new name, the third
 * on top of what the name already had (`older`), the second nowhere.
 */
async function expectRenamedCancelledIgnored( [ renamedFile, cancelledFile, ignoredFile ]: TestFile[], renamed: string, target: string, older: TestFile[] = [] ): Promise<void> {
	await expectVersions( renamed, [ renamedFile ] );
	await expectVersions( target, [ ignoredFile, ...older ] );
	await expectNowhere( cancelledFile );
}

function pdfs( prefix: string, count: number ): TestFile[] {
	return Array.from( { length: count }, ( _, n ) => makePdf( freshName( `${ prefix }${ n }`, 'pdf' ), 6000 + n ) );
}

test( 'exists: shown with a link to the file; rename, cancel and overwrite each do what they say', async ( { openPage } ) => {
	const target = freshName( 'E2E-Exists', 'pdf' );
	const original = makePdf( target, 6000 );
	await uploadAs( 'admin', original );
	const [ a, b, c ] = pdfs( 'E2E-ExistsNew', 3 );
	const { page, groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'A file with this name already exists:' ).getByRole( 'link', { name: `File:${ target }` } ) ).toBeVisible();
		await expect( panel.getByRole( 'button', { name: 'Overwrite the existing file' } ) ).toBeVisible();
	}
	await screenshot( page, 'warning-exists-three', panels[ 0 ] );
	await expectVersions( target, [ original ] );

	const renamed = freshName( 'E2E-ExistsRenamed', 'pdf' );
	await renameCancelIgnore( groups, renamed, target, 'Overwrite the existing file' );

	await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target, [ original ] );
} );

test( 'nochange: cannot be ignored; renaming meets the duplicate warning, which can be; cancel publishes nothing', async ( { openPage } ) => {
	const target = freshName( 'E2E-NoChange', 'pdf' );
	const original = makePdf( target, 6000 );
	await uploadAs( 'admin', original );
	const copies = [ 0, 1, 2 ].map( ( n ) => copyAs( original, freshName( `E2E-NoChangeCopy${ n }`, 'pdf' ) ) );
	const { page, groups, panels } = await stashAll( openPage, copies.map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'A file with this name already exists:' ) ).toBeVisible();
		await expect( warning( panel, 'The file is identical to the current version' ) ).toContainText( 'version of' );
		// The wiki refuses identical content over the current version whatever the client says.
		await expect( panel.getByRole( 'button', { name: /Overwrite|Upload anyway/ } ) ).toHaveCount( 0 );
		await expect( panel ).toContainText( 'This cannot be ignored: rename the file or cancel.' );
	}
	await screenshot( page, 'warning-nochange', panels[ 0 ] );

	const renamed = freshName( 'E2E-NoChangeRenamed', 'pdf' );
	await rename( groups[ 0 ], renamed );
	// Under the new name the same bytes are a duplicate of the existing file: a new choice.
	await expect( warning( panels[ 0 ], 'This file is a duplicate of this file:' ).getByRole( 'link', { name: `File:${ target }` } ) ).toBeVisible();
	await ignore( groups[ 0 ] );
	await expectDone( groups[ 0 ], renamed );
	await cancel( groups[ 1 ] );
	const renamed2 = freshName( 'E2E-NoChangeRenamed2', 'pdf' );
	await rename( groups[ 2 ], renamed2 );
	// Now a duplicate of two files: both are listed.
	const duplicates = warning( panels[ 2 ], 'This file is a duplicate of these files:' );
	await expect( duplicates.getByRole( 'link', { name: `File:${ target }` } ) ).toBeVisible();
	await expect( duplicates.getByRole( 'link', { name: `File:${ renamed }` } ) ).toBeVisible();
	await cancel( groups[ 2 ] );

	await expectVersions( target, [ original ] );
	await expectVersions( renamed, [ original ] );
	await expectVersions( renamed2, [] );
} );

test( 'duplicateversions: shown with the old version\'s date; rename, cancel and overwrite', async ( { openPage } ) => {
	const target = freshName( 'E2E-DupVer', 'pdf' );
	const first = makePdf( target, 6000 );
	const second = makePdf( freshName( 'E2E-DupVerSecond', 'pdf' ), 6000 );
	await uploadAs( 'admin', first, target );
	await uploadAs( 'admin', second, target );
	const copies = [ 0, 1, 2 ].map( ( n ) => copyAs( first, freshName( `E2E-DupVerCopy${ n }`, 'pdf' ) ) );
	const { groups, panels } = await stashAll( openPage, copies.map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'A file with this name already exists:' ) ).toBeVisible();
	}

	// An old version is not a current file: under a new name there is no warning left.
	const renamed = freshName( 'E2E-DupVerRenamed', 'pdf' );
	await rename( groups[ 0 ], renamed );
	await expectDone( groups[ 0 ], renamed );
	await cancel( groups[ 1 ] );
	// The name's check (before sending) knows only the current version: choosing to overwrite
	// sends the file, and the wiki's answer adds duplicateversions, which is asked about then.
	const older = warning( panels[ 2 ], 'The file is identical to an older version of the existing file.' );
	if ( !await older.isVisible() ) {
		await ignore( groups[ 2 ], 'Overwrite the existing file' );
	}
	await expect( older ).toContainText( /version of \S/, { timeout: 30000 } );
	await ignore( groups[ 2 ], 'Overwrite the existing file' );
	await expectDone( groups[ 2 ], target );

	await expectVersions( renamed, [ first ] );
	await expectVersions( target, [ first, second, first ] );
} );

test( 'was-deleted: shown with the deletion log; rename, cancel and upload anyway', async ( { openPage } ) => {
	const target = freshName( 'E2E-WasDeleted', 'pdf' );
	await uploadAs( 'admin', makePdf( target, 6000 ) );
	await deleteFile( target );
	const [ a, b, c ] = pdfs( 'E2E-WasDeletedNew', 3 );
	const { groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		const item = warning( panel, 'A file with this name was deleted before.' );
		await expect( item.getByRole( 'link', { name: `File:${ target }` } ) ).toBeVisible();
		await expect( item.getByRole( 'link', { name: 'deletion log' } ) ).toHaveAttribute( 'href', /Special:Log.*type=delete/ );
		await expect( panel.getByRole( 'button', { name: 'Upload anyway' } ) ).toBeVisible();
	}
	const renamed = freshName( 'E2E-WasDeletedRenamed', 'pdf' );
	await renameCancelIgnore( groups, renamed, target );

	await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target );
} );

test( 'duplicate: shown with the files it duplicates; upload anyway, cancel, and rename (which meets it again)', async ( { openPage } ) => {
	const existing = makePdf( freshName( 'E2E-DupOrig', 'pdf' ), 6000 );
	await uploadAs( 'admin', existing );
	const copies = [ 0, 1, 2 ].map( ( n ) => copyAs( existing, freshName( `E2E-DupCopy${ n }`, 'pdf' ) ) );
	const { groups, panels } = await stashAll( openPage, copies.map( ( file ) => ( { file, name: file.name } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'This file is a duplicate of this file:' ).getByRole( 'link', { name: `File:${ existing.name }` } ) ).toBeVisible();
		await expect( panel.getByRole( 'button', { name: 'Upload anyway' } ) ).toBeVisible();
	}
	const renamed = freshName( 'E2E-DupRenamed', 'pdf' );
	await ignoreCancelRename( groups, copies[ 0 ].name, renamed );
	const again = warning( panels[ 2 ], 'This file is a duplicate of these files:' );
	await expect( again.getByRole( 'link', { name: `File:${ existing.name }` } ) ).toBeVisible();
	await expect( again.getByRole( 'link', { name: `File:${ copies[ 0 ].name }` } ) ).toBeVisible();
	await ignore( groups[ 2 ] );
	await expectDone( groups[ 2 ], renamed );

	await expectVersions( existing.name, [ existing ] );
	expect( ( await filesWithSha1( existing.sha1 ) ).sort() ).toEqual( [ existing.name, copies[ 0 ].name, renamed ].sort() );
} );

test( 'duplicate-archive: shown with the deleted file and its log; upload anyway, cancel, rename', async ( { openPage } ) => {
	const deleted = makePdf( freshName( 'E2E-DupArch', 'pdf' ), 6000 );
	await uploadAs( 'admin', deleted );
	await deleteFile( deleted.name );
	const copies = [ 0, 1, 2 ].map( ( n ) => copyAs( deleted, freshName( `E2E-DupArchCopy${ n }`, 'pdf' ) ) );
	const { groups, panels } = await stashAll( openPage, copies.map( ( file ) => ( { file, name: file.name } ) ) );
	for ( const panel of panels ) {
		const item = warning( panel, 'This file is identical to a file that was deleted:' );
		await expect( item.getByRole( 'link', { name: `File:${ deleted.name }` } ) ).toBeVisible();
		await expect( item.getByRole( 'link', { name: 'deletion log' } ) ).toBeVisible();
	}
	const renamed = freshName( 'E2E-DupArchRenamed', 'pdf' );
	await ignoreCancelRename( groups, copies[ 0 ].name, renamed );
	// Both warnings about the content now: the deleted file, and the copy just published.
	await expect( warning( panels[ 2 ], 'This file is identical to a file that was deleted:' ) ).toBeVisible();
	await expect( warning( panels[ 2 ], 'This file is a duplicate of this file:' ).getByRole( 'link', { name: `File:${ copies[ 0 ].name }` } ) ).toBeVisible();
	await ignore( groups[ 2 ] );
	await expectDone( groups[ 2 ], renamed );

	expect( ( await filesWithSha1( deleted.sha1 ) ).sort() ).toEqual( [ copies[ 0 ].name, renamed ].sort() );
} );

test( 'badfilename: the wiki\'s name is suggested; take it, upload anyway (lands under it), or cancel', async ( { openPage } ) => {
	const id = freshName( 'E2E-Bad', 'x' ).slice( 0, -2 );
	const [ a, b, c ] = pdfs( 'E2E-BadFile', 3 );
	const asked = [ `${ id }:a/1.pdf`, `${ id }:b/2.pdf`, `${ id }:c/3.pdf` ];
	const wikiNames = [ `${ id }-a-1.pdf`, `${ id }-b-2.pdf`, `${ id }-c-3.pdf` ];
	const { page, groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file, n ) => ( { file, name: asked[ n ] } ) ) );
	for ( const [ n, panel ] of panels.entries() ) {
		await expect( warning( panel, 'The name is not allowed as it is. The wiki would use this name instead:' ) ).toContainText( wikiNames[ n ] );
	}
	await screenshot( page, 'warning-badfilename', panels[ 0 ] );
	await panels[ 0 ].getByRole( 'button', { name: 'Use the suggested name' } ).click();
	await expect( panels[ 0 ].getByRole( 'textbox', { name: 'New name' } ) ).toHaveValue( wikiNames[ 0 ] );
	await panels[ 0 ].getByRole( 'button', { name: 'Upload under the new name' } ).click();
	await expectDone( groups[ 0 ], wikiNames[ 0 ] );
	// Ignored, the file lands under the wiki's own form of the name, and the dialog says which.
	await ignore( groups[ 1 ] );
	await expectDone( groups[ 1 ], wikiNames[ 1 ] );
	await cancel( groups[ 2 ] );

	await expectVersions( wikiNames[ 0 ], [ a ] );
	await expectVersions( wikiNames[ 1 ], [ b ] );
	await expectNowhere( c );
} );

test( 'page-exists: a description page without a file; rename, cancel, upload anyway (the page keeps its text)', async ( { openPage } ) => {
	const target = freshName( 'E2E-PageExists', 'pdf' );
	await createPage( `File:${ target }`, 'A description page written before any file.' );
	const [ a, b, c ] = pdfs( 'E2E-PageExistsNew', 3 );
	const { groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'A description page with this name exists, but no file:' ).getByRole( 'link', { name: `File:${ target }` } ) ).toBeVisible();
	}
	const renamed = freshName( 'E2E-PageExistsRenamed', 'pdf' );
	await renameCancelIgnore( groups, renamed, target );

	await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target );
	expect( ( await pageText( `File:${ target }` ) ).trim() ).toBe( 'A description page written before any file.' );
} );

test( 'exists-normalized: the same name with another spelling of the extension; rename, cancel, upload anyway', async ( { openPage } ) => {
	const existing = makePdf( freshName( 'E2E-Norm', 'pdf' ), 6000 );
	await uploadAs( 'admin', existing );
	const target = existing.name.replace( /\.pdf$/, '.PDF' );
	const [ a, b, c ] = pdfs( 'E2E-NormNew', 3 );
	const { groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		await expect( warning( panel, 'A file with nearly the same name exists' ).getByRole( 'link', { name: `File:${ existing.name }` } ) ).toBeVisible();
	}
	const renamed = freshName( 'E2E-NormRenamed', 'pdf' );
	await renameCancelIgnore( groups, renamed, target );

	await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target );
	await expectVersions( existing.name, [ existing ] );
} );

test( 'thumb: a name like a thumbnail of an existing file links that file; rename, cancel, upload anyway', async ( { openPage } ) => {
	const existing = makePdf( freshName( 'E2E-ThumbOf', 'pdf' ), 6000 );
	await uploadAs( 'admin', existing );
	const target = `180px-${ existing.name }`;
	const [ a, b, c ] = pdfs( 'E2E-ThumbNew', 3 );
	const { groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
	for ( const panel of panels ) {
		const item = warning( panel, 'The name looks like a thumbnail of an existing file:' );
		// The link goes to the file it looks like a thumbnail of, not to the name asked for.
		await expect( item.getByRole( 'link', { name: `File:${ existing.name }` } ) ).toBeVisible();
		await expect( item.getByRole( 'link', { name: `File:${ target }` } ) ).toHaveCount( 0 );
	}
	const renamed = freshName( 'E2E-ThumbRenamed', 'pdf' );
	await renameCancelIgnore( groups, renamed, target );

	await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target );
} );

for ( const [ key, prefix, text ] of [
	[ 'thumb-name', '180px-', 'The name looks like a thumbnail\'s' ],
	[ 'bad-prefix', 'DSC_', 'The name begins with a camera\'s automatic prefix.' ]
] as const ) {
	test( `${ key }: a name that says nothing; rename, cancel, upload anyway`, async ( { openPage } ) => {
		const target = `${ prefix }${ freshName( 'E2E-Name', 'pdf' ) }`;
		const [ a, b, c ] = pdfs( `E2E-${ key }`, 3 );
		const { groups, panels } = await stashAll( openPage, [ a, b, c ].map( ( file ) => ( { file, name: target } ) ) );
		for ( const panel of panels ) {
			const item = warning( panel, text );
			await expect( item ).toBeVisible();
			// About the name itself: no link to a file page that does not exist.
			await expect( item.getByRole( 'link' ) ).toHaveCount( 0 );
		}
		const renamed = freshName( `E2E-${ key }-Renamed`, 'pdf' );
		await renameCancelIgnore( groups, renamed, target );

		await expectRenamedCancelledIgnored( [ a, b, c ], renamed, target );
	} );
}

test( 'several warnings at once (badfilename, exists, duplicate on a chunked file) are shown together', async ( { openPage } ) => {
	const id = freshName( 'E2E-Several', 'x' ).slice( 0, -2 );
	const existing = makePdf( `${ id }-a.pdf`, 6000 );
	await uploadAs( 'admin', existing );
	const other = makePdf( freshName( 'E2E-SeveralOther', 'pdf' ), 3 * 1024 * 1024 );
	await uploadAs( 'admin', other );
	const copy = copyAs( other, freshName( 'E2E-SeveralCopy', 'pdf' ) );
	// "<id>:a.pdf" is not a valid name; the wiki's form of it, "<id>-a.pdf", is the existing file.
	const { page, groups, panels } = await stashAll( openPage, [ { file: copy, name: `${ id }:a.pdf` } ], 1 );
	await expect( warning( panels[ 0 ], 'The name is not allowed as it is.' ) ).toContainText( existing.name );
	await expect( warning( panels[ 0 ], 'A file with this name already exists:' ).getByRole( 'link', { name: `File:${ existing.name }` } ) ).toBeVisible();
	await expect( warning( panels[ 0 ], 'This file is a duplicate of this file:' ).getByRole( 'link', { name: `File:${ other.name }` } ) ).toBeVisible();
	await screenshot( page, 'warnings-several', panels[ 0 ] );
	await ignore( groups[ 0 ], 'Overwrite the existing file' );
	await expectDone( groups[ 0 ], existing.name );

	await expectVersions( existing.name, [ copy, existing ] );
	await expectVersions( other.name, [ other ] );
} );
