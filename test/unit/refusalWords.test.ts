/**
 * A name check's refusal in the wiki's rendered words (errorformat=html): the text for the
 * failure's words, the HTML for the failure view, so a refusal found before sending is shown as
 * the upload's own refusal is, with working links, never as [[wikitext]] (seen end to end: a URL
 * whose name check answered first showed "[[Wiki:Users|Users]]").
 */
import { describe, expect, it } from 'vitest';
import { titleFactsOf } from '../../src/api/titleFacts';
import type { QueryPage } from '../../src/api/nameCheckTypes';

const HTML = 'The action you have requested is limited to users in one of the groups: <a href="/index.php?title=Wiki:Users" title="Wiki:Users">Users</a>.';

describe( 'refusals in the wiki\'s rendered words', () => {
	it( 'keeps the HTML and gives its text', () => {
		const page = { ns: 6, title: 'File:A.png', missing: true, actions: { edit: [], upload: [ { code: 'permissiondenied', html: HTML } ] } } as unknown as QueryPage;
		const [ facts ] = titleFactsOf( [ 'File:A.png' ], { pages: new Map( [ [ 'File:A.png', page ] ] ), steps: new Map(), complete: true }, false );
		expect( facts.refusals ).toEqual( [ {
			action: 'upload',
			code: 'permissiondenied',
			text: 'The action you have requested is limited to users in one of the groups: Users.',
			html: HTML
		} ] );
	} );

	it( 'a refusal in the plain format keeps its text and has no HTML', () => {
		const page = { ns: 6, title: 'File:B.png', missing: true, actions: { edit: [ { code: 'protectedpage', text: 'Protected.' } ], upload: [] } } as unknown as QueryPage;
		const [ facts ] = titleFactsOf( [ 'File:B.png' ], { pages: new Map( [ [ 'File:B.png', page ] ] ), steps: new Map(), complete: true }, false );
		expect( facts.refusals ).toEqual( [ { action: 'edit', code: 'protectedpage', text: 'Protected.' } ] );
	} );
} );
