/**
 * One file of the list: its fields, where its upload stands, and what the user can do now.
 * It renders the item's state and sends intents; all upload logic lives in the engine.
 */
import { useRef } from 'preact/hooks';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import type { UploadFields, UploadItem, WatchlistChoice } from '../upload/model';
import { isActive, isEditable } from '../upload/model';
import type { Resolution } from '../upload/queue';
import { FailureView } from './FailureView';
import { formatSize, formatTimestamp } from './format';
import { filePageUrl, fileTitle } from './links';
import { ProgressView } from './ProgressView';
import { WarningsPanel } from './WarningsPanel';

export interface FileIntents {
	onFields( id: string, patch: Partial<UploadFields> ): void;
	onRemove( id: string ): void;
	onCancel( id: string ): void;
	onRetry( id: string ): void;
	onRetryNow( id: string ): void;
	onPause( id: string ): void;
	onResume( id: string ): void;
	onReattach( id: string, file: File ): void;
	onResolve( id: string, resolution: Resolution ): void;
}

interface FileCardProps extends FileIntents {
	item: UploadItem;
	site: SiteInfo;
}

// What action=upload accepts for `watchlist`: ApiUpload offers only these three (no 'unwatch',
// unlike action=edit), and answers any other value with `badvalue` after the bytes are stashed.
const WATCH_CHOICES = [ 'preferences', 'watch', 'nochange' ] as const;
const EXPIRIES = [
	[ 'infinite', 'uploaddialog-expiry-infinite' ],
	[ '1 week', 'uploaddialog-expiry-1week' ],
	[ '1 month', 'uploaddialog-expiry-1month' ],
	[ '3 months', 'uploaddialog-expiry-3months' ],
	[ '6 months', 'uploaddialog-expiry-6months' ],
	[ '1 year', 'uploaddialog-expiry-1year' ]
] as const;

export function FileCard( props: FileCardProps ) {
	const { item, site } = props;
	const { id, fields, status } = item;
	const editable = isEditable( status );
	// While warnings wait, the name is changed in the panel, where the change is checked.
	const nameEditable = editable && status.state !== 'needs-choice';
	const set = ( patch: Partial<UploadFields> ) => props.onFields( id, patch );
	const value = ( e: Event ) => ( e.target as HTMLInputElement ).value;

	return (
		<li class={ `uploaddialog-file is-${ status.state }` } role="group" aria-label={ msg( 'uploaddialog-file-group', item.label ) }>
			<div class="uploaddialog-file-head">
				<span class="uploaddialog-file-label">
					{ item.source.kind === 'url' ? msg( 'uploaddialog-from-url', item.label ) : item.label }
				</span>
				{ item.size !== null && <span class="uploaddialog-file-size">{ formatSize( item.size ) }</span> }
			</div>

			<div class="uploaddialog-fields">
				<Field id={ `${ id }-name` } label={ msg( 'uploaddialog-field-filename' ) }>
					<input id={ `${ id }-name` } class="uploaddialog-input" value={ fields.filename } disabled={ !nameEditable } onInput={ ( e ) => set( { filename: value( e ) } ) } />
				</Field>
				<Field id={ `${ id }-text` } label={ msg( 'uploaddialog-field-text' ) }>
					<textarea id={ `${ id }-text` } class="uploaddialog-input" rows={ 4 } value={ fields.text } disabled={ !editable } onInput={ ( e ) => set( { text: value( e ) } ) } />
				</Field>
				<Field id={ `${ id }-comment` } label={ msg( 'uploaddialog-field-comment' ) }>
					<input id={ `${ id }-comment` } class="uploaddialog-input" value={ fields.comment } disabled={ !editable } onInput={ ( e ) => set( { comment: value( e ) } ) } />
				</Field>
				<Field id={ `${ id }-tags` } label={ msg( 'uploaddialog-field-tags' ) }>
					<input id={ `${ id }-tags` } class="uploaddialog-input" value={ fields.tags } disabled={ !editable } onInput={ ( e ) => set( { tags: value( e ) } ) } />
				</Field>
				<div class="uploaddialog-inline">
					<Field id={ `${ id }-watch` } label={ msg( 'uploaddialog-field-watchlist' ) }>
						<select id={ `${ id }-watch` } class="uploaddialog-input" value={ fields.watchlist } disabled={ !editable } onChange={ ( e ) => set( { watchlist: value( e ) as WatchlistChoice } ) }>
							{ WATCH_CHOICES.map( ( c ) => <option key={ c } value={ c }>{ msg( `uploaddialog-watch-${ c }` ) }</option> ) }
						</select>
					</Field>
					{ site.watchlistExpiryEnabled && fields.watchlist === 'watch' && (
						<Field id={ `${ id }-expiry` } label={ msg( 'uploaddialog-field-expiry' ) }>
							<select id={ `${ id }-expiry` } class="uploaddialog-input" value={ fields.watchlistExpiry } disabled={ !editable } onChange={ ( e ) => set( { watchlistExpiry: value( e ) } ) }>
								{ EXPIRIES.map( ( [ v, key ] ) => <option key={ v } value={ v }>{ msg( key ) }</option> ) }
							</select>
						</Field>
					) }
				</div>
			</div>

			{ item.notice === 'restarted' && <p class="uploaddialog-note">{ msg( 'uploaddialog-notice-restarted' ) }</p> }
			<StatusView { ...props } />
		</li>
	);
}

function Field( { id, label, children }: { id: string; label: string; children: preact.ComponentChildren } ) {
	return (
		<div class="uploaddialog-field">
			<label for={ id }>{ label }</label>
			{ children }
		</div>
	);
}

function StatusView( props: FileCardProps ) {
	const { item } = props;
	const { status, id } = item;
	switch ( status.state ) {
		case 'ready':
			return (
				<div class="uploaddialog-status">
					<span>{ msg( 'uploaddialog-status-ready' ) }</span>
					<button type="button" class="uploaddialog-button" onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
				</div>
			);
		case 'queued':
		case 'committing':
		case 'processing':
		case 'sending':
			return (
				<div class="uploaddialog-status">
					{ status.state === 'sending' ?
						<ProgressView progress={ status.progress } retryAt={ status.retryAt } /> :
						<span>{ stateText( status ) }</span> }
					{ status.state === 'sending' && status.retryAt !== null && (
						<button type="button" class="uploaddialog-button" onClick={ () => props.onRetryNow( id ) }>{ msg( 'uploaddialog-retry-now' ) }</button>
					) }
					{ status.state === 'sending' && status.chunked && (
						<button type="button" class="uploaddialog-button" onClick={ () => props.onPause( id ) }>{ msg( 'uploaddialog-pause' ) }</button>
					) }
					{ isActive( status ) && (
						<button type="button" class="uploaddialog-button" onClick={ () => props.onCancel( id ) }>{ msg( 'uploaddialog-cancel' ) }</button>
					) }
				</div>
			);
		case 'paused':
			return (
				<div class="uploaddialog-status">
					<span>{ msg( 'uploaddialog-status-paused', formatSize( status.progress.sent ), formatSize( status.progress.total ) ) }</span>
					<button type="button" class="uploaddialog-button is-progressive" onClick={ () => props.onResume( id ) }>{ msg( 'uploaddialog-resume' ) }</button>
					<button type="button" class="uploaddialog-button" onClick={ () => props.onCancel( id ) }>{ msg( 'uploaddialog-cancel' ) }</button>
				</div>
			);
		case 'interrupted':
			return (
				<div class="uploaddialog-status">
					<p>{ msg( 'uploaddialog-status-interrupted', formatSize( status.sent ), formatSize( item.size || 0 ), formatTimestamp( new Date( status.expiresAt ).toISOString() ) ) }</p>
					{ status.mismatch && <p class="uploaddialog-error-text" role="alert">{ msg( 'uploaddialog-reattach-mismatch' ) }</p> }
					<FilePickButton label={ msg( 'uploaddialog-reattach' ) } onFile={ ( file ) => props.onReattach( id, file ) } />
					<button type="button" class="uploaddialog-button" onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
				</div>
			);
		case 'needs-choice':
			return (
				<WarningsPanel
					id={ id }
					filename={ item.fields.filename }
					warnings={ status.warnings }
					onResolve={ ( r ) => props.onResolve( id, r ) }
				/>
			);
		case 'done':
			return (
				<div class="uploaddialog-status is-success">
					<span>{ msg( 'uploaddialog-status-done' ) } </span>
					<a href={ status.descriptionUrl || filePageUrl( status.filename ) }>{ fileTitle( status.filename ) }</a>
				</div>
			);
		case 'failed':
			return (
				<FailureView
					failure={ status.failure }
					onRetry={ status.failure.remedy === 'none' ? undefined : () => props.onRetry( id ) }
					onRemove={ () => props.onRemove( id ) }
				/>
			);
		case 'cancelled':
			return (
				<div class="uploaddialog-status">
					<span>{ msg( 'uploaddialog-status-cancelled' ) }</span>
					<button type="button" class="uploaddialog-button" onClick={ () => props.onRetry( id ) }>{ msg( 'uploaddialog-retry' ) }</button>
					<button type="button" class="uploaddialog-button" onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
				</div>
			);
	}
}

/** A button that opens the file chooser for one file. */
function FilePickButton( { label, onFile }: { label: string; onFile( file: File ): void } ) {
	const input = useRef<HTMLInputElement>( null );
	return (
		<>
			<button type="button" class="uploaddialog-button is-progressive" onClick={ () => input.current?.click() }>{ label }</button>
			<input
				ref={ input }
				type="file"
				class="uploaddialog-file-input"
				aria-label={ label }
				tabIndex={ -1 }
				onChange={ () => {
					const file = input.current?.files?.[ 0 ];
					if ( file ) {
						onFile( file );
					}
					if ( input.current ) {
						input.current.value = '';
					}
				} }
			/>
		</>
	);
}

function stateText( status: UploadItem[ 'status' ] ): string {
	if ( status.state === 'processing' ) {
		const known = [ 'queued', 'assembling', 'publish' ];
		return known.indexOf( status.stage ) !== -1 ?
			msg( `uploaddialog-stage-${ status.stage as 'queued' | 'assembling' | 'publish' }` ) :
			msg( 'uploaddialog-stage-other', status.stage );
	}
	if ( status.state === 'committing' ) {
		return msg( 'uploaddialog-status-committing' );
	}
	return msg( 'uploaddialog-status-queued' );
}
