/**
 * Many files at once, rendered with Preact into happy-dom over a real UploadQueue and the fake
 * wiki: fields and a name pattern for all files, folded cards in a long list, moving files,
 * pausing, cancelling and retrying the whole list, and the summary with its copy button.
 */
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UploadQueue } from '../../src/upload/queue';
import { EXPANDED_UP_TO } from '../../src/ui/App';
import { SEND_AFTER_MS } from '../../src/ui/BatchPanel';
import { apiError, makeFile } from './fakeApi';
import { buttonNamed as button, choose, click, groups, renderLoadedApp, root, text, tick, type, until, useContainer } from './renderApp';

useContainer();

async function select( field: Element | null, value: string ): Promise<void> {
	expect( field ).toBeTruthy();
	await act( () => {
		( field as HTMLSelectElement ).value = value;
		field?.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
}

async function blur( field: Element | null ): Promise<void> {
	await act( () => {
		field?.dispatchEvent( new FocusEvent( 'blur' ) );
	} );
}

function group( label: string ): HTMLElement {
	const found = groups().find( ( g ) => g.getAttribute( 'aria-label' ) === `File ${ label }` );
	expect( found, label ).toBeTruthy();
	return found as HTMLElement;
}

/** The control a label names, inside `within`. */
function labelled( label: string, within: Element = root ): HTMLInputElement | null {
	const element = Array.from( within.querySelectorAll( 'label' ) ).find( ( l ) => l.textContent === label );
	return element ? within.querySelector<HTMLInputElement>( `[id="${ element.htmlFor }"]` ) : null;
}

function panel(): HTMLElement {
	const found = root.querySelector<HTMLElement>( 'section[aria-labelledby="uploaddialog-batch-heading"]' );
	expect( found ).toBeTruthy();
	return found as HTMLElement;
}

function previewNames(): string[] {
	return Array.from( root.querySelectorAll( '.uploaddialog-preview-list li .uploaddialog-preview-name' ) ).map( ( n ) => n.textContent || '' );
}

const names = ( queue: UploadQueue ) => queue.getState().items.map( ( i ) => i.label );

describe( 'fields for all files', () => {
	it( 'appears with two files, not with one', async () => {
		await renderLoadedApp();
		await choose( [ makeFile( 'One.pdf', 100 ) ] );
		expect( root.querySelector( '.uploaddialog-batch' ) ).toBeNull();
		await choose( [ makeFile( 'Two.pdf', 100 ) ] );
		expect( panel().querySelector( 'h3' )?.textContent ).toBe( 'For all files' );
		// The same labels as a file's own fields.
		[ 'Description page text', 'Summary', 'Tags (comma-separated)', 'Watchlist', 'Name pattern' ]
			.forEach( ( label ) => expect( labelled( label, panel() ), label ).toBeTruthy() );
	} );

	it( 'reach every file after a pause in typing, except a field set for one file alone', async () => {
		const { queue, wiki } = await renderLoadedApp();
		await choose( [ makeFile( 'A.pdf', 100, 1 ), makeFile( 'B.pdf', 100, 2 ), makeFile( 'C.pdf', 100, 3 ) ] );
		await type( labelled( 'Summary', group( 'B.pdf' ) ), 'Only B' );

		await type( labelled( 'Summary', panel() ), 'Shared summary' );
		// A keystroke stays in the panel: no card is rendered again for it.
		expect( queue.getState().items.map( ( i ) => i.fields.comment ) ).toEqual( [ '', 'Only B', '' ] );
		expect( labelled( 'Summary', panel() )?.value ).toBe( 'Shared summary' );
		await tick( SEND_AFTER_MS + 50 );
		expect( queue.getState().items.map( ( i ) => i.fields.comment ) ).toEqual( [ 'Shared summary', 'Only B', 'Shared summary' ] );
		expect( labelled( 'Summary', group( 'A.pdf' ) )?.value ).toBe( 'Shared summary' );
		expect( labelled( 'Summary', group( 'B.pdf' ) )?.value ).toBe( 'Only B' );
		// B's summary is marked as its own, and says so to screen readers.
		const own = group( 'B.pdf' ).querySelector( '.uploaddialog-own' );
		expect( own?.textContent ).toBe( 'own value' );
		expect( labelled( 'Summary', group( 'B.pdf' ) )?.getAttribute( 'aria-describedby' ) ).toBe( own?.id );
		expect( group( 'A.pdf' ).querySelector( '.uploaddialog-own' ) ).toBeNull();

		// Leaving the field sends at once.
		await type( labelled( 'Description page text', panel() ), '== Summary ==\nShared text' );
		await blur( labelled( 'Description page text', panel() ) );
		expect( queue.getState().items.map( ( i ) => i.fields.text ) ).toEqual( [ '== Summary ==\nShared text', '== Summary ==\nShared text', '== Summary ==\nShared text' ] );
		await type( labelled( 'Tags (comma-separated)', panel() ), 'batch-tag' );
		await blur( labelled( 'Tags (comma-separated)', panel() ) );

		// A choice is sent at once; the watch period appears with "watch", as on a file's card.
		expect( labelled( 'Watch for', panel() ) ).toBeNull();
		await select( labelled( 'Watchlist', panel() ), 'watch' );
		await select( labelled( 'Watch for', panel() ), '1 week' );
		expect( queue.getState().items.map( ( i ) => [ i.fields.watchlist, i.fields.watchlistExpiry ] ) )
			.toEqual( [ [ 'watch', '1 week' ], [ 'watch', '1 week' ], [ 'watch', '1 week' ] ] );

		// A file added later takes them too.
		await choose( [ makeFile( 'D.pdf', 100, 4 ) ] );
		expect( labelled( 'Summary', group( 'D.pdf' ) )?.value ).toBe( 'Shared summary' );

		await click( button( 'Upload 4 files' ) );
		await until( () => !queue.isBusy() && wiki.commits().length === 4, 'the uploads' );
		const commits = new Map( wiki.commits().map( ( c ) => [ c.filename, c ] ) );
		expect( commits.get( 'A.pdf' ) ).toMatchObject( { comment: 'Shared summary', text: '== Summary ==\nShared text', tags: [ 'batch-tag' ], watchlist: 'watch', watchlistexpiry: '1 week' } );
		expect( commits.get( 'B.pdf' ) ).toMatchObject( { comment: 'Only B', text: '== Summary ==\nShared text' } );
		expect( commits.get( 'D.pdf' ) ).toMatchObject( { comment: 'Shared summary', tags: [ 'batch-tag' ] } );
	} );

	it( 'sends what was typed when the panel goes away', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'A.pdf', 100, 1 ), makeFile( 'B.pdf', 100, 2 ) ] );
		await type( labelled( 'Summary', panel() ), 'Typed, then the file was removed' );
		await click( button( 'Remove', group( 'B.pdf' ) ) );
		expect( root.querySelector( '.uploaddialog-batch' ) ).toBeNull();
		expect( queue.getState().batch.fields.comment ).toBe( 'Typed, then the file was removed' );
		expect( queue.getState().items[ 0 ].fields.comment ).toBe( 'Typed, then the file was removed' );
	} );
} );

describe( 'the name pattern', () => {
	it( 'previews every name after a pause in typing, and names the files', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'IMG_1.jpg', 100, 1 ), makeFile( 'IMG_2.JPG', 100, 2 ), makeFile( 'scan.pdf', 100, 3 ) ] );
		const field = labelled( 'Name pattern', panel() );
		expect( field?.getAttribute( 'aria-describedby' ) ).toContain( 'uploaddialog-pattern-help' );
		expect( text() ).toContain( '$n is the file\'s place in the list' );
		expect( root.querySelector( '.uploaddialog-preview-list' ) ).toBeNull();

		await type( field, 'Trip 2026 - $n' );
		// A keystroke: neither the preview nor the files change yet.
		expect( root.querySelector( '.uploaddialog-preview-list' ) ).toBeNull();
		expect( queue.getState().items[ 0 ].fields.filename ).toBe( 'IMG_1.jpg' );
		await tick( SEND_AFTER_MS + 50 );
		expect( previewNames() ).toEqual( [ 'Trip 2026 - 1.jpg', 'Trip 2026 - 2.JPG', 'Trip 2026 - 3.pdf' ] );
		expect( root.querySelector( '.uploaddialog-preview-list' )?.getAttribute( 'aria-label' ) ).toBe( 'Names the pattern gives' );
		expect( root.querySelector( '.uploaddialog-preview-list li' )?.textContent ).toContain( 'from IMG_1.jpg' );
		expect( root.querySelector( '.uploaddialog-preview .uploaddialog-error-text' ) ).toBeNull();
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Trip 2026 - 1.jpg', 'Trip 2026 - 2.JPG', 'Trip 2026 - 3.pdf' ] );
		expect( labelled( 'Name on the wiki', group( 'IMG_2.JPG' ) )?.value ).toBe( 'Trip 2026 - 2.JPG' );

		// An empty pattern gives each file its own name back.
		await type( field, '' );
		await blur( field );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'IMG_1.jpg', 'IMG_2.JPG', 'scan.pdf' ] );
		expect( root.querySelector( '.uploaddialog-preview-list' ) ).toBeNull();
	} );

	it( 'flags names that several files would get, and a pattern of spaces', async () => {
		await renderLoadedApp();
		await choose( [ makeFile( 'a.jpg', 100, 1 ), makeFile( 'b.jpg', 100, 2 ), makeFile( 'c.png', 100, 3 ) ] );
		const field = labelled( 'Name pattern', panel() );
		await type( field, 'Trip' );
		await blur( field );
		expect( previewNames() ).toEqual( [ 'Trip.jpg', 'Trip.jpg', 'Trip.png' ] );
		expect( root.querySelector( '.uploaddialog-preview .uploaddialog-error-text' )?.textContent )
			.toBe( '2 files get a name that another file gets too. Put $n into the pattern so that every file gets a name of its own.' );
		const rows = Array.from( root.querySelectorAll( '.uploaddialog-preview-list li' ) );
		expect( rows.map( ( r ) => r.classList.contains( 'is-duplicate' ) ) ).toEqual( [ true, true, false ] );
		expect( rows[ 0 ].textContent ).toContain( 'same name as no. 2' );
		expect( rows[ 1 ].textContent ).toContain( 'same name as no. 1' );

		await type( field, '   ' );
		await blur( field );
		expect( root.querySelector( '.uploaddialog-preview .uploaddialog-error-text' )?.textContent )
			.toBe( 'The pattern gives no name. Type a pattern such as “Trip 2026 - $n”, or clear the field to keep each file\'s own name.' );
		expect( root.querySelector( '.uploaddialog-preview-list' ) ).toBeNull();
	} );

	it( 'leaves a name typed for one file alone, and says so; $n follows a move', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'a.jpg', 100, 1 ), makeFile( 'b.jpg', 100, 2 ), makeFile( 'c.jpg', 100, 3 ) ] );
		await type( labelled( 'Name on the wiki', group( 'b.jpg' ) ), 'Mine.jpg' );
		const field = labelled( 'Name pattern', panel() );
		await type( field, 'Walk $n' );
		await blur( field );
		expect( previewNames() ).toEqual( [ 'Walk 1.jpg', 'Mine.jpg', 'Walk 3.jpg' ] );
		expect( root.querySelectorAll( '.uploaddialog-preview-list li' )[ 1 ].textContent ).toContain( 'keeps this name' );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Walk 1.jpg', 'Mine.jpg', 'Walk 3.jpg' ] );

		await click( button( 'Move up', group( 'c.jpg' ) ) );
		expect( names( queue ) ).toEqual( [ 'a.jpg', 'c.jpg', 'b.jpg' ] );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Walk 1.jpg', 'Walk 2.jpg', 'Mine.jpg' ] );
		expect( previewNames() ).toEqual( [ 'Walk 1.jpg', 'Walk 2.jpg', 'Mine.jpg' ] );
	} );
} );

describe( 'a long list', () => {
	it( `shows every card open up to ${ EXPANDED_UP_TO } files`, async () => {
		await renderLoadedApp();
		await choose( Array.from( { length: EXPANDED_UP_TO }, ( _x, i ) => makeFile( `F${ i }.pdf`, 100, i ) ) );
		expect( groups() ).toHaveLength( EXPANDED_UP_TO );
		groups().forEach( ( g ) => {
			expect( labelled( 'Name on the wiki', g ) ).toBeTruthy();
			expect( button( 'Edit', g )?.getAttribute( 'aria-expanded' ) ).toBe( 'true' );
		} );
	} );

	it( 'folds the cards above that; Edit opens and folds one, with aria-expanded', async () => {
		const { queue } = await renderLoadedApp();
		await choose( Array.from( { length: EXPANDED_UP_TO + 1 }, ( _x, i ) => makeFile( `F${ i }.pdf`, 100 + i, i ) ) );
		groups().forEach( ( g ) => {
			expect( g.classList.contains( 'is-compact' ) ).toBe( true );
			expect( g.querySelector( 'input, textarea, select' ) ).toBeNull();
		} );
		// Folded: name, size, target name, state and actions.
		const card = group( 'F2.pdf' );
		expect( card.querySelector( '.uploaddialog-file-label' )?.textContent ).toBe( 'F2.pdf' );
		expect( card.querySelector( '.uploaddialog-file-size' )?.textContent ).toBe( '102 bytes' );
		expect( card.querySelector( '.uploaddialog-file-target' )?.textContent ).toBe( 'On the wiki: F2.pdf' );
		expect( card.textContent ).toContain( 'Ready to upload' );
		expect( button( 'Remove', card ) ).toBeTruthy();

		const edit = button( 'Edit', card ) as HTMLButtonElement;
		expect( edit.getAttribute( 'aria-expanded' ) ).toBe( 'false' );
		expect( edit.hasAttribute( 'aria-controls' ) ).toBe( false );
		await click( edit );
		expect( edit.getAttribute( 'aria-expanded' ) ).toBe( 'true' );
		const fields = document.getElementById( edit.getAttribute( 'aria-controls' ) as string );
		expect( fields && card.contains( fields ) ).toBe( true );
		await type( labelled( 'Name on the wiki', card ), 'Renamed.pdf' );
		expect( queue.getState().items[ 2 ].fields.filename ).toBe( 'Renamed.pdf' );
		expect( group( 'F3.pdf' ).querySelector( 'input' ) ).toBeNull();

		await click( edit );
		expect( edit.getAttribute( 'aria-expanded' ) ).toBe( 'false' );
		expect( card.querySelector( 'input' ) ).toBeNull();
		expect( card.querySelector( '.uploaddialog-file-target' )?.textContent ).toBe( 'On the wiki: Renamed.pdf' );
		// Its name was set for it alone: the folded card says so.
		expect( card.querySelector( '.uploaddialog-own' )?.textContent ).toBe( 'own value' );
	} );

	it( 'keeps a card open while it is typed in and the list grows long', async () => {
		await renderLoadedApp();
		await choose( Array.from( { length: EXPANDED_UP_TO }, ( _x, i ) => makeFile( `F${ i }.pdf`, 100, i ) ) );
		const summary = labelled( 'Summary', group( 'F2.pdf' ) ) as HTMLInputElement;
		summary.focus();
		await type( summary, 'Typing' );
		await choose( [ makeFile( 'Pasted.pdf', 100, 9 ) ] );
		await tick();
		expect( group( 'F2.pdf' ).classList.contains( 'is-compact' ) ).toBe( false );
		expect( labelled( 'Summary', group( 'F2.pdf' ) ) ).toBe( summary );
		expect( group( 'F1.pdf' ).classList.contains( 'is-compact' ) ).toBe( true );
	} );

	it( 'opens a folded card whose failure asks for another name', async () => {
		const { queue } = await renderLoadedApp();
		await choose( Array.from( { length: EXPANDED_UP_TO + 1 }, ( _x, i ) => makeFile( `F${ i }.pdf`, 100, i ) ) );
		await act( () => queue.updateFields( queue.getState().items[ 3 ].id, { filename: '' } ) );
		await click( button( `Upload ${ EXPANDED_UP_TO + 1 } files` ) );
		await until( () => !queue.isBusy(), 'the run' );
		expect( queue.getState().items[ 3 ].status.state ).toBe( 'failed' );
		expect( labelled( 'Name on the wiki', group( 'F3.pdf' ) ) ).toBeTruthy();
		expect( button( 'Edit', group( 'F3.pdf' ) )?.getAttribute( 'aria-expanded' ) ).toBe( 'true' );
		expect( group( 'F2.pdf' ).classList.contains( 'is-compact' ) ).toBe( true );
	} );

	it( 'renders a card again only when its file changed', async () => {
		const { queue } = await renderLoadedApp();
		await choose( Array.from( { length: 8 }, ( _x, i ) => makeFile( `F${ i }.pdf`, 100, i ) ) );
		// Each card asks for its group's name once per render: count who renders.
		const message = vi.spyOn( mw, 'message' );
		const cardRenders = () => message.mock.calls.filter( ( c ) => c[ 0 ] === 'uploaddialog-file-group' ).length;
		try {
			await act( () => queue.updateFields( queue.getState().items[ 1 ].id, { filename: 'Other.pdf' } ) );
			expect( cardRenders() ).toBe( 1 );
			expect( group( 'F1.pdf' ).querySelector( '.uploaddialog-file-target' )?.textContent ).toBe( 'On the wiki: Other.pdf' );
			// Typing in the batch panel renders no card until the value is sent.
			await type( labelled( 'Summary', panel() ), 'For all' );
			expect( cardRenders() ).toBe( 1 );
			await tick( SEND_AFTER_MS + 50 );
			expect( cardRenders() ).toBe( 9 );
		} finally {
			message.mockRestore();
		}
	} );

	it( 'moves a file up and down; the ends cannot go further; the focus stays on the button', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'A.pdf', 100, 1 ), makeFile( 'B.pdf', 100, 2 ), makeFile( 'C.pdf', 100, 3 ) ] );
		expect( button( 'Move up', group( 'A.pdf' ) )?.disabled ).toBe( true );
		expect( button( 'Move down', group( 'C.pdf' ) )?.disabled ).toBe( true );
		expect( button( 'Move up', group( 'A.pdf' ) )?.getAttribute( 'title' ) ).toBe( 'Move up' );

		const down = button( 'Move down', group( 'A.pdf' ) ) as HTMLButtonElement;
		down.focus();
		await click( down );
		expect( names( queue ) ).toEqual( [ 'B.pdf', 'A.pdf', 'C.pdf' ] );
		expect( groups().map( ( g ) => g.getAttribute( 'aria-label' ) ) ).toEqual( [ 'File B.pdf', 'File A.pdf', 'File C.pdf' ] );
		await tick();
		expect( document.activeElement ).toBe( button( 'Move down', group( 'A.pdf' ) ) );

		// At the end, the focus goes to the other button of the same card.
		await click( button( 'Move down', group( 'A.pdf' ) ) );
		await tick();
		expect( names( queue ) ).toEqual( [ 'B.pdf', 'C.pdf', 'A.pdf' ] );
		expect( button( 'Move down', group( 'A.pdf' ) )?.disabled ).toBe( true );
		expect( document.activeElement ).toBe( button( 'Move up', group( 'A.pdf' ) ) );

		await click( button( 'Move up', group( 'C.pdf' ) ) );
		expect( names( queue ) ).toEqual( [ 'C.pdf', 'B.pdf', 'A.pdf' ] );
		expect( button( 'Move up', group( 'C.pdf' ) )?.disabled ).toBe( true );
		expect( button( 'Move up', group( 'B.pdf' ) )?.disabled ).toBe( false );
	} );
} );

describe( 'the whole list at once', () => {
	/** Chunked uploads (5000 bytes in 1024-byte chunks) whose first requests wait. */
	async function running( count: number ) {
		const setup = await renderLoadedApp();
		const releases = Array.from( { length: count }, ( _x, i ) => setup.wiki.holdAt( i + 1 ) );
		setup.queue.setChunkSize( 1024 );
		await choose( Array.from( { length: count }, ( _x, i ) => makeFile( `Big${ i }.pdf`, 5000, i + 1 ) ) );
		await click( button( `Upload ${ count } files` ) );
		await until( () => setup.queue.getState().items.every( ( i ) => i.status.state === 'sending' ), 'the uploads to start' );
		return { ...setup, releases };
	}

	it( 'Pause all holds the list and pauses the chunked uploads; Resume all goes on', async () => {
		const { queue, wiki } = await running( 2 );
		expect( button( 'Resume all' ) ).toBeUndefined();
		expect( root.querySelector( '.uploaddialog-summary' ) ).toBeNull();
		await click( button( 'Pause all' ) );
		expect( queue.getState().held ).toBe( true );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'paused', 'paused' ] );
		expect( button( 'Pause all' ) ).toBeUndefined();
		expect( button( 'Cancel all' ) ).toBeTruthy();

		await click( button( 'Resume all' ) );
		expect( queue.getState().held ).toBe( false );
		await until( () => queue.getState().items.every( ( i ) => i.status.state === 'done' ), 'the uploads' );
		expect( wiki.published.size ).toBe( 2 );
		expect( button( 'Resume all' ) ).toBeUndefined();
		expect( button( 'Cancel all' ) ).toBeUndefined();
	} );

	it( 'while Pause all holds the list, a waiting file says it waits for Resume all', async () => {
		const { queue, wiki } = await renderLoadedApp();
		// The first file's first chunk waits: it is still on its way when Pause all is clicked.
		wiki.holdAt( 1 );
		queue.setChunkSize( 1024 );
		queue.setParallel( 1 );
		await choose( [ makeFile( 'First.pdf', 5000, 1 ), makeFile( 'Second.pdf', 5000, 2 ) ] );
		await click( button( 'Upload 2 files' ) );
		await until( () => queue.getState().items[ 0 ].status.state === 'sending', 'the first upload to start' );
		expect( group( 'Second.pdf' ).textContent ).toContain( 'Waiting for its turn' );
		await click( button( 'Pause all' ) );
		expect( queue.getState().items[ 1 ].status.state ).toBe( 'queued' );
		expect( group( 'Second.pdf' ).textContent ).toContain( 'Held until you choose “Resume all”' );
		expect( group( 'Second.pdf' ).textContent ).not.toContain( 'Waiting for its turn' );
		await click( button( 'Resume all' ) );
		expect( group( 'Second.pdf' ).textContent ).not.toContain( 'Held until' );
		await until( () => queue.getState().items.every( ( i ) => i.status.state === 'done' ), 'the uploads' );
	} );

	it( 'Cancel all cancels every file; the summary counts them as skipped', async () => {
		const { queue, wiki } = await running( 3 );
		await click( button( 'Cancel all' ) );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'cancelled', 'cancelled', 'cancelled' ] );
		await tick();
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		const summary = root.querySelector( '.uploaddialog-summary' );
		expect( summary?.querySelector( '.uploaddialog-summary-counts' )?.textContent )
			.toBe( '0 files uploaded · 3 files skipped (cancelled) · 0 files failed' );
		expect( summary?.textContent ).toContain( 'Big0.pdf: cancelled, nothing was published' );
		// Nothing uploaded: nothing to copy.
		expect( button( 'Copy the list of uploaded names' ) ).toBeUndefined();
	} );

	it( 'Retry failed (N) appears after a run and tries the failed files again', async () => {
		const { queue, wiki } = await renderLoadedApp( { configure: ( w ) => w.failAt( 1, apiError( 'verification-error', 'Rejected once.' ) ) } );
		await choose( [ makeFile( 'P.pdf', 100, 1 ), makeFile( 'Q.pdf', 100, 2 ) ] );
		await click( button( 'Upload 2 files' ) );
		await until( () => !queue.isBusy(), 'the run' );
		expect( queue.getState().items.filter( ( i ) => i.status.state === 'failed' ) ).toHaveLength( 1 );
		await click( button( 'Retry failed (1)' ) );
		await until( () => queue.getState().items.every( ( i ) => i.status.state === 'done' ), 'the retry' );
		expect( wiki.published.size ).toBe( 2 );
		expect( button( 'Retry failed (1)' ) ).toBeUndefined();
	} );

	it( 'Retry failed (N) counts only what trying again can help: not a file above the wiki\'s limit, whose card offers no Try again', async () => {
		const { queue, wiki } = await renderLoadedApp( {
			configure: ( w ) => {
				w.site.maxUploadSize = 1000;
				w.failAt( 1, apiError( 'verification-error', 'Rejected once.' ) );
			}
		} );
		await choose( [ makeFile( 'Big.pdf', 1001, 1 ), makeFile( 'Small.pdf', 100, 2 ) ] );
		await click( button( 'Upload 2 files' ) );
		await until( () => !queue.isBusy(), 'the run' );
		expect( queue.getState().items.map( ( i ) => i.status.state ) ).toEqual( [ 'failed', 'failed' ] );
		const [ big, small ] = groups();
		expect( big.textContent ).toContain( 'Nothing was sent.' );
		expect( Array.from( big.querySelectorAll( 'button' ) ).map( ( b ) => b.textContent ) ).not.toContain( 'Try again' );
		expect( Array.from( small.querySelectorAll( 'button' ) ).map( ( b ) => b.textContent ) ).toContain( 'Try again' );
		await click( button( 'Retry failed (1)' ) );
		await until( () => !queue.isBusy() && queue.getState().items[ 1 ].status.state === 'done', 'the retry' );
		expect( queue.getState().items[ 0 ].status ).toMatchObject( { state: 'failed', failure: { code: 'file-too-large-local' } } );
		expect( [ ...wiki.published.keys() ] ).toEqual( [ 'Small.pdf' ] );
		expect( button( 'Retry failed (1)' ) ).toBeUndefined();
	} );

	it( 'sets how many files upload at once', async () => {
		const { queue } = await renderLoadedApp();
		const field = labelled( 'Files at once' );
		expect( field?.value ).toBe( '3' );
		expect( field?.getAttribute( 'max' ) ).toBe( '8' );
		await select( field, '5' );
		expect( queue.getState().settings.parallel ).toBe( 5 );
		await select( field, '20' );
		expect( queue.getState().settings.parallel ).toBe( 8 );
		expect( labelled( 'Files at once' )?.value ).toBe( '8' );
		// Too many again: the engine keeps 8, and the field shows what it keeps.
		await select( field, '12' );
		expect( labelled( 'Files at once' )?.value ).toBe( '8' );
	} );
} );

describe( 'the summary', () => {
	let clipboard: PropertyDescriptor | undefined;

	beforeEach( () => {
		clipboard = Object.getOwnPropertyDescriptor( navigator, 'clipboard' );
	} );

	afterEach( () => {
		if ( clipboard ) {
			Object.defineProperty( navigator, 'clipboard', clipboard );
		} else {
			delete ( navigator as unknown as { clipboard?: unknown } ).clipboard;
		}
	} );

	function stubClipboard( value: unknown ): void {
		Object.defineProperty( navigator, 'clipboard', { value, configurable: true } );
	}

	async function finished() {
		const setup = await renderLoadedApp( { configure: ( w ) => w.failAt( 2, apiError( 'verification-error', 'Not a PDF.' ) ) } );
		await choose( [ makeFile( 'Good one.pdf', 100, 1 ), makeFile( 'Bad.pdf', 100, 2 ), makeFile( 'Second_good.pdf', 100, 3 ) ] );
		await click( button( 'Upload 3 files' ) );
		await until( () => root.querySelector( '.uploaddialog-summary' ) !== null, 'the summary' );
		return setup;
	}

	it( 'counts the files and gives each uploaded file\'s link and each failure\'s reason', async () => {
		const { queue } = await finished();
		expect( queue.isBusy() ).toBe( false );
		const summary = root.querySelector( '.uploaddialog-summary' ) as HTMLElement;
		expect( summary.getAttribute( 'aria-labelledby' ) ).toBe( 'uploaddialog-summary-heading' );
		expect( summary.querySelector( 'h3' )?.textContent ).toBe( 'Results' );
		expect( summary.querySelector( '.uploaddialog-summary-counts' )?.textContent )
			.toBe( '2 files uploaded · 0 files skipped (cancelled) · 1 file failed' );
		const links = Array.from( summary.querySelectorAll( 'a' ) ).map( ( a ) => [ a.textContent, a.getAttribute( 'href' ) ] );
		expect( links ).toEqual( [
			[ 'File:Good one.pdf', 'http://wiki.test/wiki/File:Good one.pdf' ],
			[ 'File:Second good.pdf', 'http://wiki.test/wiki/File:Second_good.pdf' ]
		] );
		expect( summary.querySelector( '.is-failed' )?.textContent )
			.toBe( 'Bad.pdf: The file\'s content does not match its type or did not pass the wiki\'s checks.' );
		// Not an alert of its own: the file's card has that already.
		expect( summary.querySelector( '[role=alert]' ) ).toBeNull();
	} );

	it( 'copies the uploaded names with the Clipboard API, and says so', async () => {
		const writeText = vi.fn( () => Promise.resolve() );
		stubClipboard( { writeText } );
		await finished();
		const status = root.querySelector( '.uploaddialog-summary [role=status]' );
		expect( status?.getAttribute( 'aria-live' ) ).toBe( 'polite' );
		expect( status?.textContent ).toBe( '' );
		await click( button( 'Copy the list of uploaded names' ) );
		await tick();
		expect( writeText ).toHaveBeenCalledWith( 'File:Good one.pdf\nFile:Second good.pdf' );
		expect( status?.textContent ).toBe( 'Copied' );
	} );

	it( 'without the Clipboard API, copies from a selected text area', async () => {
		stubClipboard( undefined );
		const execCommand = vi.fn( () => true );
		const original = document.execCommand;
		document.execCommand = execCommand;
		try {
			await finished();
			const area = root.querySelector<HTMLTextAreaElement>( '.uploaddialog-copy-list' );
			expect( area?.readOnly ).toBe( true );
			expect( area?.getAttribute( 'aria-hidden' ) ).toBe( 'true' );
			await click( button( 'Copy the list of uploaded names' ) );
			expect( execCommand ).toHaveBeenCalledWith( 'copy' );
			expect( area?.value ).toBe( 'File:Good one.pdf\nFile:Second good.pdf' );
			expect( area?.selectionStart ).toBe( 0 );
			expect( area?.selectionEnd ).toBe( area?.value.length );
			expect( root.querySelector( '.uploaddialog-summary [role=status]' )?.textContent ).toBe( 'Copied' );

			// A browser that refuses both: the list is shown, selected, for Ctrl+C.
			execCommand.mockReturnValue( false );
			await click( button( 'Copy the list of uploaded names' ) );
			expect( root.querySelector( '.uploaddialog-copy' )?.classList.contains( 'is-manual' ) ).toBe( true );
			expect( area?.hasAttribute( 'aria-hidden' ) ).toBe( false );
			expect( labelled( 'Names of the uploaded files' ) ).toBe( area );
			expect( root.querySelector( '.uploaddialog-summary [role=status]' )?.textContent )
				.toBe( 'The browser did not let the dialog copy. The list is selected below: copy it with Ctrl+C.' );
		} finally {
			document.execCommand = original;
		}
	} );
} );
