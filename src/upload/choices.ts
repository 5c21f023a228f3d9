/**
 * The user's answer to a file's warnings: rename, go on despite them, or cancel. Warnings from
 * the stash are answered by committing (the bytes are there); warnings found before sending
 * (`early`) by sending, under the new name or with the choice remembered.
 */
import type { ChecksGate } from './checksGate';
import type { ItemStore } from './items';
import type { UploadItem } from './model';
import { validateName } from './names';
import type { UploadJob } from './uploadJob';
import { canIgnore } from './warnings';

export type Resolution =
	/** Try again under another name: the server checks the new name's warnings. */
	| { kind: 'rename'; filename: string }
	/** Publish despite the warnings (overwrites where `exists` said so). */
	| { kind: 'ignore' }
	/** Publish nothing. */
	| { kind: 'cancel' };

export interface ChoiceContext {
	items: ItemStore;
	gate: ChecksGate;
	job( id: string ): UploadJob;
	/** The user's rename, as if typed into the name field. */
	rename( id: string, filename: string ): void;
	pump(): void;
}

export function resolveChoice( context: ChoiceContext, id: string, resolution: Resolution ): void {
	const { items } = context;
	const item = items.find( id );
	// Only from needs-choice: a second click finds the item on its way and does nothing.
	if ( !item || item.status.state !== 'needs-choice' ) {
		return;
	}
	if ( resolution.kind === 'rename' && validateName( resolution.filename ) ) {
		return;
	}
	if ( item.status.early ) {
		resolveEarly( context, item, item.status.warnings.map( ( w ) => w.key ), resolution );
		return;
	}
	if ( !item.filekey ) {
		return;
	}
	if ( resolution.kind === 'cancel' ) {
		items.setStatus( id, { state: 'cancelled' } );
		return;
	}
	if ( resolution.kind === 'rename' ) {
		// As if typed: the name is the user's from now on (a pattern change leaves it), and checked.
		context.rename( id, resolution.filename.trim() );
	} else if ( canIgnore( item.status.warnings ) ) {
		items.update( id, ( i ) => ( { ...i, ignoreWarnings: true } ) );
	} else {
		return;
	}
	context.job( id ).commitNow();
}

/**
 * The choice about warnings found before sending: renaming checks the new name first; going on
 * remembers the choice (the stash's same warnings are not asked again); cancel sends nothing more.
 */
function resolveEarly( context: ChoiceContext, item: UploadItem, keys: string[], resolution: Resolution ): void {
	const { items } = context;
	const id = item.id;
	if ( resolution.kind === 'cancel' ) {
		context.job( id ).keeper.forget();
		items.update( id, ( i ) => ( { ...i, resume: null, status: { state: 'cancelled' } } ) );
		return;
	}
	if ( resolution.kind === 'rename' ) {
		context.rename( id, resolution.filename.trim() );
		context.gate.renamedBeforeSending( item );
	} else {
		const open = keys.filter( ( k ) => item.acknowledged.indexOf( k ) === -1 );
		items.update( id, ( i ) => ( { ...i, acknowledged: i.acknowledged.concat( open ) } ) );
	}
	items.setStatus( id, { state: 'queued' } );
	context.pump();
}
