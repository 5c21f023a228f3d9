/**
 * One file of the list: its fields, where its upload stands, and what the user can do now.
 * It renders the item's state and sends intents; all upload logic lives in the engine.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PreviewDescription } from '../api/preview';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import type { UploadFields, UploadItem, WatchlistChoice } from '../upload/model';
import { isCancellable, isEditable, isRetryable } from '../upload/model';
import type { LocationChoice } from '../upload/photos';
import type { Resolution } from '../upload/queue';
import { FailureView } from './FailureView';
import { EXPIRIES, Field, WATCH_CHOICES } from './fields';
import { formatSize, formatTimestamp } from './format';
import { filePageUrl, fileTitle } from './links';
import { LocationNotice } from './describe/LocationNotice';
import { PhotoDate } from './describe/PhotoDate';
import { Thumbnail } from './describe/Thumbnail';
import { Preview } from './Preview';
import { ProgressView } from './ProgressView';
import { DescribeFields } from './describe/DescribeFields';
import type { DescribeSetup } from './describe/describeSetup';
import { describedPageText } from '../upload/describedText';
import { TagChoice } from './describe/TagChoice';
import { WarningsPanel } from './WarningsPanel';
import { BUTTON, Message, PROGRESSIVE, SELECT, TEXT_AREA, TEXT_INPUT } from './codex';

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
	/** Move the file by `offset` places in the list (-1: up, 1: down). */
	onMove( id: string, offset: number ): void;
	/** A photo's date taken, as the user set it: false when refused (photos.ts). Without it, no date field. */
	onPhotoDate?( id: string, value: string ): boolean;
	/** Keep or remove a photo's location from the bytes sent. Without it, no location notice. */
	onLocation?( id: string, choice: LocationChoice ): void;
	/** Not an intent: asks the wiki how the description page will look. Without it, no preview. */
	preview?: PreviewDescription;
	/** Not an intent: the wiki's describing setup (issue 20); without it, only the raw text and a tags box. */
	describe?: DescribeSetup | null;
}

/** Where the card stands in the list: primitives, so an unchanged card is not rendered again. */
export interface CardLayout {
	/** Two files or more: the card can be moved and folded, and marks fields set for it alone. */
	batch: boolean;
	/** A long list: the card's fields are folded until the user opens them. */
	compact: boolean;
	first: boolean;
	last: boolean;
	/** *Pause all* holds the list: a waiting file starts only after *Resume all*. */
	held: boolean;
}

interface FileCardProps extends FileIntents, CardLayout {
	item: UploadItem;
	site: SiteInfo;
}

export function FileCard( props: FileCardProps ) {
	const { item, batch, compact } = props;
	const { fields, status } = item;
	const card = useRef<HTMLLIElement>( null );
	// The user's own choice wins; until then a long list shows its cards folded, except one
	// whose failure asks for another name (the field is where the message points), and one being
	// typed in when the list grows long (files pasted while typing must not take the field away).
	const [ open, setOpen ] = useState<boolean | null>( null );
	const typing = open === null && compact && !!card.current?.querySelector( '.uploaddialog-fields' )?.contains( document.activeElement );
	useEffect( () => {
		if ( typing ) {
			setOpen( true );
		}
	}, [ typing ] );
	const wantsName = status.state === 'failed' && status.failure.remedy === 'rename';
	const expanded = !batch || ( open === null ? !compact || wantsName || typing : open );
	useFocusKept( card, status.state );

	return (
		<li ref={ card } tabIndex={ -1 } class={ `uploaddialog-file is-${ status.state }${ expanded ? '' : ' is-compact' }` } role="group" aria-label={ msg( 'uploaddialog-file-group', item.label ) }>
			<div class="uploaddialog-file-head">
				{ item.photo && item.source.kind === 'file' && <Thumbnail file={ item.source.file } /> }
				<span class="uploaddialog-file-label">
					{ item.source.kind === 'url' ? msg( 'uploaddialog-from-url', item.label ) : item.label }
				</span>
				{ item.size !== null && <bdi class="uploaddialog-file-size">{ formatSize( item.size ) }</bdi> }
			</div>
			{ !expanded && <p class="uploaddialog-file-target">{ msg( 'uploaddialog-file-target', fields.filename ) }</p> }
			{ batch && <CardTools { ...props } expanded={ expanded } onToggle={ () => setOpen( !expanded ) } /> }
			{ expanded && <FieldsForm { ...props } /> }
			{ props.onLocation && ( isEditable( status ) || status.state === 'queued' ) &&
				<LocationNotice item={ item } disabled={ !isEditable( status ) } onLocation={ props.onLocation } /> }
			{ item.notice === 'restarted' && <p class="uploaddialog-note">{ msg( 'uploaddialog-notice-restarted' ) }</p> }
			<StatusView { ...props } />
		</li>
	);
}

/**
 * A button the user pressed in the card (Cancel, Pause, Retry, a choice about warnings) goes
 * away with the state it belonged to, and the focus would fall to the page's body: the keyboard
 * and the screen reader would start again from the top of the dialog. It goes to what the card
 * offers now (its first button or link of the new state), else to the card itself.
 */
function useFocusKept( card: { current: HTMLLIElement | null }, state: string ): void {
	/** The element of this card that last had the focus. */
	const focused = useRef<Element | null>( null );
	useLayoutEffect( () => {
		const element = card.current;
		if ( !element ) {
			return undefined;
		}
		const onFocusIn = ( event: FocusEvent ) => {
			focused.current = event.target as Element;
		};
		element.addEventListener( 'focusin', onFocusIn );
		return () => element.removeEventListener( 'focusin', onFocusIn );
	}, [] );
	useLayoutEffect( () => {
		const element = card.current;
		const active = document.activeElement;
		const lost = focused.current;
		// Only when the focus went down with an element this render removed: a click on an empty
		// spot also leaves it on the body, and then it stays there.
		if ( !element || !lost || lost.isConnected || ( active && active !== document.body ) ) {
			return;
		}
		focused.current = null;
		const next = element.querySelector<HTMLElement>( '.uploaddialog-status button:not([disabled]), .uploaddialog-status a[href], .uploaddialog-warnings button:not([disabled])' );
		( next || element ).focus();
	}, [ state ] );
}

interface CardToolsProps extends FileCardProps {
	expanded: boolean;
	onToggle(): void;
}

/** Open or fold the fields, and move the file up or down (the upload order, and `$n`). */
function CardTools( props: CardToolsProps ) {
	const { item, expanded, first, last } = props;
	const up = useRef<HTMLButtonElement>( null );
	const down = useRef<HTMLButtonElement>( null );
	// Moving re-inserts the card's element, which takes the focus from the button: give it back
	// (or to the other button, once this one is disabled at the list's end), so the keyboard can
	// move a file several places with one key.
	const refocus = useRef<'up' | 'down' | null>( null );
	const [ moves, setMoves ] = useState( 0 );
	useEffect( () => {
		const wanted = refocus.current;
		refocus.current = null;
		if ( wanted ) {
			const [ mine, other ] = wanted === 'up' ? [ up.current, down.current ] : [ down.current, up.current ];
			( mine && !mine.disabled ? mine : other )?.focus();
		}
	}, [ moves ] );
	const move = ( direction: 'up' | 'down' ) => {
		refocus.current = direction;
		props.onMove( item.id, direction === 'up' ? -1 : 1 );
		setMoves( moves + 1 );
	};
	// Set for this file alone: the batch panel's values and the name pattern leave those fields.
	const own = item.overrides.length > 0;

	return (
		<div class="uploaddialog-file-tools">
			<button
				type="button"
				class={ `${ BUTTON } uploaddialog-toggle` }
				aria-expanded={ expanded }
				aria-controls={ expanded ? `${ item.id }-fields` : undefined }
				onClick={ props.onToggle }
			>
				{ msg( 'uploaddialog-edit' ) }
			</button>
			{ !expanded && own && <span class="uploaddialog-own">{ msg( 'uploaddialog-own-value' ) }</span> }
			<span class="uploaddialog-move">
				<button
					ref={ up }
					type="button"
					class={ `${ BUTTON } cdx-button--icon-only` }
					aria-label={ msg( 'uploaddialog-move-up' ) }
					title={ msg( 'uploaddialog-move-up' ) }
					disabled={ first }
					onClick={ () => move( 'up' ) }
				>
					<span aria-hidden="true">↑</span>
				</button>
				<button
					ref={ down }
					type="button"
					class={ `${ BUTTON } cdx-button--icon-only` }
					aria-label={ msg( 'uploaddialog-move-down' ) }
					title={ msg( 'uploaddialog-move-down' ) }
					disabled={ last }
					onClick={ () => move( 'down' ) }
				>
					<span aria-hidden="true">↓</span>
				</button>
			</span>
		</div>
	);
}

function FieldsForm( props: FileCardProps ) {
	const { item, site, batch, describe } = props;
	const { id, fields, status } = item;
	const editable = isEditable( status );
	// While warnings wait, the name is changed in the panel, where the change is checked.
	const nameEditable = editable && status.state !== 'needs-choice';
	const set = ( patch: Partial<UploadFields> ) => props.onFields( id, patch );
	const value = ( e: Event ) => ( e.target as HTMLInputElement ).value;
	// "Own value" only where there is a batch whose values it keeps apart from.
	const own = ( key: keyof UploadFields ) => batch && item.overrides.indexOf( key ) !== -1;
	const describedBy = ( key: keyof UploadFields, fieldId: string ) => ( own( key ) ? `${ fieldId }-own` : undefined );
	// A photo's date is its own field (PhotoDate, with where it came from): the form does not ask again.
	const describing = describe && <DescribeFields id={ id } fields={ fields } setup={ describe } editable={ editable } batch={ batch } own={ own } set={ set } dateElsewhere={ !!( props.onPhotoDate && item.photo ) } />;

	return (
		<div class="uploaddialog-fields" id={ `${ id }-fields` }>
			<Field id={ `${ id }-name` } label={ msg( 'uploaddialog-field-filename' ) } own={ own( 'filename' ) }>
				<input id={ `${ id }-name` } class={ TEXT_INPUT } value={ fields.filename } disabled={ !nameEditable } aria-describedby={ describedBy( 'filename', `${ id }-name` ) } onInput={ ( e ) => set( { filename: value( e ) } ) } />
			</Field>
			{ props.onPhotoDate && <PhotoDate item={ item } disabled={ !editable } onDate={ props.onPhotoDate } /> }
			{ /* The structured form comes first, its raw text after it; Special:Upload's licence after the text. */ }
			{ describe && describe.structured && describing }
			<Field id={ `${ id }-text` } label={ describe && describe.structured ? msg( 'uploaddialog-field-more-text' ) : msg( 'uploaddialog-field-text' ) } own={ own( 'text' ) }>
				<textarea id={ `${ id }-text` } class={ TEXT_AREA } rows={ 4 } value={ fields.text } disabled={ !editable } aria-describedby={ describedBy( 'text', `${ id }-text` ) } onInput={ ( e ) => set( { text: value( e ) } ) } />
				{ props.preview && <Preview id={ id } text={ describe ? describedPageText( fields, describe.page ) : fields.text } filename={ fields.filename } preview={ props.preview } /> }
			</Field>
			{ describe && !describe.structured && describing }
			<Field id={ `${ id }-comment` } label={ msg( 'uploaddialog-field-comment' ) } own={ own( 'comment' ) }>
				<input id={ `${ id }-comment` } class={ TEXT_INPUT } value={ fields.comment } disabled={ !editable } aria-describedby={ describedBy( 'comment', `${ id }-comment` ) } onInput={ ( e ) => set( { comment: value( e ) } ) } />
			</Field>
			{ describe ? <TagChoice id={ `${ id }-tags` } allowed={ describe.allowedTags } value={ fields.tags } disabled={ !editable } own={ own( 'tags' ) } onChange={ ( tags ) => set( { tags } ) } /> : (
				<Field id={ `${ id }-tags` } label={ msg( 'uploaddialog-field-tags' ) } own={ own( 'tags' ) }>
					<input id={ `${ id }-tags` } class={ TEXT_INPUT } value={ fields.tags } disabled={ !editable } aria-describedby={ describedBy( 'tags', `${ id }-tags` ) } onInput={ ( e ) => set( { tags: value( e ) } ) } />
				</Field>
			) }
			<div class="uploaddialog-inline">
				<Field id={ `${ id }-watch` } label={ msg( 'uploaddialog-field-watchlist' ) } own={ own( 'watchlist' ) }>
					<select id={ `${ id }-watch` } class={ SELECT } value={ fields.watchlist } disabled={ !editable } aria-describedby={ describedBy( 'watchlist', `${ id }-watch` ) } onChange={ ( e ) => set( { watchlist: value( e ) as WatchlistChoice } ) }>
						{ WATCH_CHOICES.map( ( c ) => <option key={ c } value={ c }>{ msg( `uploaddialog-watch-${ c }` ) }</option> ) }
					</select>
				</Field>
				{ site.watchlistExpiryEnabled && fields.watchlist === 'watch' && (
					<Field id={ `${ id }-expiry` } label={ msg( 'uploaddialog-field-expiry' ) } own={ own( 'watchlistExpiry' ) }>
						<select id={ `${ id }-expiry` } class={ SELECT } value={ fields.watchlistExpiry } disabled={ !editable } aria-describedby={ describedBy( 'watchlistExpiry', `${ id }-expiry` ) } onChange={ ( e ) => set( { watchlistExpiry: value( e ) } ) }>
							{ EXPIRIES.map( ( [ v, key ] ) => <option key={ v } value={ v }>{ msg( key ) }</option> ) }
						</select>
					</Field>
				) }
			</div>
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
					<button key="remove" type="button" class={ BUTTON } onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
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
						<span>{ status.state === 'queued' && props.held ? msg( 'uploaddialog-status-held' ) : stateText( status ) }</span> }
					{ status.state === 'sending' && status.retryAt !== null && (
						<button key="retry-now" type="button" class={ BUTTON } onClick={ () => props.onRetryNow( id ) }>{ msg( 'uploaddialog-retry-now' ) }</button>
					) }
					{ status.state === 'sending' && status.chunked && (
						<button key="pause" type="button" class={ BUTTON } onClick={ () => props.onPause( id ) }>{ msg( 'uploaddialog-pause' ) }</button>
					) }
					{ isCancellable( status ) && (
						<button key="cancel" type="button" class={ BUTTON } onClick={ () => props.onCancel( id ) }>{ msg( 'uploaddialog-cancel' ) }</button>
					) }
				</div>
			);
		case 'paused':
			return (
				<div class="uploaddialog-status">
					<span>{ msg( 'uploaddialog-status-paused', formatSize( status.progress.sent ), formatSize( status.progress.total ) ) }</span>
					<button key="resume" type="button" class={ PROGRESSIVE } onClick={ () => props.onResume( id ) }>{ msg( 'uploaddialog-resume' ) }</button>
					<button key="cancel" type="button" class={ BUTTON } onClick={ () => props.onCancel( id ) }>{ msg( 'uploaddialog-cancel' ) }</button>
				</div>
			);
		case 'interrupted':
			return (
				<div class="uploaddialog-status">
					<p>{ msg( 'uploaddialog-status-interrupted', formatSize( status.sent ), formatSize( item.size || 0 ), formatTimestamp( new Date( status.expiresAt ).toISOString() ) ) }</p>
					{ status.mismatch && <p class="uploaddialog-error-text" role="alert">{ msg( 'uploaddialog-reattach-mismatch' ) }</p> }
					<FilePickButton label={ msg( 'uploaddialog-reattach' ) } onFile={ ( file ) => props.onReattach( id, file ) } />
					<button key="remove" type="button" class={ BUTTON } onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
				</div>
			);
		case 'needs-choice':
			return (
				<WarningsPanel
					id={ id }
					filename={ item.fields.filename }
					warnings={ status.warnings }
					early={ !!status.early }
					onResolve={ ( r ) => props.onResolve( id, r ) }
					onRemove={ () => props.onRemove( id ) }
				/>
			);
		case 'done':
			return (
				<Message type="success" class="uploaddialog-status is-success">
					<span>{ msg( 'uploaddialog-status-done' ) } </span>
					{ /* A new tab, as every link of the dialog: leaving the page would drop the files still listed. */ }
					<a href={ status.descriptionUrl || filePageUrl( status.filename ) } target="_blank" rel="noopener">{ fileTitle( status.filename ) }</a>
				</Message>
			);
		case 'failed':
			return (
				<FailureView
					failure={ status.failure }
					onRetry={ isRetryable( item ) ? () => props.onRetry( id ) : undefined }
					onRemove={ () => props.onRemove( id ) }
				/>
			);
		case 'cancelled':
			return (
				<div class="uploaddialog-status">
					<span>{ msg( 'uploaddialog-status-cancelled' ) }</span>
					<button key="retry" type="button" class={ BUTTON } onClick={ () => props.onRetry( id ) }>{ msg( 'uploaddialog-retry' ) }</button>
					<button key="remove" type="button" class={ BUTTON } onClick={ () => props.onRemove( id ) }>{ msg( 'uploaddialog-remove' ) }</button>
				</div>
			);
	}
}

/** A button that opens the file chooser for one file. */
function FilePickButton( { label, onFile }: { label: string; onFile( file: File ): void } ) {
	const input = useRef<HTMLInputElement>( null );
	return (
		<>
			<button type="button" class={ PROGRESSIVE } onClick={ () => input.current?.click() }>{ label }</button>
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
