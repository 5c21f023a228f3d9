/**
 * The licence list parser against Special:Upload's own rules (MediaWiki 1.43,
 * includes/specials/formfields/Licenses.php and includes/specials/helpers/License.php).
 */
import { describe, expect, it } from 'vitest';
import {
	allLicences,
	hasLicences,
	licenceChoices,
	licenceMessageNames,
	parseLicences,
	type LicenceNode
} from '../../src/describe/licences';

/** A compact picture of a tree: groups as [heading, children], licences as "template => text". */
function shape( nodes: LicenceNode[] ): unknown[] {
	return nodes.map( ( n ) => n.kind === 'group' ? [ n.text, shape( n.children ) ] : `${ n.template } => ${ n.text }` );
}

describe( 'parseLicences', () => {
	it( 'nests groups by the stars of headings and splits a licence on its LAST pipe', () => {
		const tree = parseLicences( [
			'* Own work',
			'** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0',
			'** self|cc-zero|Own work, CC0',
			'* Not own work',
			'** Creative Commons',
			'*** cc-by-4.0|CC BY 4.0',
			'** PD-old|Public domain (old)'
		].join( '\n' ) );
		expect( shape( tree ) ).toEqual( [
			[ 'Own work', [ 'self|cc-by-sa-4.0 => Own work, CC BY-SA 4.0', 'self|cc-zero => Own work, CC0' ] ],
			// A licence's stars do not close a heading: PD-old stays under "Creative Commons",
			// exactly where Special:Upload shows it.
			[ 'Not own work', [ [ 'Creative Commons', [ 'cc-by-4.0 => CC BY 4.0', 'PD-old => Public domain (old)' ] ] ] ]
		] );
		const first = tree[ 0 ].kind === 'group' && tree[ 0 ].children[ 0 ];
		expect( first ).toEqual( { kind: 'licence', template: 'self|cc-by-sa-4.0', label: 'Own work, CC BY-SA 4.0', text: 'Own work, CC BY-SA 4.0' } );
	} );

	it( 'shows the text of the message a label or a heading names, and the label itself otherwise', () => {
		const messages: Record<string, string> = { 'cc-by-sa-label': 'Creative Commons Attribution-ShareAlike 4.0', 'free-heading': 'Free licences' };
		const tree = parseLicences( '* free-heading\n** cc-by-sa-4.0|cc-by-sa-label\n** GFDL|GNU FDL', ( name ) => messages[ name ] );
		expect( shape( tree ) ).toEqual( [ [ 'Free licences', [ 'cc-by-sa-4.0 => Creative Commons Attribution-ShareAlike 4.0', 'GFDL => GNU FDL' ] ] ] );
		expect( tree[ 0 ].kind === 'group' && tree[ 0 ].heading ).toBe( 'free-heading' );
		expect( tree[ 0 ].kind === 'group' && tree[ 0 ].children[ 0 ] ).toMatchObject( { label: 'cc-by-sa-label', template: 'cc-by-sa-4.0' } );
	} );

	it( 'counts only lines that start with a star; "-" and an empty message are no list', () => {
		expect( parseLicences( '-' ) ).toEqual( [] );
		expect( parseLicences( '' ) ).toEqual( [] );
		expect( parseLicences( null ) ).toEqual( [] );
		expect( hasLicences( parseLicences( '-' ) ) ).toBe( false );
		const tree = parseLicences( 'intro text|with a pipe\n * leading space|not a line\n#*x|comment\n*a|A' );
		expect( shape( tree ) ).toEqual( [ 'a => A' ] );
		expect( hasLicences( tree ) ).toBe( true );
	} );

	it( 'drops spaces after the stars only: tabs and spaces around the pipe stay, as on the wiki', () => {
		expect( shape( parseLicences( '*   cc-by | CC BY\n*\tx|X ' ) ) ).toEqual( [ 'cc-by  =>  CC BY', '\tx => X ' ] );
	} );

	it( 'puts licences before any heading at the top level, and ignores a licence\'s own star count', () => {
		expect( shape( parseLicences( '*** top|Top\n* H\n***** deep|Deep' ) ) ).toEqual( [ 'top => Top', [ 'H', [ 'deep => Deep' ] ] ] );
	} );

	it( 'takes a jump of several levels as one, and a shallower heading closes the deeper ones', () => {
		const tree = parseLicences( '* A\n*** B\n**** b|in B\n** C\n*** c|in C\n* D\n** d|in D' );
		expect( shape( tree ) ).toEqual( [
			[ 'A', [ [ 'B', [ 'b => in B' ] ], [ 'C', [ 'c => in C' ] ] ] ],
			[ 'D', [ 'd => in D' ] ]
		] );
	} );

	it( 'merges a heading seen again into its first group, and hides headings without licences', () => {
		const tree = parseLicences( '* Empty\n* A\n** a1|A1\n* B\n** b|B1\n* A\n** a2|A2\n** a1|A1' );
		expect( shape( tree ) ).toEqual( [ [ 'A', [ 'a1 => A1', 'a2 => A2', 'a1 => A1' ] ], [ 'B', [ 'b => B1' ] ] ] );
	} );

	it( 'a heading at the same level replaces the last one', () => {
		expect( shape( parseLicences( '* A\n** A1\n** A2\n*** x|X' ) ) ).toEqual( [ [ 'A', [ [ 'A2', [ 'x => X' ] ] ] ] ] );
	} );

	it( 'a line with an empty label or template keeps them empty', () => {
		expect( parseLicences( '*tpl|\n*|label' ).map( ( n ) => n.kind === 'licence' && [ n.template, n.label, n.text ] ) )
			.toEqual( [ [ 'tpl', '', '' ], [ '', 'label', 'label' ] ] );
	} );
} );

describe( 'licenceChoices, licenceMessageNames, allLicences', () => {
	const LIST = '* Own work\n** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0\n* Others\n** cc-by-4.0|cc-by-label\n** cc-by-4.0|cc-by-label';

	it( 'puts "None selected" (the message nolicense, template "") first', () => {
		const choices = licenceChoices( LIST, ( name ) => ( name === 'nolicense' ? 'None selected' : undefined ) );
		expect( choices[ 0 ] ).toEqual( { kind: 'licence', template: '', label: 'nolicense', text: 'None selected' } );
		expect( choices.length ).toBe( 3 );
	} );

	it( 'names every heading and label once, for one message look-up', () => {
		expect( licenceMessageNames( LIST ) ).toEqual( [ 'nolicense', 'Own work', 'Own work, CC BY-SA 4.0', 'Others', 'cc-by-label' ] );
	} );

	it( 'lists the licences in order, duplicates kept', () => {
		expect( allLicences( parseLicences( LIST ) ).map( ( l ) => l.template ) ).toEqual( [ 'self|cc-by-sa-4.0', 'cc-by-4.0', 'cc-by-4.0' ] );
	} );
} );

describe( 'the same options as Special:Upload on a real MediaWiki 1.43', () => {
	/** MediaWiki:Licenses as saved on a local wiki (scripts/wiki/wiki.sh), with MediaWiki:Describe-label-cc0 existing. */
	const LIST = [
		'Intro text that does not count',
		'* Own work',
		'** self|cc-by-sa-4.0|Own work, CC BY-SA 4.0',
		'** self|cc-zero|describe-label-cc0',
		'* Not own work',
		'** Creative Commons',
		'*** cc-by-4.0|CC BY 4.0',
		'** PD-old|Public domain (old)',
		'* describe-label-cc0',
		'**** deep|Deep jump',
		'* Own work',
		'** self|GFDL|Own work, GFDL (merged group)',
		'*   spaced | Spaced label'
	].join( '\n' );
	const MESSAGES: Record<string, string> = {
		nolicense: 'None selected',
		'describe-label-cc0': 'Own work, released into the public domain (CC0)'
	};

	/**
	 * Special:Upload's <select id="wpLicense"> on that wiki, option by option: the value, and the
	 * text with its indent (two no-break spaces per level), read from the page's HTML.
	 */
	const SPECIAL_UPLOAD: Array<[ string | null, string ]> = [
		[ '', 'None selected' ],
		[ null, 'Own work' ],
		[ 'self|cc-by-sa-4.0', '\u00a0\u00a0Own work, CC BY-SA 4.0' ],
		[ 'self|cc-zero', '\u00a0\u00a0Own work, released into the public domain (CC0)' ],
		[ 'self|GFDL', '\u00a0\u00a0Own work, GFDL (merged group)' ],
		[ 'spaced ', '\u00a0\u00a0 Spaced label' ],
		[ null, 'Not own work' ],
		[ null, '\u00a0\u00a0Creative Commons' ],
		[ 'cc-by-4.0', '\u00a0\u00a0\u00a0\u00a0CC BY 4.0' ],
		[ 'PD-old', '\u00a0\u00a0\u00a0\u00a0Public domain (old)' ],
		[ null, 'Own work, released into the public domain (CC0)' ],
		[ 'deep', '\u00a0\u00a0Deep jump' ]
	];

	/** Options as Licenses::makeHtml writes them: groups are disabled (null here). */
	function options( nodes: LicenceNode[], depth = 0 ): Array<[ string | null, string ]> {
		const indent = '\u00a0'.repeat( depth * 2 );
		return nodes.reduce<Array<[ string | null, string ]>>( ( out, node ) => node.kind === 'group' ?
			out.concat( [ [ null, indent + node.text ] ], options( node.children, depth + 1 ) ) :
			out.concat( [ [ node.template, indent + node.text ] ] ), [] );
	}

	it( 'gives the options of the wiki\'s own form, in its order, nesting and words', () => {
		expect( options( licenceChoices( LIST, ( name ) => MESSAGES[ name ] ) ) ).toEqual( SPECIAL_UPLOAD );
	} );
} );
