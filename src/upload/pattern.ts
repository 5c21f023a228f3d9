/**
 * One name pattern for a whole batch: "Trip 2026 - $n" names 50 files "Trip 2026 - 01.jpg" …
 * "Trip 2026 - 50.png". What a pattern may hold:
 *
 * - `$n`: the file's position in the list, from 1, padded with zeros to the width of the list's
 *   size (9 files: 1 … 9; 50 files: 01 … 50; 120 files: 001 … 120), so that the wiki's
 *   alphabetical lists show the files in the batch's order.
 * - `$name`: the file's own name without its extension ("IMG_0001" of "IMG_0001.JPG").
 * - `$$`: a "$". Any other "$" stays as it is ("$names" is `$name` and "s").
 *
 * Every name ends with its file's own extension, spelled exactly as the file has it: ".JPG"
 * stays ".JPG" (the wiki stores it so, and warns `exists-normalized` where Foo.jpg exists; the
 * name checks say so before the upload). A pattern that already ends with that extension
 * ("Trip $n.jpg") does not get it twice. A file without an extension gets none. Spaces around
 * the name are dropped.
 */
import { extensionOf } from './names';
import { findDuplicateTargets } from './prechecks';

export interface NamedFile {
	name: string;
}

export type PatternProblem =
	/** Nothing but spaces: no name at all. */
	| { code: 'pattern-empty' }
	/**
	 * Several files get the same name (groups of positions, from 0): the pattern has no `$n`
	 * (`$name` alone repeats where two files share a name, as DSC_0001.JPG from two cameras do).
	 */
	| { code: 'pattern-duplicates'; groups: number[][] };

const PLACEHOLDER = /\$(\$|name|n)/g;

/** "IMG_0001.JPG" → { base: "IMG_0001", extension: "JPG" }; a leading dot is no extension (".htaccess"). */
function split( name: string ): { base: string; extension: string } {
	const dot = name.lastIndexOf( '.' );
	return dot > 0 ? { base: name.slice( 0, dot ), extension: name.slice( dot + 1 ) } : { base: name, extension: '' };
}

/** The target name of every file, in the list's order. */
export function applyPattern( pattern: string, files: NamedFile[] ): string[] {
	const width = String( files.length ).length;
	return files.map( ( file, i ) => {
		const { base, extension } = split( file.name );
		const number = String( i + 1 ).padStart( width, '0' );
		const name = pattern.replace( PLACEHOLDER, ( _match, what: string ) => {
			if ( what === '$' ) {
				return '$';
			}
			return what === 'name' ? base : number;
		} ).trim();
		if ( !extension || !name || extensionOf( name ) === extension.toLowerCase() ) {
			return name;
		}
		return `${ name }.${ extension }`;
	} );
}

/**
 * Why the pattern cannot name these files, or null: it is empty, or it gives two files the same
 * name (as the wiki compares names: "a b.jpg" is "A_b.jpg"). One file needs no `$n`; several
 * need it unless their own names (`$name`) or extensions keep them apart.
 */
export function checkPattern( pattern: string, files: NamedFile[] ): PatternProblem | null {
	if ( !pattern.trim() ) {
		return { code: 'pattern-empty' };
	}
	const groups = findDuplicateTargets( applyPattern( pattern, files ) );
	return groups.length ? { code: 'pattern-duplicates', groups } : null;
}
