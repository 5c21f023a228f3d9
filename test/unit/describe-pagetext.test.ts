/**
 * The page-text builders: Special:Upload's shape (SpecialUpload::getInitialPageText of 1.43),
 * the $wgUploadDialog shape with Wikimedia's production format (issue 20), every placeholder, and
 * the escaping that keeps a user's text literal and the template whole.
 */
import { describe, expect, it } from 'vitest';
import {
	categoryLines,
	DEFAULT_FORMAT,
	fill,
	isStructuredFormat,
	specialUploadPageText,
	structuredPageText,
	type StructuredDescription,
	type UploadDialogFormat
} from '../../src/describe/pageText';
import { escapeTemplateArgument, titleText } from '../../src/describe/wikitextEscape';

const HEADINGS = { filedesc: 'Summary', licenseHeader: 'Licensing' };

describe( 'specialUploadPageText', () => {
	it( 'puts the description under the filedesc heading, then the licence under license-header', () => {
		expect( specialUploadPageText( 'A view', 'self|cc-by-sa-4.0', HEADINGS ) )
			.toBe( '== Summary ==\nA view\n== Licensing ==\n{{self|cc-by-sa-4.0}}\n' );
	} );

	it( 'adds no heading when the text already has it, or when there is no text', () => {
		expect( specialUploadPageText( 'x\n== Summary ==\nA view', 'GFDL', HEADINGS ) ).toBe( 'x\n== Summary ==\nA view\n== Licensing ==\n{{GFDL}}\n' );
		expect( specialUploadPageText( '', 'GFDL', HEADINGS ) ).toBe( '\n== Licensing ==\n{{GFDL}}\n' );
	} );

	it( 'without a licence writes the description only', () => {
		expect( specialUploadPageText( 'A view', '', HEADINGS ) ).toBe( '== Summary ==\nA view\n' );
		expect( specialUploadPageText( '', '', HEADINGS ) ).toBe( '\n' );
	} );

	it( 'takes the heading words as given (content language, or {{int:…}})', () => {
		expect( specialUploadPageText( 'Ansicht', 'GFDL', { filedesc: 'Beschreibung', licenseHeader: 'Lizenz' } ) )
			.toBe( '== Beschreibung ==\nAnsicht\n== Lizenz ==\n{{GFDL}}\n' );
		expect( specialUploadPageText( 'A', 'x', { filedesc: '{{int:filedesc}}', licenseHeader: '{{int:license-header}}' } ) )
			.toBe( '== {{int:filedesc}} ==\nA\n== {{int:license-header}} ==\n{{x}}\n' );
	} );

	it( 'gives what the real Special:Upload saved (MediaWiki 1.43, local wiki; saving trims the end)', () => {
		// Captured: the page text of files uploaded through Special:Upload's form.
		const saved = [
			[ 'A view | with }} and $& \n== not the heading ==\nline', 'self|cc-by-sa-4.0', '== Summary ==\nA view | with }} and $& \n== not the heading ==\nline\n== Licensing ==\n{{self|cc-by-sa-4.0}}' ],
			[ '', 'GFDL', '\n== Licensing ==\n{{GFDL}}' ]
		];
		saved.forEach( ( [ description, licence, text ] ) => {
			expect( specialUploadPageText( description, licence, HEADINGS ).replace( /\s+$/, '' ) ).toBe( text );
		} );
	} );

	it( 'keeps $& and $$ of the description as typed', () => {
		expect( specialUploadPageText( 'costs $$5 $&', '', HEADINGS ) ).toBe( '== Summary ==\ncosts $$5 $&\n' );
	} );
} );

/** Wikimedia's production $wgUploadDialog format, as issue 20 gives it. */
const WIKIMEDIA: UploadDialogFormat = {
	filepage: '== {{int:filedesc}} ==\n{{Information\n|description=$DESCRIPTION\n|date=$DATE\n|source=$SOURCE\n|author=$AUTHOR\n}}\n\n== {{int:license-header}} ==\n$LICENSE\n\n$CATEGORIES\n',
	description: '{{$LANGUAGE|1=$TEXT}}',
	ownwork: '{{own}}',
	license: '{{self|cc-by-sa-4.0}}',
	uncategorized: '{{subst:unc}}'
};

function fields( patch: Partial<StructuredDescription> = {} ): StructuredDescription {
	return {
		descriptions: [ { language: 'en', text: 'A view of the bay' } ],
		date: '2026-07-14',
		authorship: { ownWork: true, userName: 'Uploader' },
		categories: [ 'Bays', 'Category:Photos of 2026' ],
		...patch
	};
}

describe( 'structuredPageText with Wikimedia\'s format', () => {
	it( 'fills every placeholder for own work', () => {
		expect( structuredPageText( WIKIMEDIA, fields() ) ).toBe(
			'== {{int:filedesc}} ==\n{{Information\n|description={{en|1=A view of the bay}}\n|date=2026-07-14\n' +
			'|source={{own}}\n|author=[[User:Uploader|Uploader]]\n}}\n\n== {{int:license-header}} ==\n' +
			'{{self|cc-by-sa-4.0}}\n\n[[Category:Bays]]\n[[Category:Photos of 2026]]\n'
		);
	} );

	it( 'escapes |, }} and = of the description and keeps $& literally', () => {
		const text = structuredPageText( WIKIMEDIA, fields( { descriptions: [ { language: 'en', text: 'Left | right }} a=b $& $$ $1 $DATE' } ] } ) );
		expect( text ).toContain( '|description={{en|1=Left &#124; right &#125;&#125; a&#61;b $& $$ $1 $DATE}}\n|date=2026-07-14\n' );
	} );

	it( 'writes {{subst:unc}} when there is no category', () => {
		expect( structuredPageText( WIKIMEDIA, fields( { categories: [] } ) ) ).toMatch( /\n\{\{subst:unc\}\}\n$/ );
	} );

	it( 'for someone else\'s work writes the typed source and author, escaped, and the chosen licence', () => {
		const text = structuredPageText( WIKIMEDIA, fields( {
			authorship: { ownWork: false, source: 'https://example.org/a?x=1|2', author: '[[w:Jane Doe|Jane]] {{unsigned', licenceTemplate: 'PD-old-70' }
		} ) );
		expect( text ).toContain( '|source=https://example.org/a?x&#61;1&#124;2\n|author=[[w:Jane Doe|Jane]] &#123;&#123;unsigned\n}}' );
		expect( text ).toContain( '== {{int:license-header}} ==\n{{PD-old-70}}\n' );
		const none = structuredPageText( WIKIMEDIA, fields( { authorship: { ownWork: false, source: 's', author: 'a', licenceTemplate: '' } } ) );
		expect( none ).toContain( '== {{int:license-header}} ==\n\n\n[[Category:Bays]]' );
	} );

	it( 'writes one description per language, each from format.description', () => {
		const text = structuredPageText( WIKIMEDIA, fields( { descriptions: [ { language: 'en', text: 'Bay' }, { language: 'de', text: 'Bucht' } ] } ) );
		expect( text ).toContain( '|description={{en|1=Bay}}\n{{de|1=Bucht}}\n|date=' );
	} );

	it( 'replaces EVERY occurrence of a placeholder, in one pass', () => {
		const format = { ...WIKIMEDIA, filepage: '$AUTHOR / $AUTHOR / $DATE$DATE', description: '$TEXT ($LANGUAGE, $LANGUAGE)' };
		expect( structuredPageText( format, fields() ) ).toBe( '[[User:Uploader|Uploader]] / [[User:Uploader|Uploader]] / 2026-07-142026-07-14' );
		expect( structuredPageText( { ...format, filepage: '$DESCRIPTION' }, fields() ) ).toBe( 'A view of the bay (en, en)' );
	} );

	it( 'with the default format writes the description alone', () => {
		expect( isStructuredFormat( DEFAULT_FORMAT ) ).toBe( false );
		expect( isStructuredFormat( WIKIMEDIA ) ).toBe( true );
		expect( structuredPageText( DEFAULT_FORMAT, fields( { categories: [] } ) ) ).toBe( 'A view of the bay' );
	} );

	it( 'refuses a language code that would be markup', () => {
		expect( structuredPageText( { ...WIKIMEDIA, filepage: '$DESCRIPTION' }, fields( { descriptions: [ { language: 'en}}{{x', text: 'a' } ] } ) ) ).toBe( '{{und|1=a}}' );
	} );
} );

describe( 'escapeTemplateArgument', () => {
	it.each( [
		[ 'plain text, äöü ✓', 'plain text, äöü ✓' ],
		[ 'a | b', 'a &#124; b' ],
		[ 'a }} b', 'a &#125;&#125; b' ],
		[ 'a {{ b', 'a &#123;&#123; b' ],
		[ 'one } and { one', 'one &#125; and &#123; one' ],
		[ 'x=y', 'x&#61;y' ],
		[ '[[Eiffel Tower|the tower]] at night', '[[Eiffel Tower|the tower]] at night' ],
		[ '{{convert|3|km|mi}} away', '{{convert|3|km|mi}} away' ],
		[ 'open [[link|label and more', 'open &#91;&#91;link&#124;label and more' ],
		[ 'close ]] here', 'close &#93;&#93; here' ],
		[ '[[a|b}} c', '&#91;&#91;a&#124;b&#125;&#125; c' ],
		[ '{{a|[[b}}]]', '&#123;&#123;a&#124;[[b&#125;&#125;]]' ],
		[ 'kept <!-- a | comment --> done', 'kept <!-- a | comment --> done' ],
		[ 'open <!-- comment | rest', 'open &lt;!-- comment &#124; rest' ],
		[ '<nowiki>}} | {{</nowiki> ok', '<nowiki>}} | {{</nowiki> ok' ],
		[ 'ends with }', 'ends with &#125;' ],
		[ '$& $$ $1 $\'', '$& $$ $1 $\'' ]
	] )( '%j → %j', ( input, expected ) => {
		expect( escapeTemplateArgument( input ) ).toBe( expected );
	} );
} );

describe( 'titles, categories, fill', () => {
	it( 'drops what a title cannot hold from category and user names, and repeats no category', () => {
		expect( titleText( 'A [b] {c} |d| #e <f>' ) ).toBe( 'A b c d e f' );
		expect( categoryLines( [ 'Category:Bays', 'bays', 'Bays', 'category: Photos_of_2026', ' ', 'A]]\n[[Category:B' ] ) )
			.toBe( '[[Category:Bays]]\n[[Category:bays]]\n[[Category:Photos of 2026]]\n[[Category:A Category:B]]' );
	} );

	it( 'fill replaces the longest name first and inserts values literally', () => {
		expect( fill( '$AB $A $ABC', { A: '1', AB: '$&2' } ) ).toBe( '$&2 1 $&2C' );
		expect( fill( 'none', {} ) ).toBe( 'none' );
	} );
} );
