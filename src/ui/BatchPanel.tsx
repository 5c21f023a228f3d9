/**
 * Fields for all files at once: the description page text, summary, tags and watchlist choice,
 * and a name pattern with a preview of every name it gives. What the user types stays here and
 * reaches the engine (and the preview) after a short pause, or when the field is left: each
 * change there renders every card of the list again, which must not happen at every keystroke
 * with 500 files listed.
 */
import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PreviewDescription } from '../api/preview';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import { isEditable, type BatchSettings, type SharedFields, type UploadItem, type WatchlistChoice } from '../upload/model';
import { defaultFields } from '../upload/names';
import { applyPattern, checkPattern, type PatternProblem } from '../upload/pattern';
import { findDuplicateTargets } from '../upload/prechecks';
import { EXPIRIES, Field, WATCH_CHOICES } from './fields';
import { Preview } from './Preview';
import { BatchDescribe, BatchTags } from './describe/BatchDescribe';
import type { DescribeSetup } from './describe/describeSetup';
import { SELECT, TEXT_AREA, TEXT_INPUT } from './codex';

/** Quiet time after the last keystroke before the batch's values go to every file. */
export const SEND_AFTER_MS = 200;

interface BatchPanelProps {
	items: UploadItem[];
	site: SiteInfo;
	batch: BatchSettings;
	onFields( patch: Partial<SharedFields> ): void;
	onPattern( pattern: string ): void;
	/** Asks the wiki how a description page will look; without it, no preview. */
	preview?: PreviewDescription;
	/** The wiki's describing setup (issue 20): licence, categories and allowed tags for all files. */
	describe?: DescribeSetup | null;
}

export function BatchPanel( { items, site, batch, onFields, onPattern, preview: previewPage, describe }: BatchPanelProps ) {
	const [ fields, setFields ] = useState<SharedFields>( () => {
		const { filename: _ignored, ...defaults } = defaultFields( '' );
		return { ...defaults, ...batch.fields };
	} );
	const [ pattern, setPattern ] = useState( batch.pattern );
	// The preview follows the pattern as sent, not each keystroke: 500 names rewritten at every
	// key would make typing slow, and so it always shows the names the files really get.
	const [ previewed, setPreviewed ] = useState( batch.pattern );
	const sendFields = useDebounced<Partial<SharedFields>>( onFields, ( a, b ) => ( { ...a, ...b } ) );
	const sendPattern = useDebounced<string>( ( p ) => {
		setPreviewed( p );
		onPattern( p );
	}, ( _a, b ) => b );
	const editable = items.some( namable );
	const preview = usePreview( previewed, items );

	const type = ( patch: Partial<SharedFields> ) => {
		setFields( { ...fields, ...patch } );
		sendFields.later( patch );
	};
	const choose = ( patch: Partial<SharedFields> ) => {
		setFields( { ...fields, ...patch } );
		sendFields.later( patch );
		sendFields.now();
	};
	const value = ( e: Event ) => ( e.target as HTMLInputElement ).value;

	return (
		<section class="uploaddialog-batch" aria-labelledby="uploaddialog-batch-heading">
			<h3 id="uploaddialog-batch-heading">{ msg( 'uploaddialog-batch-heading' ) }</h3>
			<p class="uploaddialog-note">{ msg( 'uploaddialog-batch-help' ) }</p>
			<fieldset class="uploaddialog-batch-fields" disabled={ !editable }>
				{ describe && <BatchDescribe fields={ fields } setup={ describe } filename={ items.length ? items[ 0 ].fields.filename : '' } choose={ choose } /> }
				<Field id="uploaddialog-batch-text" label={ msg( 'uploaddialog-field-text' ) }>
					<textarea
						id="uploaddialog-batch-text"
						class={ TEXT_AREA }
						rows={ 3 }
						value={ fields.text }
						onInput={ ( e ) => type( { text: value( e ) } ) }
						onBlur={ sendFields.now }
					/>
					{ /* Shown as the first file's page: the text is the same for all, the name differs. */ }
					{ previewPage && items.length > 0 && (
						<Preview id="uploaddialog-batch" text={ fields.text } filename={ items[ 0 ].fields.filename } preview={ previewPage } level={ 4 } />
					) }
				</Field>
				<SharedLine id="uploaddialog-batch-comment" label={ msg( 'uploaddialog-field-comment' ) } value={ fields.comment } onType={ ( comment ) => type( { comment } ) } onLeave={ sendFields.now } />
				{ describe ? <BatchTags fields={ fields } setup={ describe } filename="" choose={ choose } /> : (
					<SharedLine id="uploaddialog-batch-tags" label={ msg( 'uploaddialog-field-tags' ) } value={ fields.tags } onType={ ( tags ) => type( { tags } ) } onLeave={ sendFields.now } />
				) }
				<div class="uploaddialog-inline">
					<Field id="uploaddialog-batch-watch" label={ msg( 'uploaddialog-field-watchlist' ) }>
						<select
							id="uploaddialog-batch-watch"
							class={ SELECT }
							value={ fields.watchlist }
							onChange={ ( e ) => choose( { watchlist: value( e ) as WatchlistChoice } ) }
						>
							{ WATCH_CHOICES.map( ( c ) => <option key={ c } value={ c }>{ msg( `uploaddialog-watch-${ c }` ) }</option> ) }
						</select>
					</Field>
					{ site.watchlistExpiryEnabled && fields.watchlist === 'watch' && (
						<Field id="uploaddialog-batch-expiry" label={ msg( 'uploaddialog-field-expiry' ) }>
							<select
								id="uploaddialog-batch-expiry"
								class={ SELECT }
								value={ fields.watchlistExpiry }
								onChange={ ( e ) => choose( { watchlistExpiry: value( e ) } ) }
							>
								{ EXPIRIES.map( ( [ v, key ] ) => <option key={ v } value={ v }>{ msg( key ) }</option> ) }
							</select>
						</Field>
					) }
				</div>
				<Field id="uploaddialog-pattern" label={ msg( 'uploaddialog-pattern-label' ) }>
					<input
						id="uploaddialog-pattern"
						class={ TEXT_INPUT }
						value={ pattern }
						placeholder={ msg( 'uploaddialog-pattern-placeholder' ) }
						aria-describedby="uploaddialog-pattern-help uploaddialog-pattern-problem"
						onInput={ ( e ) => {
							setPattern( value( e ) );
							sendPattern.later( value( e ) );
						} }
						onBlur={ sendPattern.now }
					/>
				</Field>
				<p id="uploaddialog-pattern-help" class="uploaddialog-note">{ msg( 'uploaddialog-pattern-help' ) }</p>
			</fieldset>
			{ /* Always there, so that screen readers hear a problem when it appears. */ }
			<div class="uploaddialog-preview" aria-live="polite">
				{ preview && preview.problem && <p class="uploaddialog-error-text" id="uploaddialog-pattern-problem">{ problemText( preview.problem ) }</p> }
			</div>
			{ preview && !( preview.problem && preview.problem.code === 'pattern-empty' ) && <PreviewList rows={ preview.rows } problem={ preview.problem } /> }
		</section>
	);
}

interface SharedLineProps {
	id: string;
	label: string;
	value: string;
	onType( value: string ): void;
	/** The field was left: what waits is sent now. */
	onLeave(): void;
}

/** A one-line text field of the batch. */
function SharedLine( { id, label, value, onType, onLeave }: SharedLineProps ) {
	return (
		<Field id={ id } label={ label }>
			<input id={ id } class={ TEXT_INPUT } value={ value } onInput={ ( e ) => onType( ( e.target as HTMLInputElement ).value ) } onBlur={ onLeave } />
		</Field>
	);
}

/** Whether the engine still names this file (by the pattern, or its own name back). */
function namable( item: UploadItem ): boolean {
	return isEditable( item.status ) && item.status.state !== 'interrupted';
}

interface PreviewRow {
	/** The picked file's name (or URL). */
	label: string;
	/** The name the file will have on the wiki. */
	name: string;
	/** Given by the pattern; otherwise the file keeps the name it has. */
	byPattern: boolean;
}

/**
 * The name every file gets, as the engine gives it (queue.ts, renameByPattern): the pattern names
 * the files that can still change and whose name the user did not set by hand; `$n` counts every
 * file of the list. The others keep the name they have.
 */
function previewRows( pattern: string, items: UploadItem[] ): PreviewRow[] {
	const named = pattern.trim() ? applyPattern( pattern, items.map( ( i ) => ( { name: i.label } ) ) ) : null;
	return items.map( ( item, n ) => {
		const byPattern = namable( item ) && item.source.kind === 'file' && item.overrides.indexOf( 'filename' ) === -1;
		const name = !byPattern ? item.fields.filename : named ? named[ n ] : defaultFields( item.label ).filename;
		return { label: item.label, name, byPattern };
	} );
}

/**
 * What is wrong with the names: checkPattern's verdict, except that duplicates are looked for
 * among the final names (a file named by hand may collide with a pattern's name, and one that
 * keeps its own name avoids a collision the pattern alone would make).
 */
function problemOf( pattern: string, items: UploadItem[], rows: PreviewRow[] ): PatternProblem | null {
	const problem = checkPattern( pattern, items.map( ( i ) => ( { name: i.label } ) ) );
	if ( problem && problem.code !== 'pattern-duplicates' ) {
		return problem;
	}
	const groups = findDuplicateTargets( rows.map( ( r ) => r.name ) );
	return groups.length ? { code: 'pattern-duplicates', groups } : null;
}

/**
 * Every file's name under the pattern, and what is wrong with them; null without a pattern.
 * Worked out again only when the names can have changed, not at every progress event.
 */
function usePreview( pattern: string, items: UploadItem[] ): { rows: PreviewRow[]; problem: PatternProblem | null } | null {
	const naming = useNamingInput( items );
	return useMemo( () => {
		if ( pattern === '' ) {
			return null;
		}
		const rows = previewRows( pattern, naming );
		return { rows, problem: problemOf( pattern, naming, rows ) };
	}, [ pattern, naming ] );
}

function problemText( problem: PatternProblem ): string {
	switch ( problem.code ) {
		case 'pattern-empty':
			return msg( 'uploaddialog-pattern-empty' );
		case 'pattern-duplicates':
			return msg( 'uploaddialog-pattern-duplicates', problem.groups.reduce( ( n, g ) => n + g.length, 0 ) );
	}
}

interface PreviewListProps {
	rows: PreviewRow[];
	problem: PatternProblem | null;
}

/** The list itself, rendered again only when the names or their problem changed. */
class PreviewList extends Component<PreviewListProps> {
	shouldComponentUpdate( next: PreviewListProps ): boolean {
		return next.rows !== this.props.rows || next.problem !== this.props.problem;
	}

	render() {
		const { rows, problem } = this.props;
		// Each duplicate points at the first other file with its name (numbers as the list shows them).
		const sameAs = new Map<number, number>();
		if ( problem && problem.code === 'pattern-duplicates' ) {
			problem.groups.forEach( ( group ) => group.forEach( ( i ) => sameAs.set( i, group[ group[ 0 ] === i ? 1 : 0 ] ) ) );
		}
		return (
			<ol class="uploaddialog-preview-list" aria-label={ msg( 'uploaddialog-pattern-preview' ) }>
				{ rows.map( ( row, i ) => {
					const other = sameAs.get( i );
					return (
						<li key={ i } class={ other === undefined ? undefined : 'is-duplicate' }>
							<bdi class="uploaddialog-preview-name">{ row.name }</bdi>
							{ row.name !== row.label && <span class="uploaddialog-note">{ msg( 'uploaddialog-pattern-own-name', row.label ) }</span> }
							{ !row.byPattern && <span class="uploaddialog-note">{ msg( 'uploaddialog-pattern-kept' ) }</span> }
							{ other !== undefined && <span class="uploaddialog-preview-problem">{ msg( 'uploaddialog-pattern-same-as', other + 1 ) }</span> }
						</li>
					);
				} ) }
			</ol>
		);
	}
}

/**
 * The list as far as naming goes: the same array as long as no file's label, name, place,
 * state of editability or hand-set name changed, so a progress event does not recompute 500 names.
 */
function useNamingInput( items: UploadItem[] ): UploadItem[] {
	const last = useRef( items );
	const same = last.current.length === items.length && last.current.every( ( before, i ) => {
		const now = items[ i ];
		return before === now || (
			before.id === now.id &&
			before.label === now.label &&
			before.fields.filename === now.fields.filename &&
			namable( before ) === namable( now ) &&
			( before.overrides.indexOf( 'filename' ) === -1 ) === ( now.overrides.indexOf( 'filename' ) === -1 )
		);
	} );
	if ( !same ) {
		last.current = items;
	}
	return last.current;
}

interface Debounced<T> {
	/** Remember a value; it is sent after SEND_AFTER_MS without another one. */
	later( value: T ): void;
	/** Send what waits, now (the field was left, or the panel goes away). */
	now(): void;
}

/** Sends values after a pause in typing; `merge` folds values that wait into one. */
function useDebounced<T>( send: ( value: T ) => void, merge: ( waiting: T, next: T ) => T ): Debounced<T> {
	const timer = useRef<ReturnType<typeof setTimeout> | null>( null );
	const waiting = useRef<{ value: T } | null>( null );
	// The latest callbacks, for a timer set by an earlier render.
	const latest = useRef( { send, merge } );
	latest.current = { send, merge };
	const api = useMemo<Debounced<T>>( () => {
		const now = () => {
			if ( timer.current !== null ) {
				clearTimeout( timer.current );
				timer.current = null;
			}
			const pending = waiting.current;
			waiting.current = null;
			if ( pending ) {
				latest.current.send( pending.value );
			}
		};
		return {
			now,
			later( value: T ) {
				waiting.current = { value: waiting.current ? latest.current.merge( waiting.current.value, value ) : value };
				if ( timer.current !== null ) {
					clearTimeout( timer.current );
				}
				timer.current = setTimeout( now, SEND_AFTER_MS );
			}
		};
	}, [] );
	// Nothing typed is lost when the panel goes away (the list fell to one file, the dialog closed).
	useEffect( () => api.now, [ api ] );
	return api;
}
