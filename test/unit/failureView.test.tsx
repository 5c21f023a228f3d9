/**
 * FailureView and the wiki's own words: MediaWiki-parsed HTML (errorformat=html) shown as the
 * wiki rendered it, its links opening a new tab; words without that HTML shown as text; and the
 * refusals for the account, each with its own message naming the account and a login link.
 */
import deMessages from '../../src/i18n/de.json';
import { h } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerMessages } from '../../src/i18n';
import type { UploadFailure } from '../../src/upload/failures';
import { FailureView } from '../../src/ui/FailureView';
import { mount, root, useContainer } from './renderApp';
import { resetMessages } from './setup';

useContainer();

const failure = ( over: Partial<UploadFailure> ): UploadFailure => ( {
	code: 'permissiondenied',
	info: 'The action you have requested is limited to users in the group: Users.',
	params: [],
	remedy: 'rights',
	transient: false,
	...over
} );

const show = ( f: UploadFailure ) => mount( h( FailureView, { failure: f, onRemove: () => undefined } ) );
const wikiWords = () => root.querySelector( '.uploaddialog-api-info' );

describe( 'the wiki\'s words', () => {
	beforeEach( () => {
		resetMessages();
		registerMessages( 'en' );
	} );

	it( 'shows MediaWiki\'s HTML as rendered: a working link (in a new tab), no wikitext', async () => {
		await show( failure( { html: 'The action you have requested is limited to users in the group: <a href="/index.php?title=Project:Users" title="Project:Users">Users</a>.' } ) );
		expect( wikiWords()?.textContent ).toBe( 'The wiki says: The action you have requested is limited to users in the group: Users.' );
		const link = wikiWords()?.querySelector( 'a' );
		expect( link?.getAttribute( 'href' ) ).toBe( '/index.php?title=Project:Users' );
		expect( link?.getAttribute( 'target' ) ).toBe( '_blank' );
		expect( link?.getAttribute( 'rel' ) ).toBe( 'noopener' );
		expect( wikiWords()?.textContent ).not.toMatch( /\[\[/ );
	} );

	it( 'shows words without the wiki\'s HTML as text, markup and all', async () => {
		await show( failure( { info: 'Bad <b>name</b>', html: '' } ) );
		expect( wikiWords()?.querySelector( 'b' ) ).toBeNull();
		expect( wikiWords()?.textContent ).toBe( 'The wiki says: Bad <b>name</b>' );
	} );

	it( 'in German the words go where the translation puts them', async () => {
		resetMessages();
		registerMessages( 'de', { de: deMessages } );
		await show( failure( { html: 'Nur für <a href="/x">Benutzer</a>.' } ) );
		expect( wikiWords()?.textContent ).toBe( 'Das Wiki sagt: Nur für Benutzer.' );
	} );
} );

describe( 'a refusal for the account', () => {
	beforeEach( () => {
		resetMessages();
		registerMessages( 'en' );
	} );

	it.each( [
		[ 'assertuserfailed', 'You are no longer logged in as Uploader: your session has ended' ],
		[ 'assertnameduserfailed', 'You are no longer logged in as Uploader: this browser is now logged in as another account' ]
	] )( '%s says whom, and offers to log in', async ( code, words ) => {
		await show( failure( { code, info: '', params: [ 'Uploader' ], remedy: 'login' } ) );
		expect( root.querySelector( '.uploaddialog-error-text' )?.textContent ).toContain( words );
		expect( root.querySelector( 'a[href*="Special%3AUserLogin"]' )?.getAttribute( 'target' ) ).toBe( '_blank' );
	} );
} );
