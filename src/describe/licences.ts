/**
 * The wiki's licence list (the message `licenses`, the page MediaWiki:Licenses) as a typed tree,
 * read by the rules Special:Upload applies in MediaWiki 1.43 (includes/specials/formfields/
 * Licenses.php and includes/specials/helpers/License.php), so the dialog offers the same
 * choices, in the same order and nesting, as the wiki's own form:
 *
 * - Only lines that start with `*` count (no leading space allowed); the number of stars is the
 *   line's level, and only spaces (not tabs) after the stars are dropped.
 * - A line with a `|` is a licence, split on its LAST `|`: `* self|cc-by-sa-4.0|Own work` is the
 *   template `self|cc-by-sa-4.0` with the label `Own work`. Nothing else is trimmed (a space
 *   before the last `|` stays in the template, as on the wiki). A licence's own star count does
 *   not matter: it goes under the headings in force.
 * - A line without `|` is a heading at its level. A heading at a level deeper than the next one
 *   is taken as the next one (`*` then `***` nests one step, not two); a shallower one closes the
 *   deeper headings; one at the same level replaces the last.
 * - Headings are the keys of PHP arrays: a heading seen again at the same place in the tree adds
 *   to the group made the first time (it keeps the first one's position), and a heading with no
 *   licence under it is not shown at all. Licences before any heading are at the top level.
 * - Duplicate licence lines are kept (the form shows both).
 * - The shown text of a heading or a label is the text of the message of that name when such a
 *   message exists, else the label itself (Licenses::outputOption): the caller gives that lookup
 *   (messages fetched from the wiki, see src/api/describeApi.ts).
 * - `-` (the default, "no list") or an empty message has no `*` line, so no licences.
 * Not modelled: a heading that is a number (PHP turns it into an integer key that collides with
 * the licences' own keys: the wiki's form misbehaves there too).
 */

/** The shown text of a message by name, or undefined where no such message exists. */
export type MessageLookup = ( name: string ) => string | undefined;

export interface LicenceChoice {
	kind: 'licence';
	/** What goes between `{{` and `}}` on the page; '' for "None selected". */
	template: string;
	/** The label as written on MediaWiki:Licenses (maybe a message name). */
	label: string;
	/** What the list shows: the message's text where the label names one, else the label. */
	text: string;
}

export interface LicenceGroup {
	kind: 'group';
	heading: string;
	/** What the list shows for the heading (a message's text, as for labels). */
	text: string;
	children: LicenceNode[];
}

export type LicenceNode = LicenceChoice | LicenceGroup;

/** Special:Upload's first entry, built from the line `|nolicense` (Licenses::getInputHTML). */
export const NO_LICENCE_LABEL = 'nolicense';

const noMessages: MessageLookup = () => undefined;

/** The licence tree of a `licenses` message, without "None selected". */
export function parseLicences( message: string | null | undefined, lookup: MessageLookup = noMessages ): LicenceNode[] {
	const root: LicenceNode[] = [];
	let path: string[] = [];
	for ( const line of licenceLines( message ) ) {
		if ( line.body.indexOf( '|' ) !== -1 ) {
			groupAt( root, path, lookup ).push( licence( line.body, lookup ) );
			continue;
		}
		if ( line.level < path.length ) {
			path = path.slice( 0, line.level );
		}
		if ( line.level === path.length ) {
			path[ line.level - 1 ] = line.body;
		} else {
			path.push( line.body );
		}
	}
	return root;
}

/** "None selected" followed by the wiki's list, as Special:Upload's select offers them. */
export function licenceChoices( message: string | null | undefined, lookup: MessageLookup = noMessages ): LicenceNode[] {
	return [ licence( `|${ NO_LICENCE_LABEL }`, lookup ), ...parseLicences( message, lookup ) ];
}

/** Every heading and label of the list: the message names to look up before parsing. */
export function licenceMessageNames( message: string | null | undefined ): string[] {
	const names: string[] = [ NO_LICENCE_LABEL ];
	for ( const line of licenceLines( message ) ) {
		const pipe = line.body.lastIndexOf( '|' );
		const name = pipe === -1 ? line.body : line.body.slice( pipe + 1 );
		if ( name !== '' && names.indexOf( name ) === -1 ) {
			names.push( name );
		}
	}
	return names;
}

/** Whether the wiki has a list at all (a wiki without one gets no licence field). */
export function hasLicences( tree: LicenceNode[] ): boolean {
	return tree.some( ( node ) => node.kind === 'licence' || hasLicences( node.children ) );
}

/** The licences of a tree in the order shown, groups flattened. */
export function allLicences( tree: LicenceNode[] ): LicenceChoice[] {
	const out: LicenceChoice[] = [];
	tree.forEach( ( node ) => {
		if ( node.kind === 'licence' ) {
			out.push( node );
		} else {
			out.push( ...allLicences( node.children ) );
		}
	} );
	return out;
}

interface StarLine {
	level: number;
	body: string;
}

function licenceLines( message: string | null | undefined ): StarLine[] {
	return String( message || '' ).split( '\n' )
		.filter( ( line ) => line.charAt( 0 ) === '*' )
		.map( ( line ) => {
			const level = /^\**/.exec( line )![ 0 ].length;
			return { level, body: line.slice( level ).replace( /^ +/, '' ) };
		} );
}

function licence( body: string, lookup: MessageLookup ): LicenceChoice {
	const pipe = body.lastIndexOf( '|' );
	const label = body.slice( pipe + 1 );
	return { kind: 'licence', template: body.slice( 0, pipe ), label, text: shown( label, lookup ) };
}

function shown( name: string, lookup: MessageLookup ): string {
	const text = name === '' ? undefined : lookup( name );
	return text === undefined ? name : text;
}

/** The children list at a heading path, making the groups on the way (PHP's `$list[$key][]`). */
function groupAt( root: LicenceNode[], path: string[], lookup: MessageLookup ): LicenceNode[] {
	let list = root;
	for ( const heading of path ) {
		let group = list.find( ( node ): node is LicenceGroup => node.kind === 'group' && node.heading === heading );
		if ( !group ) {
			group = { kind: 'group', heading, text: shown( heading, lookup ), children: [] };
			list.push( group );
		}
		list = group.children;
	}
	return list;
}
