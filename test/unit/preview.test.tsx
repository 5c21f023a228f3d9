/**
 * The preview of the description page: the action=parse request over a fake mw.Api (the one
 * of the name checks, which records requests and settles like mw.Api), and the Preview
 * component — alone, and in a file's card and the batch panel of the real App.
 */
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ApiError, HttpError } from '../../src/api/errors';
import { PreviewApi, type DescriptionPreview, type PreviewDescription } from '../../src/api/preview';
import type { RequestControl } from '../../src/api/types';
import { Preview } from '../../src/ui/Preview';
import { makeFile } from './fakeApi';
import { FakeMwQueryApi } from './fakeQueryApi';
import { button, click, mount, renderLoadedApp, root, tick, type, useContainer } from './renderApp';

useContainer();

/**
 * An answer of action=parse&prop=text|categories&formatversion=2 in the shape ApiParse of
 * MediaWiki 1.43 gives it (execute, formatCategoryLinks): categories by database key, with
 * `missing` / `hidden`.
 */
const PARSED = {
	parse: {
		title: 'File:Trip 2026 1.jpg',
		pageid: 0,
		text: '<div class="mw-parser-output"><p>A <b>view</b> by <a href="/wiki/User:Uploader" title="User:Uploader">Uploader</a></p></div>',
		categories: [
			{ sortkey: '', category: 'Photos_of_2026', missing: true },
			{ sortkey: '', category: 'Hidden_maintenance', hidden: true }
		]
	}
};

describe( 'PreviewApi', () => {
	function setup() {
		const fake = new FakeMwQueryApi();
		return { fake, api: new PreviewApi( fake as unknown as mw.Api ) };
	}

	it( 'asks action=parse by POST: the text as File:<name>, pre-save transformed, text and categories only', async () => {
		const { fake, api } = setup();
		fake.answer = () => PARSED;
		await api.describe( 'A view by ~~~~\n[[Category:Photos of 2026]]', 'Trip 2026 1.jpg' );
		expect( fake.requests ).toEqual( [ {
			method: 'post',
			params: {
				action: 'parse',
				title: 'File:Trip 2026 1.jpg',
				text: 'A view by ~~~~\n[[Category:Photos of 2026]]',
				prop: 'text|categories',
				pst: 1,
				disablelimitreport: 1,
				disableeditsection: 1,
				contentmodel: 'wikitext',
				formatversion: 2
			}
		} ] );
	} );

	it( 'gives the HTML as the wiki made it, and the categories as their names read', async () => {
		const { fake, api } = setup();
		fake.answer = () => PARSED;
		await expect( api.describe( 'x', 'Trip 2026 1.jpg' ) ).resolves.toEqual( {
			html: PARSED.parse.text,
			categories: [ 'Photos of 2026', 'Hidden maintenance' ]
		} );
	} );

	it( 'a page without categories has none', async () => {
		const { fake, api } = setup();
		fake.answer = () => ( { parse: { title: 'File:A.jpg', pageid: 0, text: '<div class="mw-parser-output"><p>x</p></div>' } } );
		await expect( api.describe( 'x', 'A.jpg' ) ).resolves.toEqual( { html: '<div class="mw-parser-output"><p>x</p></div>', categories: [] } );
	} );

	it( 'an error answer is an ApiError with the wiki\'s code and text', async () => {
		const { fake, api } = setup();
		fake.answer = () => ( { error: { code: 'invalidtitle', info: 'Bad title "File:".' } } );
		const error = await api.describe( 'x', '' ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( { code: 'invalidtitle', info: 'Bad title "File:".' } );
	} );

	it( 'no answer is an HttpError, and so is an answer without parsed text', async () => {
		const { fake, api } = setup();
		fake.answer = () => {
			throw new Error( 'offline' );
		};
		await expect( api.describe( 'x', 'A.jpg' ) ).rejects.toMatchObject( { name: 'HttpError', kind: 'network' } );
		fake.answer = () => ( { batchcomplete: true } );
		const error = await api.describe( 'x', 'A.jpg' ).catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( HttpError );
		expect( error ).toMatchObject( { kind: 'bad-response' } );
	} );

	it( 'a signal aborts the request', async () => {
		const { fake, api } = setup();
		fake.answer = () => new Promise( () => undefined );
		const controller = new AbortController();
		controller.abort();
		await expect( api.describe( 'x', 'A.jpg', { signal: controller.signal } ) ).rejects.toBeInstanceOf( AbortError );
	} );
} );

function region( within: Element = root ): HTMLElement | null {
	return within.querySelector<HTMLElement>( 'section[aria-label="Preview of the description page"]' );
}

/** A preview function whose answers the test gives, one request at a time. */
function controlledPreview() {
	const calls: Array<{
		text: string;
		filename: string;
		control?: RequestControl;
		resolve( result: DescriptionPreview ): void;
		reject( error: unknown ): void;
	}> = [];
	const preview = vi.fn<PreviewDescription>( ( text, filename, control ) => new Promise( ( resolve, reject ) => {
		calls.push( { text, filename, control, resolve, reject } );
	} ) );
	return { preview, calls };
}

describe( 'Preview', () => {
	it( 'asks for the text under its name, says it is loading, then shows the parsed page', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="A view by ~~~~" filename="Trip.jpg" preview={ preview } /> );
		expect( region() ).toBeNull();
		expect( button( 'Hide preview' ) ).toBeUndefined();

		await click( button( 'Preview' ) );
		expect( preview ).toHaveBeenCalledTimes( 1 );
		expect( calls[ 0 ] ).toMatchObject( { text: 'A view by ~~~~', filename: 'Trip.jpg' } );
		const shown = region();
		expect( shown ).toBeTruthy();
		expect( shown?.id ).toBe( 'f1-preview' );
		// The loading line is a status; the rendered page is not read out whole.
		expect( shown?.getAttribute( 'aria-live' ) ).toBeNull();
		expect( shown?.querySelector( '[role=status]' )?.textContent ).toBe( 'Loading the preview…' );
		expect( shown?.getAttribute( 'aria-busy' ) ).toBe( 'true' );
		expect( shown?.querySelector( 'h3' )?.textContent ).toBe( 'Preview' );
		expect( shown?.textContent ).toContain( 'Loading the preview…' );
		expect( button( 'Preview' )?.disabled ).toBe( true );

		await act( async () => {
			calls[ 0 ].resolve( { html: PARSED.parse.text, categories: [ 'Photos of 2026', 'Hidden maintenance' ] } );
		} );
		await tick();
		expect( shown?.getAttribute( 'aria-busy' ) ).toBe( 'false' );
		expect( shown?.textContent ).not.toContain( 'Loading' );
		// MediaWiki's HTML, as HTML.
		expect( shown?.querySelector( '.mw-parser-output b' )?.textContent ).toBe( 'view' );
		expect( shown?.textContent ).toContain( 'Categories: Photos of 2026, Hidden maintenance' );
		// Links open elsewhere: following one in this page would lose the list.
		const link = shown?.querySelector( 'a' );
		expect( link?.getAttribute( 'target' ) ).toBe( '_blank' );
		expect( link?.getAttribute( 'rel' ) ).toBe( 'noopener' );
		expect( button( 'Preview' )?.disabled ).toBe( false );
	} );

	it( 'hides the preview, and shows it again on request', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="x" filename="A.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		await act( async () => calls[ 0 ].resolve( { html: '<p>x</p>', categories: [] } ) );
		await tick();
		expect( region()?.textContent ).not.toContain( 'Categor' );
		await click( button( 'Hide preview' ) );
		expect( region() ).toBeNull();
		expect( button( 'Hide preview' ) ).toBeUndefined();
		await click( button( 'Preview' ) );
		expect( preview ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'says why there is no preview: the dialog\'s words for a connection failure', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="x" filename="A.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		await act( async () => calls[ 0 ].reject( new HttpError( 'network', 0, 'network error' ) ) );
		await tick();
		const alert = region()?.querySelector( '[role=alert]' );
		expect( alert?.textContent ).toBe( 'The preview could not be made: The connection to the wiki failed. Check your connection, then try again.' );
		// And tries again.
		await click( button( 'Preview' ) );
		await act( async () => calls[ 1 ].resolve( { html: '<p>fine</p>', categories: [] } ) );
		await tick();
		expect( region()?.querySelector( '[role=alert]' ) ).toBeNull();
		expect( region()?.textContent ).toContain( 'fine' );
	} );

	it( 'an API error the dialog has no words for: the wiki\'s own text, as text', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="x" filename="A<b>.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		await act( async () => calls[ 0 ].reject( new ApiError( 'invalidtitle', 'Bad title "File:A<b>.jpg".', { error: { code: 'invalidtitle', info: 'Bad title "File:A<b>.jpg".' } } ) ) );
		await tick();
		const alert = region()?.querySelector( '[role=alert]' );
		expect( alert?.textContent ).toBe( 'The preview could not be made: Bad title "File:A<b>.jpg".' );
		expect( alert?.querySelector( 'b' ) ).toBeNull();
		expect( region()?.textContent ).not.toContain( 'upload failed' );
	} );

	it( 'an empty text needs no request', async () => {
		const { preview } = controlledPreview();
		await mount( <Preview id="f1" text={ '  \n' } filename="A.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		expect( preview ).not.toHaveBeenCalled();
		expect( region()?.textContent ).toContain( 'The description page will be empty.' );
	} );

	it( 'says when the text changed after the preview, and only the latest request counts', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="one" filename="A.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		await act( async () => calls[ 0 ].resolve( { html: '<p>one</p>', categories: [] } ) );
		await tick();
		expect( region()?.textContent ).not.toContain( 'has changed' );
		await mount( <Preview id="f1" text="two" filename="A.jpg" preview={ preview } /> );
		expect( region()?.textContent ).toContain( 'The text or name has changed since this preview.' );

		// Two requests on their way (a click, then another with a newer text): the first is
		// aborted and its late answer ignored.
		await click( button( 'Preview' ) );
		await mount( <Preview id="f1" text="three" filename="A.jpg" preview={ preview } /> );
		// (The button is disabled while loading: hide, then preview again.)
		await click( button( 'Hide preview' ) );
		expect( calls[ 1 ].control?.signal?.aborted ).toBe( true );
		await click( button( 'Preview' ) );
		await act( async () => {
			calls[ 2 ].resolve( { html: '<p>three</p>', categories: [] } );
			calls[ 1 ].resolve( { html: '<p>two</p>', categories: [] } );
		} );
		await tick();
		expect( region()?.textContent ).toContain( 'three' );
		expect( region()?.textContent ).not.toContain( 'two' );
		expect( region()?.textContent ).not.toContain( 'has changed' );
	} );

	it( 'a request still on its way is aborted when the preview goes away', async () => {
		const { preview, calls } = controlledPreview();
		await mount( <Preview id="f1" text="x" filename="A.jpg" preview={ preview } /> );
		await click( button( 'Preview' ) );
		await mount( <p>gone</p> );
		expect( calls[ 0 ].control?.signal?.aborted ).toBe( true );
	} );
} );

describe( 'the preview in the dialog', () => {
	it( 'without a preview function there is no Preview button', async () => {
		const { queue } = await renderLoadedApp();
		await act( () => queue.addFiles( [ makeFile( 'a.jpg', 100 ) ] ) );
		await tick();
		expect( root.querySelector( 'textarea' ) ).toBeTruthy();
		expect( button( 'Preview' ) ).toBeUndefined();
	} );

	it( 'a file\'s card previews its own text under its own name', async () => {
		const { preview, calls } = controlledPreview();
		const { queue } = await renderLoadedApp( { preview } );
		await act( () => queue.addFiles( [ makeFile( 'a.jpg', 100 ) ] ) );
		await tick();
		const id = queue.getState().items[ 0 ].id;
		await act( () => queue.updateFields( id, { text: '== Summary ==\nA cat' } ) );
		await tick();
		const card = root.querySelector( '[role=group]' ) as HTMLElement;
		await click( button( 'Preview', card ) );
		expect( calls[ 0 ] ).toMatchObject( { text: '== Summary ==\nA cat', filename: 'a.jpg' } );
		await act( async () => calls[ 0 ].resolve( { html: '<div class="mw-parser-output"><p>A cat</p></div>', categories: [] } ) );
		await tick();
		expect( region( card )?.textContent ).toContain( 'A cat' );
	} );

	it( 'the batch panel previews the shared text as the first file\'s page', async () => {
		const { preview, calls } = controlledPreview();
		const { queue } = await renderLoadedApp( { preview } );
		await act( () => queue.addFiles( [ makeFile( 'first.jpg', 100 ), makeFile( 'second.jpg', 100, 2 ) ] ) );
		await tick();
		const panel = root.querySelector( 'section[aria-labelledby="uploaddialog-batch-heading"]' ) as HTMLElement;
		const text = panel.querySelector( 'textarea' ) as HTMLTextAreaElement;
		await type( text, 'Shared {{PAGENAME}}' );
		await click( button( 'Preview', panel ) );
		expect( calls[ 0 ] ).toMatchObject( { text: 'Shared {{PAGENAME}}', filename: 'first.jpg' } );
		await act( async () => calls[ 0 ].resolve( { html: '<p>Shared first.jpg</p>', categories: [] } ) );
		await tick();
		expect( region( panel )?.querySelector( 'h4' )?.textContent ).toBe( 'Preview' );
		expect( region( panel )?.textContent ).toContain( 'Shared first.jpg' );
	} );
} );
