/**
 * The describing form (issue 20) in happy-dom over a fake of the wiki's describing calls: the
 * licence list as Special:Upload shows it and the page text a commit carries, the no-licence
 * question, category chips (one suggestion request per pause in typing, facts shown), tags from
 * the allowed list only, and drafts kept and offered back.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { CategoryFacts, CategorySuggestion, UploadDialogConfig, WikiLicences } from '../../src/api/describeApi';
import { licenceChoices } from '../../src/describe/licences';
import { DraftStore } from '../../src/upload/draft';
import { licenceRows } from '../../src/ui/describe/LicenceField';
import type { DescribeService } from '../../src/ui/describe/describeSetup';
import { button, choose, click, groups, renderLoadedApp, root, tick, type, until, useContainer } from './renderApp';

useContainer();

const LIST = '* Own work\n** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0\n* Free\n** CC\n*** CC-BY-4.0|cc-label\n** GFDL|GFDL';

class FakeDescribe implements DescribeService {
	suggestCalls: string[] = [];
	factCalls: string[][] = [];
	hasList = true;
	structured = false;
	tags = [ 'e2e-tag', 'other-tag' ];
	existing = [ 'Bays', 'Bay bridges' ];

	async licences(): Promise<WikiLicences> {
		const choices = licenceChoices( this.hasList ? LIST : '-', ( name ) => ( { 'cc-label': 'Attribution 4.0', nolicense: 'None selected' } as Record<string, string> )[ name ] );
		return { choices, hasList: choices.length > 1, headings: { filedesc: 'Summary', licenseHeader: 'Licensing' } };
	}

	async uploadDialogConfig(): Promise<UploadDialogConfig> {
		return {
			fields: { description: true, date: true, categories: true },
			licensemessages: { local: 'generic-local', foreign: 'generic-foreign' },
			comment: '',
			format: this.structured ?
				{ filepage: '{{Information|description=$DESCRIPTION|date=$DATE|author=$AUTHOR}}\n$CATEGORIES', description: '{{$LANGUAGE|1=$TEXT}}', ownwork: '{{own}}', license: '{{self}}', uncategorized: '{{unc}}' } :
				{ filepage: '$DESCRIPTION', description: '$TEXT', ownwork: '', license: '', uncategorized: '' }
		};
	}

	async licencePreview( template: string ) {
		return { html: `<p class="rendered">Licence <a href="/wiki/Template:${ template }">${ template }</a></p>`, categories: [] };
	}

	async suggestCategories( prefix: string ): Promise<CategorySuggestion[]> {
		this.suggestCalls.push( prefix );
		return this.existing.filter( ( n ) => n.toLowerCase().startsWith( prefix.toLowerCase() ) ).map( ( name ) => ( { name, hidden: false } ) );
	}

	async categoryFacts( names: string[] ): Promise<CategoryFacts[]> {
		this.factCalls.push( names );
		return names.map( ( name ) => ( { name, exists: this.existing.indexOf( name ) !== -1, hidden: false } ) );
	}

	async allowedTags(): Promise<string[]> {
		return this.tags;
	}
}

function memoryStorage() {
	const map = new Map<string, string>();
	return { getItem: ( k: string ) => map.get( k ) ?? null, setItem: ( k: string, v: string ) => void map.set( k, v ), removeItem: ( k: string ) => void map.delete( k ) };
}

async function appWithFile( service: FakeDescribe, drafts?: DraftStore ) {
	const app = await renderLoadedApp( { describeApi: service, drafts } );
	// Not a photo: a photo's date has a field of its own (PhotoDate), and the form leaves it out.
	await choose( [ new File( [ 'abc' ], 'Bay.pdf', { type: 'application/pdf', lastModified: 1000 } ) ] );
	await until( () => !!root.querySelector( '.uploaddialog-describe' ), 'the describing fields' );
	return app;
}

function select( label: string ): HTMLSelectElement {
	const id = Array.from( root.querySelectorAll( 'label' ) ).find( ( l ) => l.textContent === label )?.getAttribute( 'for' );
	return root.querySelector( `#${ id }` ) as HTMLSelectElement;
}

async function change( element: HTMLSelectElement | HTMLInputElement, value: string | boolean ) {
	await act( () => {
		if ( typeof value === 'boolean' ) {
			( element as HTMLInputElement ).checked = value;
		} else {
			element.value = value;
		}
		element.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
}

describe( 'the licence field', () => {
	it( 'lists "None selected" first, then headings as disabled entries, indented by depth as Special:Upload does', () => {
		const rows = licenceRows( licenceChoices( LIST, ( n ) => ( n === 'cc-label' ? 'Attribution 4.0' : undefined ) ) );
		const nb = '\u00a0';
		expect( rows.map( ( r ) => [ r.text, r.value, r.heading ] ) ).toEqual( [
			[ 'nolicense', '', false ],
			[ 'Own work', '', true ],
			[ `${ nb }${ nb }Own work, CC BY-SA 4.0`, 'self|cc-by-sa-4.0', false ],
			[ 'Free', '', true ],
			[ `${ nb }${ nb }CC`, '', true ],
			[ `${ nb.repeat( 4 ) }Attribution 4.0`, 'CC-BY-4.0', false ],
			// A licence's own stars do not matter: it stays under the headings in force (Free › CC).
			[ `${ nb.repeat( 4 ) }GFDL`, 'GFDL', false ]
		] );
	} );

	it( 'warns without a licence, shows the chosen one\'s rendering, and the commit carries Special:Upload\'s page text', async () => {
		const service = new FakeDescribe();
		const { wiki } = await appWithFile( service );
		const licence = select( 'Licence' );
		expect( licence.options[ 0 ].text ).toBe( 'None selected' );
		expect( root.textContent ).toContain( 'Files without a licence may be deleted on this wiki.' );
		await type( root.querySelector( 'textarea' ), 'A bay' );
		await change( licence, 'GFDL' );
		await until( () => !!root.querySelector( '.rendered' ), 'the licence rendering' );
		expect( root.querySelector( '.rendered' )?.textContent ).toBe( 'Licence GFDL' );
		// Its links open in a new tab: followed in this one, they would leave the dialog's list.
		await until( () => root.querySelector( '.rendered a' )?.getAttribute( 'target' ) === '_blank', 'the rendering\'s link opening a new tab' );
		await click( button( 'Upload 1 file' ) );
		await until( () => wiki.commits().length === 1, 'the commit' );
		expect( wiki.commits()[ 0 ].text ).toBe( '== Summary ==\nA bay\n== Licensing ==\n{{GFDL}}\n' );
	} );

	it( 'asks before uploading files without a licence, once for the batch', async () => {
		const service = new FakeDescribe();
		const { wiki } = await appWithFile( service );
		await choose( [ new File( [ 'def' ], 'Other.png', { type: 'image/png' } ) ] );
		await click( button( 'Upload 2 files' ) );
		const question = root.querySelector( '[role=alertdialog]' );
		expect( question?.textContent ).toContain( '2 files have no licence' );
		expect( document.activeElement?.textContent ).toBe( 'Choose licences first' );
		await click( button( 'Choose licences first' ) );
		expect( root.querySelector( '[role=alertdialog]' ) ).toBeNull();
		expect( wiki.commits() ).toHaveLength( 0 );
		await click( button( 'Upload 2 files' ) );
		await click( button( 'Upload without a licence' ) );
		await until( () => wiki.commits().length === 2, 'both commits' );
	} );

	it( 'is not there on a wiki without a list, and nothing is asked', async () => {
		const service = new FakeDescribe();
		service.hasList = false;
		const { wiki } = await appWithFile( service );
		expect( root.textContent ).not.toContain( 'Licence' );
		await click( button( 'Upload 1 file' ) );
		await until( () => wiki.commits().length === 1, 'the commit' );
	} );
} );

describe( 'the structured form', () => {
	it( 'builds the page from the wiki\'s format, with the date and the raw text as more text', async () => {
		const service = new FakeDescribe();
		service.structured = true;
		const { wiki } = await appWithFile( service );
		const card = groups()[ 0 ];
		await type( card.querySelector( `textarea[id$="-description"]` ), 'Left | right' );
		const date = card.querySelector<HTMLInputElement>( 'input[type=date]' )!;
		await type( date, '2999-01-01' );
		expect( card.textContent ).toContain( 'The date cannot be in the future.' );
		expect( date.getAttribute( 'aria-invalid' ) ).toBe( 'true' );
		await type( date, '2026-07-14' );
		expect( card.textContent ).not.toContain( 'The date cannot be in the future.' );
		expect( card.textContent ).toContain( 'More text' );
		await click( button( 'Upload 1 file' ) );
		await until( () => wiki.commits().length === 1, 'the commit' );
		expect( wiki.commits()[ 0 ].text ).toBe( '{{Information|description={{en|1=Left &#124; right}}|date=2026-07-14|author=[[User:Uploader|Uploader]]}}\n{{unc}}' );
	} );

	it( 'a photo\'s card has one date field, the photo\'s own (with where its date came from), not a second one of the form', async () => {
		const service = new FakeDescribe();
		service.structured = true;
		await renderLoadedApp( { describeApi: service } );
		await choose( [ new File( [ 'abc' ], 'Harbour.png', { type: 'image/png', lastModified: 1000 } ) ] );
		await until( () => !!root.querySelector( '.uploaddialog-describe' ), 'the describing fields' );
		const card = groups()[ 0 ];
		expect( card.querySelectorAll( 'input[type=date]' ) ).toHaveLength( 0 );
		expect( card.querySelectorAll( 'input[type=datetime-local]' ) ).toHaveLength( 1 );
	} );

	it( 'asks for source and author (and a licence) for someone else\'s work', async () => {
		const service = new FakeDescribe();
		service.structured = true;
		await appWithFile( service );
		const card = groups()[ 0 ];
		expect( card.querySelector( 'input[id$="-source"]' ) ).toBeNull();
		const own = Array.from( card.querySelectorAll<HTMLInputElement>( 'input[type=checkbox]' ) ).find( ( c ) => c.parentElement?.textContent?.includes( 'This is my own work' ) )!;
		await change( own, false );
		expect( card.querySelector( 'input[id$="-source"]' ) ).not.toBeNull();
		expect( card.querySelector( 'input[id$="-author"]' ) ).not.toBeNull();
		expect( card.querySelector( 'select[id$="-licence"]' ) ).not.toBeNull();
	} );
} );

describe( 'category chips', () => {
	it( 'ask for suggestions once per pause in typing, add a picked one and a missing one with its warning', async () => {
		vi.useFakeTimers( { shouldAdvanceTime: true } );
		try {
			const service = new FakeDescribe();
			service.hasList = false;
			const { wiki } = await appWithFile( service );
			const input = root.querySelector<HTMLInputElement>( 'input[role=combobox]' )!;
			await type( input, 'B' );
			await type( input, 'Ba' );
			await type( input, 'Bay' );
			expect( service.suggestCalls ).toEqual( [] );
			await act( async () => {
				await vi.advanceTimersByTimeAsync( 350 );
			} );
			expect( service.suggestCalls ).toEqual( [ 'Bay' ] );
			await until( () => root.querySelectorAll( '[role=option]' ).length === 2, 'two suggestions' );
			expect( input.getAttribute( 'aria-expanded' ) ).toBe( 'true' );
			await act( () => {
				input.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'ArrowDown', bubbles: true } ) );
			} );
			await act( () => {
				input.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'Enter', bubbles: true } ) );
			} );
			await type( input, 'Nowhere yet' );
			await act( () => {
				input.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'Enter', bubbles: true } ) );
			} );
			const chips = Array.from( root.querySelectorAll( '.uploaddialog-chip' ) );
			expect( chips.map( ( c ) => c.querySelector( 'bdi' )?.textContent ) ).toEqual( [ 'Bays', 'Nowhere yet' ] );
			await until( () => !!root.querySelector( '.uploaddialog-chip.is-warning' ), 'the missing category\'s warning' );
			expect( root.querySelector( '.uploaddialog-chip.is-warning' )?.textContent ).toContain( 'does not exist yet' );
			await click( button( 'Upload 1 file' ) );
			await until( () => wiki.commits().length === 1, 'the commit' );
			expect( wiki.commits()[ 0 ].text ).toContain( '[[Category:Bays]]\n[[Category:Nowhere yet]]' );
		} finally {
			vi.useRealTimers();
		}
	} );
} );

describe( 'category chips by keyboard and screen reader', () => {
	const key = ( target: Element | null, name: string ) => act( () => {
		target?.dispatchEvent( new KeyboardEvent( 'keydown', { key: name, bubbles: true, cancelable: true } ) );
	} );
	const chipNames = () => Array.from( root.querySelectorAll( '.uploaddialog-chip bdi' ) ).map( ( b ) => b.textContent );
	const focusedLabel = () => ( document.activeElement as HTMLElement | null )?.getAttribute( 'aria-label' ) || document.activeElement?.id;

	it( 'Backspace in the empty field goes to the last chip, Delete and Backspace remove chips, and the focus stays in the field', async () => {
		const service = new FakeDescribe();
		service.hasList = false;
		await appWithFile( service );
		const input = root.querySelector<HTMLInputElement>( 'input[role=combobox]' )!;
		expect( root.querySelector( `label[for="${ input.id }"]` )?.textContent ).toBe( 'Categories' );
		for ( const name of [ 'Bays', 'Nowhere yet', 'Bay bridges' ] ) {
			await type( input, name );
			await key( input, 'Enter' );
		}
		expect( chipNames() ).toEqual( [ 'Bays', 'Nowhere yet', 'Bay bridges' ] );
		// The warning about the missing one is said, once, in a polite live region.
		const live = root.querySelector( '.uploaddialog-categories [aria-live=polite]' );
		await until( () => live?.textContent === 'The category Nowhere yet does not exist yet on this wiki.', `the live region: "${ live?.textContent }"` );

		await act( () => input.focus() );
		await key( input, 'Backspace' );
		expect( focusedLabel() ).toBe( 'Remove the category Bay bridges' );
		await key( document.activeElement, 'Delete' );
		expect( chipNames() ).toEqual( [ 'Bays', 'Nowhere yet' ] );
		expect( focusedLabel() ).toBe( 'Remove the category Nowhere yet' );
		await key( document.activeElement, 'Backspace' );
		expect( chipNames() ).toEqual( [ 'Bays' ] );
		expect( focusedLabel() ).toBe( 'Remove the category Bays' );
		await key( document.activeElement, 'Delete' );
		expect( chipNames() ).toEqual( [] );
		expect( document.activeElement ).toBe( input );
		// Typing goes on as before: a Backspace in the empty field with no chips does nothing.
		await key( input, 'Backspace' );
		expect( document.activeElement ).toBe( input );
	} );

	it( 'a name typed with the wiki\'s own namespace ("Kategorie:" on a German wiki) or "Category:" becomes the bare name; another colon is the name\'s', async () => {
		mw.config.set( 'wgNamespaceIds', { kategorie: 14, category: 14, datei: 6, file: 6 } );
		try {
			const service = new FakeDescribe();
			service.hasList = false;
			await appWithFile( service );
			const input = root.querySelector<HTMLInputElement>( 'input[role=combobox]' )!;
			for ( const name of [ 'Kategorie:Berlin', ' category : Sea', 'Datei:Not a category', 'Bays: old' ] ) {
				await type( input, name );
				await key( input, 'Enter' );
			}
			expect( chipNames() ).toEqual( [ 'Berlin', 'Sea', 'Datei:Not a category', 'Bays: old' ] );
		} finally {
			mw.config.set( 'wgNamespaceIds', undefined );
		}
	} );
} );

describe( 'the batch\'s shared fields', () => {
	it( 'give every file the licence and categories, and a file adds its own categories', async () => {
		const service = new FakeDescribe();
		const { wiki } = await appWithFile( service );
		await choose( [ new File( [ 'def' ], 'Other.png', { type: 'image/png' } ) ] );
		const batch = root.querySelector<HTMLElement>( '.uploaddialog-batch' )!;
		await until( () => !!batch.querySelector( '#uploaddialog-batch-licence' ), 'the batch\'s licence field' );
		await change( batch.querySelector<HTMLSelectElement>( '#uploaddialog-batch-licence' )!, 'GFDL' );
		const shared = batch.querySelector<HTMLInputElement>( '#uploaddialog-batch-categories' )!;
		await type( shared, 'Bays' );
		await act( () => {
			shared.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'Enter', bubbles: true } ) );
		} );
		const own = groups()[ 1 ].querySelector<HTMLInputElement>( 'input[role=combobox]' )!;
		expect( groups()[ 1 ].textContent ).toContain( 'The batch\'s categories apply too: Bays' );
		await type( own, 'Sea' );
		await act( () => {
			own.dispatchEvent( new KeyboardEvent( 'keydown', { key: 'Enter', bubbles: true } ) );
		} );
		await click( button( 'Upload 2 files' ) );
		await until( () => wiki.commits().length === 2, 'both commits' );
		// Special:Upload's text for an empty description starts with a newline (the wiki trims it on saving).
		const texts = wiki.commits().map( ( c ) => c.text ).sort();
		expect( texts ).toEqual( [
			'{{GFDL}}\n\n[[Category:Bays]]',
			'{{GFDL}}\n\n[[Category:Bays]]\n[[Category:Sea]]'
		].map( ( t ) => t.replace( '{{GFDL}}', '\n== Licensing ==\n{{GFDL}}' ) ).sort() );
	} );
} );

describe( 'tags', () => {
	it( 'offer only the wiki\'s allowed tags, as checkboxes, and the commit carries the chosen ones', async () => {
		const service = new FakeDescribe();
		service.hasList = false;
		const { wiki } = await appWithFile( service );
		const fieldset = root.querySelector( '.uploaddialog-tags' )!;
		expect( fieldset.querySelector( 'legend' )?.textContent ).toBe( 'Tags' );
		const boxes = Array.from( fieldset.querySelectorAll<HTMLInputElement>( 'input' ) );
		expect( boxes.map( ( b ) => b.type ) ).toEqual( [ 'checkbox', 'checkbox' ] );
		expect( Array.from( fieldset.querySelectorAll( 'label' ) ).map( ( l ) => l.textContent ) ).toEqual( [ 'e2e-tag', 'other-tag' ] );
		expect( root.querySelector( 'input[id$="-tags"]' ) ).toBeNull();
		await change( boxes[ 1 ], true );
		await click( button( 'Upload 1 file' ) );
		await until( () => wiki.commits().length === 1, 'the commit' );
		expect( wiki.commits()[ 0 ].tags ).toEqual( [ 'other-tag' ] );
	} );
} );

describe( 'drafts', () => {
	it( 'keep what was typed and offer it back when the same file is picked again', async () => {
		const storage = memoryStorage();
		const service = new FakeDescribe();
		await appWithFile( service, new DraftStore( storage, 'wiki|user' ) );
		await type( root.querySelector( 'textarea' ), 'Typed before the crash' );
		await until( () => ( storage.getItem( 'uploaddialog-drafts:wiki|user' ) || '' ).indexOf( 'Typed before the crash' ) !== -1, 'the draft written' );

		// A new page: a new App and queue over the same storage.
		await tick();
		await appWithFile( service, new DraftStore( storage, 'wiki|user' ) );
		await until( () => !!button( 'Restore it' ), 'the offer' );
		expect( root.textContent ).toContain( 'What you typed earlier for one of these files was kept.' );
		expect( root.querySelector( 'textarea' )?.value ).toBe( '' );
		await click( button( 'Restore it' ) );
		expect( root.querySelector( 'textarea' )?.value ).toBe( 'Typed before the crash' );
		expect( button( 'Restore it' ) ).toBeUndefined();
	} );

	it( 'are written while the list renders every 100 ms (as progress does during an upload), and at once when the dialog closes', async () => {
		const storage = memoryStorage();
		const key = 'uploaddialog-drafts:wiki|user';
		const { queue } = await appWithFile( new FakeDescribe(), new DraftStore( storage, 'wiki|user' ) );
		await type( root.querySelector( 'textarea' ), 'Typed while others upload' );
		// Renders that change nothing the user typed, faster than the drafts' quiet time.
		for ( let i = 0; i < 12 && ( storage.getItem( key ) || '' ).indexOf( 'Typed while others upload' ) === -1; i++ ) {
			await act( () => queue.store.setState( ( s ) => ( { ...s, items: s.items.map( ( item ) => ( { ...item } ) ) } ) ) );
			await tick( 100 );
		}
		expect( storage.getItem( key ) || '', 'written within 1.2 s despite the renders' ).toContain( 'Typed while others upload' );

		await type( root.querySelector( 'textarea' ), 'Typed just before closing' );
		await act( () => render( null, root ) );
		expect( storage.getItem( key ) || '', 'written when the dialog closed' ).toContain( 'Typed just before closing' );
	} );

	it( 'drop a published file\'s draft, and Discard forgets one', () => {
		const storage = memoryStorage();
		const drafts = new DraftStore( storage, 's', () => 5 );
		const file = new File( [ 'x' ], 'A.png', { lastModified: 7 } );
		const item = ( state: string, text: string ) => ( {
			id: '1', source: { kind: 'file', file }, fields: { filename: 'A.png', text, comment: '', tags: '', watchlist: 'preferences', watchlistExpiry: 'infinite' }, status: { state }
		} ) as never;
		drafts.saveFrom( [ item( 'ready', 'T' ) ] );
		expect( drafts.find( { name: 'A.png', size: 1, lastModified: 7 } )?.fields ).toEqual( { text: 'T' } );
		drafts.saveFrom( [ item( 'done', 'T' ) ] );
		expect( drafts.list() ).toEqual( [] );
		drafts.saveFrom( [ item( 'ready', 'U' ) ] );
		drafts.forget( { name: 'A.png', size: 1, lastModified: 7 } );
		expect( storage.getItem( 'uploaddialog-drafts:s' ) ).toBeNull();
	} );
} );
