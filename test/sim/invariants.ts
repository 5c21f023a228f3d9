/**
 * What must hold when a run has settled, checked against the model's truth. Each violation has
 * a kind (the first word), which names the defect it points to (see run.ts's signature).
 */
import type { UploadItem } from '../../src/upload/model';
import { sha1Of, type SimFile } from './bytes';
import { dbKey, type SimWiki } from './wiki';

export interface PickedItem {
	id: string;
	file: SimFile;
	/** Every name the item had (title keys). */
	names: Set<string>;
	/** Its last state in the page that had it (the final page's items are read there). */
	item: UploadItem | null;
	/** The page it belonged to was reloaded away, and it did not come back. */
	lost: boolean;
	/** Cancelled while its commit was under way: the wiki may have published it anyway. */
	cancelledInCommit: boolean;
}

const SHOWN = [ 'ready', 'needs-choice', 'paused', 'interrupted', 'failed', 'cancelled', 'done' ];

/** The end-of-run checks; [] when all hold. */
export function checkInvariants( wiki: SimWiki, picked: PickedItem[] ): string[] {
	const violations: string[] = [];
	const sha1s = new Map<PickedItem, string>();
	picked.forEach( ( p ) => sha1s.set( p, sha1Of( p.file.data ) ) );
	const claimed = new Set<number>();
	const entriesOf = ( name: string, sha1: string ) => wiki.log
		.map( ( e, n ) => ( { e, n } ) )
		.filter( ( { e } ) => e.filename === name && e.sha1 === sha1 );

	for ( const p of picked ) {
		const sha1 = sha1s.get( p ) as string;
		const state = p.item ? p.item.status.state : 'gone';
		if ( p.item && p.item.status.state === 'done' ) {
			const name = dbKey( p.item.status.filename );
			const entries = entriesOf( name, sha1 );
			// A page reloaded away may have published the same bytes under this name (its commit
			// was on the wire); the file picked again then met that version as a warning
			// (`exists` with `duplicateversions`), and the user chose to upload all the same.
			const earlier = picked.filter( ( q ) => q.lost && sha1s.get( q ) === sha1 && q.names.has( name ) ).length;
			if ( entries.length < 1 || entries.length > 1 + earlier ) {
				violations.push( `published-count: ${ p.id } (${ p.file.name }) is done as ${ name } but the wiki has ${ entries.length } uploads of it` );
			}
			entries.forEach( ( { n } ) => claimed.add( n ) );
			wiki.stash.forEach( ( entry ) => {
				// The entry's own file: same bytes, stashed under one of this file's names.
				// Not one that another file holds: a twin of the same bytes may have taken up an
				// entry this one's lost answer made (the look-up finds it by size and SHA-1) and
				// kept it, cancelled at a warning.
				const heldByAnother = picked.some( ( q ) => q !== p && q.item !== null && q.item.filekey === entry.filekey );
				if ( entry.sha1 === sha1 && p.names.has( dbKey( entry.filename ) ) && entry.keyDelivered && !entry.superseded && !heldByAnother ) {
					violations.push( `stash-left: ${ p.id } is published, and its stash entry ${ entry.filekey } (known to the engine) is left` );
				}
			} );
		} else if ( !p.lost && SHOWN.indexOf( state ) === -1 ) {
			violations.push( `not-shown: ${ p.id } (${ p.file.name }) ended in state ${ state }, which the user cannot act on` );
		}
		if ( p.item && p.item.status.state === 'failed' && !p.item.status.failure.code ) {
			violations.push( `failed-silently: ${ p.id } failed without a message` );
		}
	}

	// Published but not shown as done: allowed only for a file cancelled during its commit, for a
	// file whose page was reloaded away (the wiki shows it), and for a file whose lost commit
	// published a version that another file of the list, sent to the same name on purpose,
	// replaced before the engine could look (the engine recognises its file by the name's current
	// version only: a known limit, shown as a failure with a retry, never as a second upload).
	for ( const p of picked ) {
		if ( p.item && p.item.status.state === 'done' ) {
			continue;
		}
		const sha1 = sha1s.get( p ) as string;
		p.names.forEach( ( name ) => entriesOf( name, sha1 ).forEach( ( { e, n } ) => {
			if ( claimed.has( n ) ) {
				return;
			}
			claimed.add( n );
			const replaced = wiki.log.some( ( later, m ) => m > n && dbKey( later.filename ) === dbKey( e.filename ) && later.sha1 !== e.sha1 );
			if ( !p.cancelledInCommit && !p.lost && !replaced ) {
				violations.push( `published-not-done: ${ p.id } is ${ p.item ? p.item.status.state : 'gone' } but was published as ${ e.filename }` );
			}
		} ) );
	}

	wiki.log.forEach( ( e, n ) => {
		if ( claimed.has( n ) ) {
			return;
		}
		const owners = picked.filter( ( p ) => sha1s.get( p ) === e.sha1 );
		violations.push( owners.length ?
			`stray-publish: ${ e.filename } (${ e.size } B) was published under a name its file never had` :
			`truncated-publish: ${ e.filename } (${ e.size } B) matches no picked file's bytes` );
	} );

	const all = new Set( Array.from( sha1s.values() ) );
	wiki.stash.forEach( ( entry ) => {
		if ( entry.status === 'finished' && entry.sha1 && !all.has( entry.sha1 ) ) {
			violations.push( `truncated-stash: stash entry ${ entry.filekey } of ${ entry.filename } holds ${ entry.offset } B that match no picked file (a clamped, truncated assembly)` );
		}
	} );
	return violations;
}
