// @vitest-environment node
/**
 * build.mjs reads gadget-definition.txt as the list of parts it builds: the loader's line first,
 * then hidden parts it knows by name. A line it does not know, or a part it needs and does not
 * find, stops the build with words that say which line to write.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module, without types
import { parseGadgetDefinition } from '../../build.mjs';

const LOADER = '* UploadDialog[ResourceLoader|rights=upload|dependencies=mediawiki.util]|UploadDialog.js';
const hidden = ( role: string ) => `* UploadDialog-${ role }[ResourceLoader|hidden]|UploadDialog-${ role }.js`;

describe( 'parseGadgetDefinition', () => {
	it( 'the repository\'s definition: the loader, the dialog and its later parts, each with its module and page', () => {
		const parsed = parseGadgetDefinition( readFileSync( new URL( '../../gadget-definition.txt', import.meta.url ), 'utf8' ) );
		expect( parsed.loader.script ).toBe( 'UploadDialog.js' );
		expect( parsed.loader.hidden ).toBe( false );
		expect( parsed.dialog.module ).toBe( 'ext.gadget.UploadDialog-dialog' );
		expect( parsed.parts.map( ( p: { role: string } ) => p.role ) ).toEqual( [ 'dialog', 'sha1', 'photo', 'i18n-de' ] );
		expect( parsed.all.map( ( p: { script: string } ) => p.script ) ).toEqual( [
			'UploadDialog.js', 'UploadDialog-dialog.js', 'UploadDialog-sha1.js', 'UploadDialog-photo.js', 'UploadDialog-i18n-de.js'
		] );
	} );

	it( 'refuses a part it does not know, naming the ones it does', () => {
		const text = [ LOADER, hidden( 'dialog' ), hidden( 'sha1' ), hidden( 'photo' ), hidden( 'maps' ) ].join( '\n' );
		expect( () => parseGadgetDefinition( text ) ).toThrow( 'UploadDialog-maps is no part the build knows (UploadDialog-dialog, UploadDialog-sha1, UploadDialog-photo, UploadDialog-i18n-<language>)' );
	} );

	it( 'refuses a definition without a part the dialog needs', () => {
		const text = [ LOADER, hidden( 'dialog' ), hidden( 'photo' ) ].join( '\n' );
		expect( () => parseGadgetDefinition( text ) ).toThrow( 'no line for UploadDialog-sha1' );
	} );

	it( 'refuses a loader line that is hidden, or a part that is not', () => {
		expect( () => parseGadgetDefinition( [ hidden( 'x' ).replace( '-x', '' ), hidden( 'dialog' ) ].join( '\n' ) ) ).toThrow( 'the loader\'s line first' );
		expect( () => parseGadgetDefinition( [ LOADER, hidden( 'dialog' ).replace( '|hidden', '' ), hidden( 'sha1' ), hidden( 'photo' ) ].join( '\n' ) ) ).toThrow( 'each with `hidden`' );
	} );
} );
