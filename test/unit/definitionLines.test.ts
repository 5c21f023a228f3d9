/**
 * The gadget's lines in MediaWiki:Gadgets-definition as the deploy writes them
 * (scripts/lib/lines.mjs): the build owns how the code loads, the wiki owns who gets it, and
 * `rights=` is the build's proposal where the wiki's line has none. Merging is stable: a second
 * deploy finds nothing to change.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the scripts, without types
import { insertLine, mergeDefinitionLine } from '../../scripts/lib/lines.mjs';

const LOADER = '* UploadDialog[ResourceLoader|rights=upload|dependencies=mediawiki.util]|UploadDialog.js';
const DIALOG = '* UploadDialog-dialog[ResourceLoader|hidden|dependencies=mediawiki.api,mediawiki.util]|UploadDialog-dialog.js';

describe( 'mergeDefinitionLine', () => {
	it( 'moves the one-page line to the loader: rights=upload added, the wiki\'s default kept, and stable', () => {
		const old = '* UploadDialog[ResourceLoader|dependencies=mediawiki.api,mediawiki.util,mediawiki.Title|default]|UploadDialog.js';
		const moved = mergeDefinitionLine( LOADER, old );
		expect( moved ).toBe( '* UploadDialog[ResourceLoader|rights=upload|dependencies=mediawiki.util|default]|UploadDialog.js' );
		expect( mergeDefinitionLine( LOADER, moved ) ).toBe( moved );
	} );

	it( 'keeps rights the wiki chose, and its other choices', () => {
		expect( mergeDefinitionLine( LOADER, '* UploadDialog[ResourceLoader|skins=vector-2022|rights=autoconfirmed]|UploadDialog.js' ) )
			.toBe( '* UploadDialog[ResourceLoader|rights=autoconfirmed|dependencies=mediawiki.util|skins=vector-2022]|UploadDialog.js' );
	} );

	it( 'writes a new line as the build has it', () => {
		expect( mergeDefinitionLine( DIALOG, undefined ) ).toBe( DIALOG );
	} );
} );

describe( 'insertLine', () => {
	it( 'replaces a line in place, puts a new one after the one before it, or at the end', () => {
		const lines = [ '== Tools ==', LOADER, '* Other[ResourceLoader]|Other.js', '' ];
		expect( insertLine( lines, 1, -1, LOADER ) ).toBe( 1 );
		expect( insertLine( lines, -1, 1, DIALOG ) ).toBe( 2 );
		expect( lines ).toEqual( [ '== Tools ==', LOADER, DIALOG, '* Other[ResourceLoader]|Other.js', '' ] );
		expect( insertLine( lines, -1, -1, '* Last[ResourceLoader]|Last.js' ) ).toBe( 4 );
		expect( lines[ 4 ] ).toBe( '* Last[ResourceLoader]|Last.js' );
	} );
} );
