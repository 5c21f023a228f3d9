/**
 * The Upload click shows where the first file it started stands (src/ui/useStartShown.ts): its
 * status, below the fields of an open card, is scrolled into the dialog's view once, and later
 * progress never scrolls again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFile } from './fakeApi';
import { buttonNamed as button, choose, click, groups, renderLoadedApp, tick, until, useContainer } from './renderApp';

useContainer();

describe( 'the Upload click', () => {
	let scrolled: Array<{ element: Element; options: unknown }>;
	const original = Element.prototype.scrollIntoView;
	beforeEach( () => {
		scrolled = [];
		Element.prototype.scrollIntoView = vi.fn( function ( this: Element, options?: unknown ) {
			scrolled.push( { element: this, options } );
		} ) as typeof Element.prototype.scrollIntoView;
	} );
	afterEach( () => {
		Element.prototype.scrollIntoView = original;
	} );

	it( 'brings the status of the first file it started into view, once', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'First.pdf', 100, 1 ), makeFile( 'Second.pdf', 100, 2 ) ] );
		expect( scrolled ).toEqual( [] );
		await click( button( 'Upload 2 files' ) );
		await until( () => scrolled.length > 0, 'the scroll' );
		const [ first ] = groups();
		expect( scrolled ).toHaveLength( 1 );
		expect( scrolled[ 0 ].element.classList.contains( 'uploaddialog-status' ) ).toBe( true );
		expect( first.contains( scrolled[ 0 ].element ) ).toBe( true );
		expect( scrolled[ 0 ].options ).toEqual( { block: 'center' } );
		await until( () => !queue.isBusy(), 'the run' );
		await tick( 50 );
		expect( scrolled, 'progress and the end of the run do not scroll' ).toHaveLength( 1 );
	} );

	it( 'with files already uploaded, shows the first of the new ones', async () => {
		const { queue } = await renderLoadedApp();
		await choose( [ makeFile( 'Earlier.pdf', 100, 1 ) ] );
		await click( button( 'Upload 1 file' ) );
		await until( () => !queue.isBusy(), 'the first run' );
		await choose( [ makeFile( 'Later.pdf', 100, 2 ) ] );
		scrolled = [];
		await click( button( 'Upload 1 file' ) );
		await until( () => scrolled.length > 0, 'the scroll' );
		const later = groups().find( ( g ) => g.getAttribute( 'aria-label' ) === 'File Later.pdf' );
		expect( later?.contains( scrolled[ 0 ].element ) ).toBe( true );
	} );
} );
