/**
 * MediaWiki clamps a `filesize` above $wgMaxUploadSize with only an API warning and goes on to
 * assemble a truncated file: the API layer must turn that warning into a refusal at the first
 * chunk. Answers as 1.43 gives them (the bc format's text, and the list of the other formats).
 */
import { describe, expect, it } from 'vitest';
import { filesizeClamped } from '../../src/api/wikiApi';

const TEXT = 'The value "3145728" for parameter "filesize" must be between 0 and 2,097,152.';

describe( 'filesizeClamped', () => {
	it( 'finds the warning in the default (bc) format', () => {
		expect( filesizeClamped( {
			warnings: { upload: { warnings: TEXT } },
			upload: { result: 'Continue', offset: 1048576, filekey: 'k.pdf' }
		} as never ) ).toBe( TEXT );
	} );

	it( 'finds it in the list of the other error formats', () => {
		expect( filesizeClamped( {
			warnings: [ { code: 'outofrange', module: 'upload', text: TEXT } ],
			upload: { result: 'Continue', offset: 1048576 }
		} as never ) ).toBe( TEXT );
	} );

	it( 'is null for an answer without warnings, or with other ones', () => {
		expect( filesizeClamped( { upload: { result: 'Continue', offset: 1 } } as never ) ).toBeNull();
		expect( filesizeClamped( { warnings: { main: { warnings: 'Unrecognized parameter: "foo".' } } } as never ) ).toBeNull();
		expect( filesizeClamped( undefined ) ).toBeNull();
	} );
} );
