import { describe, expect, it } from 'vitest';
import { describedPageText, type PageTextSetup } from '../../src/upload/describedText';
import { commitParams } from '../../src/upload/publish';
import { defaultFields } from '../../src/upload/names';
import type { UploadFields, UploadItem } from '../../src/upload/model';

const WIKIMEDIA = {
	filepage: '== {{int:filedesc}} ==\n{{Information\n|description=$DESCRIPTION\n|date=$DATE\n|source=$SOURCE\n|author=$AUTHOR\n}}\n\n== {{int:license-header}} ==\n$LICENSE\n\n$CATEGORIES\n',
	description: '{{$LANGUAGE|1=$TEXT}}',
	ownwork: '{{own}}',
	license: '{{self|cc-by-sa-4.0}}',
	uncategorized: '{{subst:unc}}'
};
const headings = { filedesc: 'Summary', licenseHeader: 'Licensing' };
const special: PageTextSetup = { hasLicenceList: true, headings, format: null, language: 'en', userName: 'Uploader' };
const structured: PageTextSetup = { ...special, format: WIKIMEDIA };

function fields( patch: Partial<UploadFields> ): UploadFields {
	return { ...defaultFields( 'A.jpg' ), ...patch };
}

describe( 'describedPageText', () => {
	it( 'is the raw text as typed without a setup, or on a wiki without a list or format', () => {
		expect( describedPageText( fields( { text: 'Hello', licence: 'x' } ), undefined ) ).toBe( 'Hello' );
		expect( describedPageText( fields( { text: 'Hello', licence: 'x' } ), { ...special, hasLicenceList: false } ) ).toBe( 'Hello' );
	} );

	it( 'writes what Special:Upload writes on a wiki with a licence list', () => {
		expect( describedPageText( fields( { text: 'A bay', licence: 'self|cc-by-sa-4.0' } ), special ) )
			.toBe( '== Summary ==\nA bay\n== Licensing ==\n{{self|cc-by-sa-4.0}}\n' );
		expect( describedPageText( fields( { text: 'A bay', licence: '' } ), special ) ).toBe( '== Summary ==\nA bay\n' );
	} );

	it( 'adds the chips as category lines after the text, the batch\'s and the file\'s own', () => {
		expect( describedPageText( fields( { text: 'A bay', categories: [ 'Bays' ], moreCategories: [ 'Category:Sea', 'Bays' ] } ), { ...special, hasLicenceList: false } ) )
			.toBe( 'A bay\n\n[[Category:Bays]]\n[[Category:Sea]]' );
		expect( describedPageText( fields( { categories: [ 'Bays' ] } ), undefined ) ).toBe( '[[Category:Bays]]' );
	} );

	it( 'fills the wiki\'s structured format, own work, with more text after it', () => {
		const text = describedPageText( fields( { description: 'Left | right }} $& x', date: '2026-07-14', categories: [ 'Bays' ], text: 'More.' } ), structured );
		expect( text ).toBe( '== {{int:filedesc}} ==\n{{Information\n|description={{en|1=Left &#124; right &#125;&#125; $& x}}\n|date=2026-07-14\n|source={{own}}\n|author=[[User:Uploader|Uploader]]\n}}\n\n== {{int:license-header}} ==\n{{self|cc-by-sa-4.0}}\n\n[[Category:Bays]]\n\nMore.' );
	} );

	it( 'takes source, author and the picked licence for someone else\'s work; uncategorized without chips', () => {
		const text = describedPageText( fields( { description: 'D', ownWork: false, source: 'Book', author: 'Ann', licence: 'PD-old' } ), structured );
		expect( text ).toContain( '|source=Book\n|author=Ann\n' );
		expect( text ).toContain( '== {{int:license-header}} ==\n{{PD-old}}\n' );
		expect( text ).toContain( '{{subst:unc}}' );
	} );

	it( 'is what commitParams sends as the page text, from the state\'s setup', () => {
		const item = { id: 'x', filekey: 'k', size: 1, ignoreWarnings: false, fields: fields( { text: 'A bay', licence: 'GFDL' } ) } as unknown as UploadItem & { filekey: string };
		expect( commitParams( item, null, 1e9, special ).text ).toBe( '== Summary ==\nA bay\n== Licensing ==\n{{GFDL}}\n' );
		expect( commitParams( item, null, 1e9 ).text ).toBe( 'A bay' );
	} );

	it( 'sends only the tags the wiki allows, where the setup knows them (a draft\'s old tag would fail the commit)', () => {
		const item = { id: 'x', filekey: 'k', size: 1, ignoreWarnings: false, fields: fields( { tags: 'uploaddialog-test, gone-tag' } ) } as unknown as UploadItem & { filekey: string };
		expect( commitParams( item, null, 1e9, { ...special, allowedTags: [ 'uploaddialog-test' ] } ).tags ).toEqual( [ 'uploaddialog-test' ] );
		expect( commitParams( item, null, 1e9, { ...special, allowedTags: [] } ).tags ).toEqual( [] );
		// Not known (no setup, or its question failed): as typed, and the wiki judges.
		expect( commitParams( item, null, 1e9, special ).tags ).toEqual( [ 'uploaddialog-test', 'gone-tag' ] );
		expect( commitParams( item, null, 1e9 ).tags ).toEqual( [ 'uploaddialog-test', 'gone-tag' ] );
	} );
} );
