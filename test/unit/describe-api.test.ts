/**
 * DescribeApi over a fake mw.Api that settles like mw.Api (test/unit/fakeQueryApi.ts), with the
 * answers a local MediaWiki 1.43.12 gave to the same requests (scripts/wiki/wiki.sh on its own
 * port; MediaWiki:Licenses as in describe-licences.test.ts, MediaWiki:Describe-label-cc0 created,
 * Category:Bays, the hidden Category:Bay maintenance and Category:Baywatch redirecting to Bays;
 * the user Uploader). Also the pure extractor of the tags allowed on uploads.
 */
import { describe, expect, it } from 'vitest';
import { DescribeApi } from '../../src/api/describeApi';
import { ApiError } from '../../src/api/errors';
import { allowedTagsOf } from '../../src/describe/allowedTags';
import type { LicenceNode } from '../../src/describe/licences';
import { FakeDeferred } from './deferred';
import { FakeMwQueryApi } from './fakeQueryApi';

type Params = Record<string, unknown>;

const LICENSES = 'Intro text that does not count\n* Own work\n** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0\n** self|cc-zero|describe-label-cc0\n* Not own work\n** Creative Commons\n*** cc-by-4.0|CC BY 4.0\n** PD-old|Public domain (old)\n* describe-label-cc0\n**** deep|Deep jump\n* Own work\n** self|GFDL|Own work, GFDL (merged group)\n*   spaced | Spaced label';

/** Captured answers (formatversion=2). */
const REAL = {
	licenses: { batchcomplete: true, query: { allmessages: [ { name: 'licenses', normalizedname: 'licenses', content: LICENSES } ] } },
	labels: { batchcomplete: true, query: { allmessages: [ { name: 'nolicense', normalizedname: 'nolicense', content: 'None selected' }, { name: 'Own work', normalizedname: 'own_work', missing: true }, { name: 'Own work, CC BY-SA 4.0', normalizedname: 'own_work,_CC_BY-SA_4.0', missing: true }, { name: 'describe-label-cc0', normalizedname: 'describe-label-cc0', content: 'Own work, released into the public domain (CC0)' } ] } },
	headingsDe: { batchcomplete: true, query: { allmessages: [ { name: 'filedesc', normalizedname: 'filedesc', content: 'Beschreibung' }, { name: 'license-header', normalizedname: 'license-header', content: 'Lizenz' } ] } },
	noList: { batchcomplete: true, query: { allmessages: [ { name: 'licenses', normalizedname: 'licenses', content: '-' } ] } },
	uploadDialogDefault: { batchcomplete: true, query: { uploaddialog: { fields: { description: true, date: false, categories: false }, licensemessages: { local: 'generic-local', foreign: 'generic-foreign' }, comment: { local: '', foreign: '' }, format: { filepage: '$DESCRIPTION', description: '$TEXT', ownwork: '', license: '', uncategorized: '' } } } },
	/** generator=prefixsearch&gpssearch=Bay&gpsnamespace=14&gpslimit=10&prop=info|pageprops&ppprop=hiddencat&redirects=1 */
	prefixsearch: { batchcomplete: true, query: { redirects: [ { index: 3, from: 'Category:Baywatch', to: 'Category:Bays' } ], pages: [ { pageid: 7, ns: 14, title: 'Category:Bays', index: 2, contentmodel: 'wikitext', pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr', touched: '2026-12-06T15:09:28Z', lastrevid: 7, length: 5, new: true }, { pageid: 8, ns: 14, title: 'Category:Bay maintenance', index: 1, contentmodel: 'wikitext', pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr', touched: '2026-12-06T15:09:28Z', lastrevid: 8, length: 20, new: true, pageprops: { hiddencat: '' } } ] } },
	/** titles=Category:Bays|Category:Nope|Category:Baywatch|Category:bay_maintenance&prop=info|pageprops&ppprop=hiddencat&redirects=1 */
	titles: { batchcomplete: true, query: { normalized: [ { fromencoded: false, from: 'Category:bay_maintenance', to: 'Category:Bay maintenance' } ], redirects: [ { from: 'Category:Baywatch', to: 'Category:Bays' } ], pages: [ { ns: 14, title: 'Category:Nope', missing: true, contentmodel: 'wikitext' }, { pageid: 7, ns: 14, title: 'Category:Bays', contentmodel: 'wikitext' }, { pageid: 8, ns: 14, title: 'Category:Bay maintenance', contentmodel: 'wikitext', pageprops: { hiddencat: '' } } ] } },
	/** The same titles= question to the same wiki with $wgLanguageCode = 'de' (where none of them exists): titles in the wiki's own namespace name. */
	titlesDe: { batchcomplete: true, query: { normalized: [ { fromencoded: false, from: 'Category:Bays', to: 'Kategorie:Bays' }, { fromencoded: false, from: 'Category:Nope', to: 'Kategorie:Nope' }, { fromencoded: false, from: 'Category:bay_maintenance', to: 'Kategorie:Bay maintenance' } ], pages: [ { ns: 14, title: 'Kategorie:Bay maintenance', missing: true, contentmodel: 'wikitext', pagelanguage: 'de', pagelanguagehtmlcode: 'de', pagelanguagedir: 'ltr' }, { ns: 14, title: 'Kategorie:Nope', missing: true, contentmodel: 'wikitext', pagelanguage: 'de', pagelanguagehtmlcode: 'de', pagelanguagedir: 'ltr' }, { ns: 14, title: 'Kategorie:Bays', missing: true, contentmodel: 'wikitext', pagelanguage: 'de', pagelanguagehtmlcode: 'de', pagelanguagedir: 'ltr' } ] } },
	/** action=paraminfo&modules=upload, the module's other parameters left out. */
	paraminfo: { paraminfo: { modules: [ { name: 'upload', classname: 'MediaWiki\\Api\\ApiUpload', path: 'upload', group: 'action', parameters: [ { index: 1, name: 'filename', type: 'string', required: false, multi: false }, { index: 3, name: 'tags', type: [ 'uploaddialog-test' ], required: false, multi: true, lowlimit: 50, highlimit: 500, limit: 50 }, { index: 7, name: 'watchlistexpiry', type: 'expiry', required: false, multi: false } ] } ] } },
	/** meta=userinfo&uiprop=options after action=options&optionname=userjs-uploaddialog-removelocation&optionvalue=batch|a=b (other options left out) */
	userinfo: { batchcomplete: true, query: { userinfo: { id: 2, name: 'Uploader', options: { language: 'en', 'userjs-uploaddialog-removelocation': 'batch|a=b' } } } },
	options: { options: 'success' },
	parse: { parse: { title: 'File:Trip.jpg', pageid: 0, text: '<div class="mw-content-ltr mw-parser-output" lang="en" dir="ltr"><p><a href="/index.php?title=Template:Self&amp;action=edit&amp;redlink=1" class="new" title="Template:Self (page does not exist)">Template:Self</a>\n</p></div>', categories: [] } }
};

/** The query fake, with postWithToken as mw.Api has it (the token is mw.Api's business). */
class FakeMwDescribeApi extends FakeMwQueryApi {
	readonly tokenPosts: Params[] = [];
	postAnswer: ( params: Params ) => Record<string, unknown> = () => REAL.options;

	postWithToken( type: string, params: Params ): FakeDeferred {
		this.tokenPosts.push( { type, ...params } );
		const d = new FakeDeferred();
		const answer = this.postAnswer( params );
		const error = answer.error as { code?: string } | undefined;
		setTimeout( () => ( error ? d.reject( error.code, answer ) : d.resolve( answer ) ) );
		return d;
	}
}

function setup( answer: ( params: Params ) => Record<string, unknown> ) {
	const fake = new FakeMwDescribeApi();
	fake.answer = answer;
	return { fake, api: new DescribeApi( fake as unknown as mw.Api ) };
}

function texts( nodes: LicenceNode[] ): unknown[] {
	return nodes.map( ( n ) => ( n.kind === 'group' ? [ n.text, texts( n.children ) ] : n.text ) );
}

describe( 'DescribeApi#licences', () => {
	it( 'reads the list and the headings in the content language, the labels in the user\'s', async () => {
		const { fake, api } = setup( ( p ) => {
			if ( p.ammessages === 'licenses' ) {
				return REAL.licenses;
			}
			return p.ammessages === 'filedesc|license-header' ? REAL.headingsDe : REAL.labels;
		} );
		const licences = await api.licences( 'de' );
		expect( fake.requests.map( ( r ) => r.params ) ).toEqual( [
			{ formatversion: 2, action: 'query', meta: 'allmessages', ammessages: 'licenses', amlang: 'de' },
			{ formatversion: 2, action: 'query', meta: 'allmessages', ammessages: 'filedesc|license-header', amlang: 'de', amenableparser: 1 },
			{ formatversion: 2, action: 'query', meta: 'allmessages', ammessages: 'nolicense|Own work|Own work, CC BY-SA 4.0|describe-label-cc0|Not own work|Creative Commons|CC BY 4.0|Public domain (old)|Deep jump|Own work, GFDL (merged group)| Spaced label', amenableparser: 1 }
		] );
		expect( licences.hasList ).toBe( true );
		expect( licences.headings ).toEqual( { filedesc: 'Beschreibung', licenseHeader: 'Lizenz' } );
		expect( texts( licences.choices ) ).toEqual( [
			'None selected',
			[ 'Own work', [ 'Own work, CC BY-SA 4.0', 'Own work, released into the public domain (CC0)', 'Own work, GFDL (merged group)', ' Spaced label' ] ],
			[ 'Not own work', [ [ 'Creative Commons', [ 'CC BY 4.0', 'Public domain (old)' ] ] ] ],
			[ 'Own work, released into the public domain (CC0)', [ 'Deep jump' ] ]
		] );
	} );

	it( 'says there is no list for "-", and asks 50 names per request', async () => {
		const { api } = setup( ( p ) => ( p.ammessages === 'licenses' ? REAL.noList : { batchcomplete: true, query: { allmessages: [] } } ) );
		const licences = await api.licences( 'en' );
		expect( licences.hasList ).toBe( false );
		expect( licences.headings ).toEqual( { filedesc: 'Summary', licenseHeader: 'Licensing' } );

		const many = setup( () => ( { batchcomplete: true, query: { allmessages: [] } } ) );
		await many.api.messages( Array.from( { length: 120 }, ( _, i ) => `m${ i }` ) );
		expect( many.fake.requests.map( ( r ) => String( r.params.ammessages ).split( '|' ).length ) ).toEqual( [ 50, 50, 20 ] );
	} );

	it( 'says there is no list when the message has headings but no licence to choose', async () => {
		const headingsOnly = { batchcomplete: true, query: { allmessages: [ { name: 'licenses', normalizedname: 'licenses', content: '* Own work\n** Still nothing to pick' } ] } };
		const { api } = setup( ( p ) => ( p.ammessages === 'licenses' ? headingsOnly : { batchcomplete: true, query: { allmessages: [] } } ) );
		const licences = await api.licences( 'en' );
		// Headings make groups only around licences (as Special:Upload's select): none here.
		expect( licences.choices ).toHaveLength( 1 );
		expect( licences.hasList ).toBe( false );
	} );

	it( 'passes the wiki\'s refusal on as an ApiError', async () => {
		const { api } = setup( () => ( { error: { code: 'readapidenied', info: 'You need read permission to use this module.' } } ) );
		await expect( api.licences( 'en' ) ).rejects.toBeInstanceOf( ApiError );
	} );
} );

describe( 'DescribeApi#uploadDialogConfig', () => {
	it( 'reads $wgUploadDialog, and fills what an older or partial answer leaves out', async () => {
		const { fake, api } = setup( () => REAL.uploadDialogDefault );
		expect( await api.uploadDialogConfig() ).toEqual( REAL.uploadDialogDefault.query.uploaddialog );
		expect( fake.requests[ 0 ].params ).toEqual( { formatversion: 2, action: 'query', meta: 'siteinfo', siprop: 'uploaddialog' } );
		const partial = setup( () => ( { query: { uploaddialog: { format: { filepage: '{{Information|description=$DESCRIPTION}}' } } } } ) );
		const config = await partial.api.uploadDialogConfig();
		expect( config.format ).toEqual( { filepage: '{{Information|description=$DESCRIPTION}}', description: '$TEXT', ownwork: '', license: '', uncategorized: '' } );
		expect( config.fields ).toEqual( { description: true, date: false, categories: false } );
	} );
} );

describe( 'DescribeApi#licencePreview', () => {
	it( 'parses {{template}} as the file\'s page, and asks nothing for "None selected"', async () => {
		const { fake, api } = setup( () => REAL.parse );
		const preview = await api.licencePreview( 'self|cc-by-sa-4.0', 'Trip.jpg' );
		expect( preview.html ).toContain( 'Template:Self' );
		expect( fake.requests[ 0 ] ).toMatchObject( { method: 'post', params: { action: 'parse', text: '{{self|cc-by-sa-4.0}}', title: 'File:Trip.jpg', pst: 1 } } );
		expect( await api.licencePreview( '', 'Trip.jpg' ) ).toEqual( { html: '', categories: [] } );
		expect( fake.requests.length ).toBe( 1 );
	} );
} );

describe( 'DescribeApi categories', () => {
	it( 'suggests categories in the wiki\'s order, with hidden ones and redirects said', async () => {
		const { fake, api } = setup( () => REAL.prefixsearch );
		expect( await api.suggestCategories( 'Bay' ) ).toEqual( [
			{ name: 'Bay maintenance', hidden: true },
			{ name: 'Bays', hidden: false },
			{ name: 'Baywatch', hidden: false, redirectTo: 'Bays' }
		] );
		expect( fake.requests[ 0 ].params ).toEqual( { formatversion: 2, action: 'query', generator: 'prefixsearch', gpssearch: 'Bay', gpsnamespace: 14, gpslimit: 10, prop: 'info|pageprops', ppprop: 'hiddencat', redirects: 1 } );
		expect( await api.suggestCategories( '  ' ) ).toEqual( [] );
		expect( fake.requests.length ).toBe( 1 );
		const none = setup( () => ( { batchcomplete: true } ) );
		expect( await none.api.suggestCategories( 'Zzz' ) ).toEqual( [] );
	} );

	it( 'tells existing, missing, hidden, redirected and invalid names apart, in the order given', async () => {
		const { fake, api } = setup( () => REAL.titles );
		expect( await api.categoryFacts( [ 'Bays', 'Category:Nope', 'Baywatch', 'bay_maintenance', 'A|b' ] ) ).toEqual( [
			{ name: 'Bays', exists: true, hidden: false },
			{ name: 'Nope', exists: false, hidden: false },
			{ name: 'Baywatch', exists: true, hidden: false, redirectTo: 'Bays' },
			{ name: 'Bay maintenance', exists: true, hidden: true },
			{ name: 'A|b', exists: false, hidden: false, invalid: true }
		] );
		expect( fake.requests[ 0 ].params.titles ).toBe( 'Category:Bays|Category:Nope|Category:Baywatch|Category:bay_maintenance' );
	} );

	it( 'on a German wiki the titles come back as "Kategorie:…": the names are told without it', async () => {
		const { api } = setup( () => REAL.titlesDe );
		expect( await api.categoryFacts( [ 'Bays', 'Nope', 'bay_maintenance' ] ) ).toEqual( [
			{ name: 'Bays', exists: false, hidden: false },
			{ name: 'Nope', exists: false, hidden: false },
			{ name: 'Bay maintenance', exists: false, hidden: false }
		] );
		const suggestions = setup( () => JSON.parse( JSON.stringify( REAL.prefixsearch ).replace( /Category:/g, 'Kategorie:' ) ) );
		expect( ( await suggestions.api.suggestCategories( 'Bay' ) ).map( ( s ) => [ s.name, s.redirectTo ] ) ).toEqual( [
			[ 'Bay maintenance', undefined ], [ 'Bays', undefined ], [ 'Baywatch', 'Bays' ]
		] );
	} );
} );

describe( 'tags allowed on uploads', () => {
	it( 'are the tags parameter\'s type list of paraminfo', async () => {
		expect( allowedTagsOf( REAL.paraminfo ) ).toEqual( [ 'uploaddialog-test' ] );
		const { fake, api } = setup( () => REAL.paraminfo );
		expect( await api.allowedTags() ).toEqual( [ 'uploaddialog-test' ] );
		expect( fake.requests[ 0 ].params ).toEqual( { formatversion: 2, action: 'paraminfo', modules: 'upload' } );
	} );

	it( 'are none where the wiki defines none, or the answer has no list', () => {
		const withType = ( type: unknown ) => ( { paraminfo: { modules: [ { name: 'upload', parameters: [ { name: 'tags', type } ] } ] } } );
		expect( allowedTagsOf( withType( [] ) ) ).toEqual( [] );
		expect( allowedTagsOf( withType( 'string' ) ) ).toEqual( [] );
		expect( allowedTagsOf( withType( [ 'a', '', 3, 'b' ] ) ) ).toEqual( [ 'a', 'b' ] );
		expect( allowedTagsOf( {} ) ).toEqual( [] );
	} );
} );

describe( 'the user\'s remembered choices (userjs- options)', () => {
	it( 'reads an option as stored, null when unset', async () => {
		const { api } = setup( () => REAL.userinfo );
		expect( await api.userOption( 'userjs-uploaddialog-removelocation' ) ).toBe( 'batch|a=b' );
		expect( await api.userOption( 'userjs-uploaddialog-other' ) ).toBeNull();
	} );

	it( 'saves by optionname/optionvalue with a csrf token, resets with no value, and writes only its own options', async () => {
		const { fake, api } = setup( () => ( {} ) );
		await api.saveUserOption( 'userjs-uploaddialog-removelocation', 'batch|a=b' );
		await api.saveUserOption( 'userjs-uploaddialog-removelocation', null );
		expect( fake.tokenPosts ).toEqual( [
			{ type: 'csrf', action: 'options', optionname: 'userjs-uploaddialog-removelocation', optionvalue: 'batch|a=b' },
			{ type: 'csrf', action: 'options', optionname: 'userjs-uploaddialog-removelocation' }
		] );
		await expect( api.saveUserOption( 'skin', 'vector' ) ).rejects.toThrow( /not an UploadDialog user option/ );
		await expect( api.userOption( 'userjs-other-gadget' ) ).rejects.toThrow( /not an UploadDialog user option/ );
		expect( fake.tokenPosts.length ).toBe( 2 );
		expect( fake.requests.length ).toBe( 0 );
		fake.postAnswer = () => ( { error: { code: 'notloggedin', info: 'Please log in.' } } );
		await expect( api.saveUserOption( 'userjs-uploaddialog-x', '1' ) ).rejects.toMatchObject( { code: 'notloggedin' } );
	} );
} );
