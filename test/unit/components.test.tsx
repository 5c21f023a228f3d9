/**
 * The components rendered with Preact into happy-dom, over a real UploadQueue and the fake
 * wiki: what the user sees and can do, names and API texts shown as text only, German.
 */
import deMessages from '../../src/i18n/de.json';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerMessages } from '../../src/i18n';
import type { UploadFailure } from '../../src/upload/failures';
import { parseWarnings } from '../../src/upload/warnings';
import { FailureView } from '../../src/ui/FailureView';
import { fileTitle } from '../../src/ui/links';
import { App } from '../../src/ui/App';
import { WarningsPanel } from '../../src/ui/WarningsPanel';
import { apiError, bytes, makeFile } from './fakeApi';
import { button, choose, click, groups, mount, renderApp, renderLoadedApp, root, text, tick, until, useContainer } from './renderApp';
import { resetMessages } from './setup';

useContainer();

describe( 'App', () => {
	it( 'shows that it is loading, then the file picker', async () => {
		let release: () => void = () => undefined;
		await renderApp( { configure: ( w ) => {
			release = w.holdSiteInfo();
		} } );
		const status = root.querySelector( '[role=status]' );
		expect( status?.textContent ).toBe( 'Loading the wiki\'s upload settings…' );
		expect( root.querySelector( 'input[type=file]' ) ).toBeNull();
		release();
		await until( () => root.querySelector( 'input[type=file]' ) !== null, 'the picker' );
		expect( text() ).not.toContain( 'Loading the wiki' );
		expect( button( 'Choose files…' ) ).toBeTruthy();
		expect( text() ).toContain( 'No files chosen yet.' );
	} );

	it( 'as the gadget, offers the picker before the settings are here, and lists the files chosen once they are; nothing is sent before', async () => {
		let release: () => void = () => undefined;
		const { wiki, queue } = await renderApp( { pickerFirst: true, configure: ( w ) => {
			release = w.holdSiteInfo();
		} } );
		expect( root.querySelector( '[role=status]' )?.textContent ).toBe( 'Loading the wiki\'s upload settings…' );
		// No URL field yet: whether the wiki takes uploads by URL is one of the settings.
		expect( root.querySelector( 'input[type=url]' ) ).toBeNull();
		await choose( [ makeFile( 'Early one.pdf', 10 ), makeFile( 'Early two.pdf', 20 ) ] );
		expect( root.querySelector( '[role=status]' )?.textContent ).toBe( '2 files are chosen; they are listed as soon as the wiki\'s upload settings are here…' );
		expect( groups() ).toHaveLength( 0 );
		await click( button( 'Choose files…' ) );
		expect( wiki.requests ).toEqual( [] );
		release();
		await until( () => groups().length === 2, 'the two cards' );
		expect( queue.getState().items.map( ( i ) => i.fields.filename ) ).toEqual( [ 'Early one.pdf', 'Early two.pdf' ] );
		expect( root.querySelector( 'input[type=url]' ) ).not.toBeNull();
	} );

	it( 'a number typed in the settings stays while the dialog renders meanwhile, and counts once the user is done with it', async () => {
		const { queue } = await renderLoadedApp();
		const box = root.querySelector<HTMLInputElement>( '#uploaddialog-chunk-size' )!;
		expect( box.value ).toBe( '1' );
		await act( () => {
			box.value = '10';
			box.dispatchEvent( new Event( 'input', { bubbles: true } ) );
		} );
		// Something else changes meanwhile (as progress does every 200 ms during an upload).
		await act( () => queue.setParallel( 2 ) );
		await tick();
		expect( box.value, 'the typing is not wiped by a render' ).toBe( '10' );
		expect( queue.getState().settings.chunkSize ).toBe( 1024 * 1024 );
		await act( () => {
			box.dispatchEvent( new Event( 'change', { bubbles: true } ) );
		} );
		expect( queue.getState().settings.chunkSize ).toBe( 10 * 1024 * 1024 );
		box.dispatchEvent( new Event( 'blur' ) );
		await tick();
		expect( box.value ).toBe( '10' );
	} );

	it( 'says why the settings could not be loaded, and tries again', async () => {
		const { wiki } = await renderApp( { configure: ( w ) => w.failSiteInfo( new Error( 'boom' ) ) } );
		await until( () => root.querySelector( '[role=alert]' ) !== null, 'the alert' );
		expect( root.querySelector( '[role=alert]' )?.textContent ).toContain( 'The wiki\'s upload settings could not be loaded' );
		wiki.failSiteInfo( null );
		await click( button( 'Try again' ) );
		await until( () => root.querySelector( 'input[type=file]' ) !== null, 'the picker' );
		expect( wiki.siteInfoCalls ).toBe( 2 );
	} );

	it( 'explains a missing upload right, and offers no file input', async () => {
		await renderLoadedApp( { configure: ( w ) => {
			w.site.rights = [ 'read', 'edit' ];
		} } );
		expect( text() ).toContain( 'Your account (Uploader) may not upload files on this wiki.' );
		expect( root.querySelector( 'input[type=file]' ) ).toBeNull();
		expect( root.querySelector( 'a[href*="Special%3AListGroupRights"]' )?.textContent ).toBe( 'See which groups may upload' );
		expect( button( 'Upload 0 files' ) ).toBeUndefined();
	} );

	it( 'asks an anonymous user to log in, with a link back to this page', async () => {
		await renderLoadedApp( { configure: ( w ) => {
			w.site.userName = null;
			w.site.rights = [ 'read' ];
		} } );
		expect( text() ).toContain( 'You need to log in to upload files.' );
		const login = root.querySelector<HTMLAnchorElement>( 'a[href*="Special%3AUserLogin"]' );
		expect( login?.textContent ).toBe( 'Log in' );
		expect( login?.getAttribute( 'href' ) ).toContain( 'returnto=Main_Page' );
		expect( root.querySelector( 'input[type=file]' ) ).toBeNull();
	} );

	it( 'shows one group per chosen file, named after the file', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'First.pdf', 100 ), makeFile( 'Second photo.jpg', 3000 ) ] );
		expect( groups().map( ( g ) => g.getAttribute( 'aria-label' ) ) ).toEqual( [ 'File First.pdf', 'File Second photo.jpg' ] );
		expect( queue.getState().items ).toHaveLength( 2 );
		// Each field has a label.
		const name = groups()[ 1 ].querySelector<HTMLInputElement>( 'input[id$="-name"]' );
		expect( name?.value ).toBe( 'Second photo.jpg' );
		expect( root.querySelector( `label[for="${ name?.id }"]` )?.textContent ).toBe( 'Name on the wiki' );
		expect( button( 'Upload 2 files' )?.disabled ).toBe( false );
	} );

	it( 'is a modal dialog named by its title; Escape and the close button call onClose', async () => {
		const { onClose } = await renderLoadedApp();
		const dialog = root.querySelector<HTMLElement>( 'dialog, [role=dialog]' );
		expect( dialog ).toBeTruthy();
		expect( dialog?.tagName === 'DIALOG' || dialog?.getAttribute( 'role' ) === 'dialog' ).toBe( true );
		expect( dialog?.getAttribute( 'aria-modal' ) ).toBe( 'true' );
		const titleId = dialog?.getAttribute( 'aria-labelledby' ) as string;
		expect( titleId ).toBeTruthy();
		expect( document.getElementById( titleId )?.textContent ).toBe( 'Upload files' );
		expect( dialog?.contains( document.getElementById( titleId ) ) ).toBe( true );

		await act( () => {
			dialog?.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'Escape', bubbles: true } ) );
		} );
		expect( onClose ).toHaveBeenCalledTimes( 1 );
		await click( root.querySelector( 'button[aria-label="Close"]' ) as HTMLElement );
		expect( onClose ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'uploads: Upload → done, with a link to the file page', async () => {
		const { wiki } = await renderLoadedApp();
		await choose( [ makeFile( 'Done.pdf', 500 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => text().includes( 'Uploaded:' ), 'the upload' );
		expect( wiki.published.has( 'Done.pdf' ) ).toBe( true );
		const link = groups()[ 0 ].querySelector<HTMLAnchorElement>( '.is-success a' );
		expect( link?.textContent ).toBe( 'File:Done.pdf' );
		expect( link?.getAttribute( 'href' ) ).toBe( 'http://wiki.test/wiki/File:Done.pdf' );
		expect( root.querySelector( '[role=log]' )?.textContent ).toBe( 'Done.pdf was uploaded.' );
	} );

	it( 'warnings: the panel appears, Overwrite publishes over the existing file', async () => {
		const { wiki } = await renderLoadedApp( { configure: ( w ) => w.publish( 'A.pdf', bytes( 500, 9 ) ) } );
		await choose( [ makeFile( 'A.pdf', 500, 1 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => root.querySelector( '.uploaddialog-warnings' ) !== null, 'the warnings' );
		expect( wiki.of( 'commit' ) ).toHaveLength( 0 );
		expect( text() ).toContain( 'A file with this name already exists:' );
		await click( button( 'Overwrite the existing file' ) );
		await until( () => text().includes( 'Uploaded:' ), 'the upload' );
		expect( wiki.commits() ).toEqual( [ expect.objectContaining( { filename: 'A.pdf', ignorewarnings: true } ) ] );
	} );

	it( 'shows a hostile file name as text: no element is made of it', async () => {
		const name = '<img src=x onerror=alert(1)>.png';
		await renderLoadedApp();
		await choose( [ new File( [ bytes( 10 ) ], name ) ] );
		expect( root.querySelector( 'img' ) ).toBeNull();
		expect( groups()[ 0 ].getAttribute( 'aria-label' ) ).toBe( `File ${ name }` );
		expect( root.querySelector( '.uploaddialog-file-label' )?.textContent ).toBe( name );
		expect( root.querySelector<HTMLInputElement>( 'input[id$="-name"]' )?.value ).toBe( name );
	} );

	it( 'shows the API\'s info as text: no script element is made of it', async () => {
		const info = '<script>window.pwned = 1</script><b>bold</b> [[File:X.png|thumb]]';
		await renderLoadedApp( { configure: ( w ) => w.failAt( 1, apiError( 'verification-error', info ) ) } );
		await choose( [ makeFile( 'X.png', 100 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => root.querySelector( '[role=alert]' ) !== null, 'the failure' );
		expect( root.querySelector( 'script' ) ).toBeNull();
		expect( root.querySelector( 'b' ) ).toBeNull();
		expect( root.querySelector( '.uploaddialog-api-info' )?.textContent ).toBe( `The wiki says: ${ info }` );
		expect( ( window as unknown as { pwned?: number } ).pwned ).toBeUndefined();
	} );

	it( 'tells screen readers what changed, each time anew, and nothing again when the dialog is opened again', async () => {
		const { wiki, queue, onClose } = await renderLoadedApp( { configure: ( w ) => {
			w.failAt( 1, apiError( 'blocked', 'You have been blocked.' ) );
			w.failAt( 2, apiError( 'blocked', 'You have been blocked.' ) );
		} } );
		const live = () => root.querySelector( '[role=log]' ) as HTMLElement;
		await choose( [ makeFile( 'Said.pdf', 100, 4 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => text().includes( 'Try again' ), 'the failure' );
		const first = live().firstElementChild;
		expect( first?.textContent ).toBe( 'Uploading Said.pdf failed.' );
		await click( button( 'Try again' ) );
		await until( () => wiki.requests.length === 2 && live().firstElementChild !== first, 'the second failure' );
		// The same words, said again: a new node in the log.
		expect( live().textContent ).toBe( 'Uploading Said.pdf failed.' );
		await click( button( 'Try again' ) );
		await until( () => text().includes( 'Said.pdf was uploaded.' ), 'the upload' );
		// Closed and opened again over the same list: nothing is said of what was said.
		await mount( null );
		await mount( <App queue={ queue } version="test" onClose={ onClose } /> );
		expect( live().textContent ).toBe( '' );
	} );

	it( 'names uploaded files in the wiki\'s own name of the File namespace', () => {
		expect( fileTitle( 'Trip_2026.jpg' ) ).toBe( 'File:Trip 2026.jpg' );
		mw.config.set( 'wgFormattedNamespaces', { 6: 'Datei' } );
		try {
			expect( fileTitle( 'Trip_2026.jpg' ) ).toBe( 'Datei:Trip 2026.jpg' );
		} finally {
			mw.config.set( 'wgFormattedNamespaces', undefined );
		}
	} );

	it( 'pasting: files join the list; text pasted into a field stays text, even with a picture of it beside (Word, Excel)', async () => {
		const { queue } = await renderLoadedApp();
		const paste = async ( target: EventTarget, clipboardData: { types: string[]; files: File[] } ) => {
			const event = new Event( 'paste', { bubbles: true, cancelable: true } );
			Object.defineProperty( event, 'clipboardData', { value: clipboardData } );
			await act( () => {
				target.dispatchEvent( event );
			} );
			return event;
		};
		const picture = new File( [ 'png' ], 'image.png', { type: 'image/png' } );
		const field = root.querySelector( '#uploaddialog-url-input' ) as HTMLInputElement;
		const intoField = await paste( field, { types: [ 'text/html', 'text/plain', 'Files' ], files: [ picture ] } );
		expect( intoField.defaultPrevented ).toBe( false );
		expect( queue.getState().items ).toHaveLength( 0 );
		const onPage = await paste( document.body, { types: [ 'Files' ], files: [ picture ] } );
		expect( onPage.defaultPrevented ).toBe( true );
		expect( queue.getState().items.map( ( i ) => i.label ) ).toEqual( [ 'image.png' ] );
		// A screenshot pasted into a field (no text on the clipboard) is a file too.
		await paste( field, { types: [ 'Files' ], files: [ picture ] } );
		expect( queue.getState().items ).toHaveLength( 2 );
	} );

	it( 'after Cancel the focus stays in the card, on its new first button, never on a Remove that took the Cancel button\'s place', async () => {
		const { wiki } = await renderLoadedApp( { configure: ( w ) => {
			w.holdAt( 2 );
		} } );
		await choose( [ makeFile( 'Slow.pdf', 3 * 1024 * 1024, 4 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => wiki.requests.length === 2, 'the second chunk under way' );
		const cancel = button( 'Cancel' ) as HTMLButtonElement;
		cancel.focus();
		await click( cancel );
		await until( () => text().includes( 'Cancelled' ), 'the cancelled card' );
		const focused = document.activeElement as HTMLElement;
		expect( focused.textContent ).toBe( 'Try again' );
		expect( focused ).not.toBe( cancel );
		expect( groups()[ 0 ].contains( focused ) ).toBe( true );
	} );
} );

describe( 'WarningsPanel', () => {
	function panel( warnings: Record<string, unknown>, filename = 'Pmwv3p687-A.pdf' ) {
		const onResolve = vi.fn();
		return mount( <WarningsPanel id="w" filename={ filename } warnings={ parseWarnings( warnings ) } onResolve={ onResolve } /> )
			.then( () => onResolve );
	}

	function items(): HTMLElement[] {
		return Array.from( root.querySelectorAll<HTMLElement>( '.uploaddialog-warning' ) );
	}

	it( 'lists each warning, with links to the File: pages', async () => {
		// duplicate + exists, verbatim from the wiki
		await panel( { duplicate: [ 'Pmwv3p687-F.pdf' ], exists: 'Pmwv3p687-A.pdf' } );
		expect( items().map( ( li ) => li.dataset.warning ) ).toEqual( [ 'exists', 'duplicate' ] );
		const links = items().map( ( li ) => Array.from( li.querySelectorAll( 'a' ) ).map( ( a ) => [ a.textContent, a.getAttribute( 'href' ) ] ) );
		expect( links ).toEqual( [
			[ [ 'File:Pmwv3p687-A.pdf', '/wiki/File%3APmwv3p687-A.pdf' ] ],
			[ [ 'File:Pmwv3p687-F.pdf', '/wiki/File%3APmwv3p687-F.pdf' ] ]
		] );
		expect( items()[ 1 ].textContent ).toContain( 'This file is a duplicate of this file:' );
	} );

	it( 'offers Overwrite for exists', async () => {
		const onResolve = await panel( { exists: 'Pmwv3p687-A.pdf' } );
		expect( button( 'Upload anyway' ) ).toBeUndefined();
		await click( button( 'Overwrite the existing file' ) );
		expect( onResolve ).toHaveBeenCalledWith( { kind: 'ignore' } );
	} );

	it.each( [
		[ 'duplicate', { duplicate: [ 'Pmwv3p687-F.pdf' ] } ],
		[ 'was-deleted', { 'was-deleted': 'Pmwv3p687-D.pdf' } ],
		[ 'exists-normalized', { 'exists-normalized': 'Pmwv3p687-N.jpg' } ],
		[ 'bad-prefix', { 'bad-prefix': 'DSC_Pmwv3p687.pdf' } ]
	] )( 'offers "Upload anyway", not Overwrite, for %s', async ( _name, warnings ) => {
		await panel( warnings );
		expect( button( 'Overwrite the existing file' ) ).toBeUndefined();
		expect( button( 'Upload anyway' ) ).toBeTruthy();
	} );

	it( 'offers no way to ignore nochange (the wiki would refuse it)', async () => {
		await panel( { exists: 'Pmwv3p687-A.pdf', nochange: { timestamp: '2026-11-24T19:41:50Z' } } );
		expect( button( 'Overwrite the existing file' ) ).toBeUndefined();
		expect( button( 'Upload anyway' ) ).toBeUndefined();
		expect( text() ).toContain( 'This cannot be ignored: rename the file or cancel.' );
		expect( button( 'Upload under the new name' ) ).toBeTruthy();
		expect( button( 'Cancel this upload' ) ).toBeTruthy();
	} );

	it( 'links the deletion log for was-deleted', async () => {
		await panel( { 'was-deleted': 'Pmwv3p687-D.pdf' } );
		const log = Array.from( root.querySelectorAll( 'a' ) ).find( ( a ) => a.textContent === 'deletion log' );
		expect( log?.getAttribute( 'href' ) ).toContain( 'Special%3ALog' );
		expect( log?.getAttribute( 'href' ) ).toContain( 'page=File%3APmwv3p687-D.pdf' );
	} );

	it( 'offers the sanitised name of badfilename, and renames with it', async () => {
		const onResolve = await panel( { badfilename: 'Pmwv3p687-Bad-name-x.pdf' }, 'Pmwv3p687-Bad:name/x.pdf' );
		expect( root.querySelector( '.uploaddialog-suggested' )?.textContent ).toBe( 'Pmwv3p687-Bad-name-x.pdf' );
		await click( button( 'Use the suggested name' ) );
		expect( root.querySelector<HTMLInputElement>( '#w-rename' )?.value ).toBe( 'Pmwv3p687-Bad-name-x.pdf' );
		await click( button( 'Upload under the new name' ) );
		expect( onResolve ).toHaveBeenCalledWith( { kind: 'rename', filename: 'Pmwv3p687-Bad-name-x.pdf' } );
	} );

	it( 'answers a location that could not be removed with "send it as it is" or "remove it from the list", not a new name', async () => {
		const onResolve = vi.fn();
		const onRemove = vi.fn();
		const kept = { key: 'location-not-removed', known: true, files: [], timestamps: [], raw: '' };
		await mount( <WarningsPanel id="w" filename="Photo.heic" warnings={ [ kept ] } early onResolve={ onResolve } onRemove={ onRemove } /> );
		expect( root.querySelector( '#w-rename' ) ).toBeNull();
		expect( button( 'Upload under the new name' ) ).toBeUndefined();
		expect( button( 'Upload anyway' ) ).toBeUndefined();
		await click( button( 'Remove the file from the list' ) );
		expect( onRemove ).toHaveBeenCalledTimes( 1 );
		await click( button( 'Send it as it is' ) );
		expect( onResolve ).toHaveBeenCalledWith( { kind: 'ignore' } );
		await click( button( 'Cancel this upload' ) );
		expect( onResolve ).toHaveBeenLastCalledWith( { kind: 'cancel' } );
	} );

	it( 'shows an unknown warning raw, as text', async () => {
		await panel( { 'future-warning': '<i>x</i>' } );
		expect( root.querySelector( 'i' ) ).toBeNull();
		expect( text() ).toContain( 'The wiki sent a warning this dialog does not know: future-warning: <i>x</i>' );
	} );
} );

describe( 'FailureView', () => {
	const failure = ( over: Partial<UploadFailure> ): UploadFailure => ( {
		code: 'filetype-banned',
		info: '".exe" is not a permitted file type. Permitted file types are png, gif, jpg, jpeg, webp, pdf, txt, svg.',
		params: [ 'exe', 'png, gif, jpg, jpeg, webp, pdf, txt, svg' ],
		remedy: 'other-file',
		transient: false,
		...over
	} );

	it( 'shows the translated error, the API\'s info as text and the way forward', async () => {
		const onRetry = vi.fn();
		await mount( <FailureView failure={ failure( {} ) } onRetry={ onRetry } onRemove={ () => undefined } /> );
		const alert = root.querySelector( '[role=alert]' );
		expect( alert?.querySelector( '.uploaddialog-error-text' )?.textContent )
			.toBe( 'Files of type “exe” cannot be uploaded here. Allowed types: png, gif, jpg, jpeg, webp, pdf, txt, svg.' );
		expect( alert?.querySelector( '.uploaddialog-api-info' )?.textContent )
			.toBe( 'The wiki says: ".exe" is not a permitted file type. Permitted file types are png, gif, jpg, jpeg, webp, pdf, txt, svg.' );
		expect( text() ).toContain( 'Choose another file, or remove this one from the list.' );
		await click( button( 'Try again' ) );
		expect( onRetry ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'offers a login link (in a new tab) for mustbeloggedin', async () => {
		await mount( <FailureView failure={ failure( { code: 'mustbeloggedin', info: 'You must be logged in to upload this file.', params: [], remedy: 'login' } ) } onRemove={ () => undefined } /> );
		expect( text() ).toContain( 'You are not logged in (any more). Log in, then try again.' );
		const link = root.querySelector<HTMLAnchorElement>( 'a[href*="Special%3AUserLogin"]' );
		expect( link?.getAttribute( 'target' ) ).toBe( '_blank' );
		expect( button( 'Try again' ) ).toBeUndefined();
	} );

	it( 'an HTTP status uses the shared message with the status', async () => {
		await mount( <FailureView failure={ failure( { code: 'http-503', info: 'Service Unavailable', params: [ '503' ], remedy: 'retry', transient: true } ) } onRemove={ () => undefined } /> );
		expect( root.querySelector( '.uploaddialog-error-text' )?.textContent ).toBe( 'The server answered with HTTP error 503. Try again.' );
	} );

	it( 'shows no "The wiki says" when there is nothing more to say', async () => {
		await mount( <FailureView failure={ failure( { code: 'empty-file', info: '', params: [] } ) } onRemove={ () => undefined } /> );
		expect( root.querySelector( '.uploaddialog-api-info' ) ).toBeNull();
		expect( root.querySelector( '.uploaddialog-error-text' )?.textContent ).toBe( 'The file is empty.' );
	} );
} );

describe( 'in German', () => {
	beforeEach( () => {
		mw.config.set( 'wgUserLanguage', 'de' );
		resetMessages();
		registerMessages( 'de', { de: deMessages } );
	} );

	function noRawKeys(): void {
		expect( root.innerHTML ).not.toContain( '⧼' );
		expect( root.innerHTML ).not.toMatch( />[^<]*uploaddialog-[a-z-]+[^<]*</ );
	}

	it( 'shows no raw ⧼key⧽ through loading, picker, file, warnings, failure and done', async () => {
		let release: () => void = () => undefined;
		const { queue, wiki } = await renderApp( { configure: ( w ) => {
			release = w.holdSiteInfo();
			w.publish( 'A.pdf', bytes( 500, 9 ) );
			w.failAt( 2, apiError( 'filetype-banned', '".exe" is not a permitted file type.', { filetype: 'exe', allowed: [ 'png', 'pdf' ] } ) );
		} } );
		noRawKeys();
		expect( text() ).toContain( 'Die Hochlade-Einstellungen des Wikis werden geladen' );
		release();
		await until( () => root.querySelector( 'input[type=file]' ) !== null, 'the picker' );
		noRawKeys();
		expect( document.getElementById( root.querySelector( '[aria-labelledby]' )?.getAttribute( 'aria-labelledby' ) as string )?.textContent )
			.toBe( 'Dateien hochladen' );

		await choose( [ makeFile( 'A.pdf', 500, 1 ), makeFile( 'Prog.exe', 100, 2 ) ] );
		noRawKeys();
		expect( groups().map( ( g ) => g.getAttribute( 'aria-label' ) ) ).toEqual( [ 'Datei A.pdf', 'Datei Prog.exe' ] );
		await click( button( '2 Dateien hochladen' ) );
		await until( () => !queue.isBusy() && root.querySelector( '.uploaddialog-warnings' ) !== null && root.querySelector( '[role=alert]' ) !== null, 'warnings and failure' );
		noRawKeys();
		expect( text() ).toContain( 'Dateien vom Typ' );

		await click( Array.from( root.querySelectorAll( 'button' ) ).find( ( b ) => b.closest( '.uploaddialog-warnings' ) && b.classList.contains( 'cdx-button--action-destructive' ) ) );
		await until( () => wiki.published.get( 'A.pdf' )?.[ 0 ] === bytes( 500, 1 )[ 0 ] && !queue.isBusy(), 'the overwrite' );
		await tick();
		noRawKeys();
	} );
} );
