/**
 * Target names of one list that aim at the same file, compared as the wiki compares titles: the
 * batch panel marks them, and the name pattern must not make them.
 */
import { DEFAULT_FILE_NAMESPACES, titleKey } from './nameRules';

/**
 * Groups of positions whose names aim at the same file (["a b.jpg", "x.jpg", "A_b.jpg"] →
 * [[0, 2]]), compared as the wiki compares titles. Empty names are nobody's duplicate.
 */
export function findDuplicateTargets( names: string[], fileNamespaces: string[] = DEFAULT_FILE_NAMESPACES ): number[][] {
	const byKey = new Map<string, number[]>();
	names.forEach( ( name, i ) => {
		if ( !name.trim() ) {
			return;
		}
		const key = titleKey( name, fileNamespaces );
		const group = byKey.get( key );
		if ( group ) {
			group.push( i );
		} else {
			byKey.set( key, [ i ] );
		}
	} );
	return Array.from( byKey.values() ).filter( ( group ) => group.length > 1 );
}
