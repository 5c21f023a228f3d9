/**
 * The whole dialog: loads the wiki's settings, explains a missing right, or shows the sources,
 * the list of files and the upload button. State comes from the engine; clicks become intents.
 */
import { Component } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PreviewDescription } from '../api/preview';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import { MiB } from '../upload/chunks';
import { describeFailure } from '../upload/failures';
import { isActive, isRetryable, type UploadItem } from '../upload/model';
import { MAX_MAX_FILES, MAX_PARALLEL, type UploadQueue } from '../upload/queue';
import { BatchPanel } from './BatchPanel';
import { Dialog } from './Dialog';
import { FileCard, type CardLayout, type FileIntents } from './FileCard';
import { failureText } from './FailureView';
import { LocationForAll } from './describe/LocationNotice';
import { useLocationChoice, type UserOptions } from './describe/useLocationChoice';
import { formatSize } from './format';
import { loginUrl, rightsUrl } from './links';
import { SourcePicker } from './SourcePicker';
import { isFinished, Summary } from './Summary';
import { useStartShown } from './useStartShown';
import { useStore } from './useStore';
import type { DraftStore } from '../upload/draft';
import { useDescribeSetup, type DescribeService } from './describe/describeSetup';
import { DraftOffer, useDrafts } from './describe/Drafts';
import { NoLicenceQuestion, withoutLicence } from './describe/NoLicenceCheck';
import { BUTTON, Checkbox, Message, PRIMARY, PROGRESSIVE, TEXT_INPUT } from './codex';
import { NumberSetting } from './NumberSetting';

/**
 * Up to this many files, every card shows its fields, as with one file (and as the end-to-end
 * tests fill them); a longer list shows each card folded to one line of name, size, target name
 * and state, and opens the fields of the card the user edits, so 500 files stay a usable list.
 */
export const EXPANDED_UP_TO = 5;

interface AppProps {
	queue: UploadQueue;
	version: string;
	onClose(): void;
	/** The description page as the wiki renders it (src/api/preview.ts); without it, no Preview buttons. */
	preview?: PreviewDescription;
	/** The user's remembered choices (src/api/describeApi.ts); without it, the location choice is not remembered. */
	userOptions?: UserOptions;
	/** The wiki's licence list, format, categories and tags (src/api/describeApi.ts); without it, the raw text only. */
	describeApi?: DescribeService;
	/** Where what the user types is kept until published; without it, no drafts. */
	drafts?: DraftStore;
	/**
	 * The user may upload as far as the page knows (ResourceLoader sent the gadget only because its
	 * line says `rights=upload`): the file picker is offered before the wiki's settings are here,
	 * and the chosen files are listed once they are (the engine sends nothing before).
	 */
	pickerFirst?: boolean;
}

export function App( { queue, version, onClose, preview, userOptions, describeApi, drafts, pickerFirst }: AppProps ) {
	const state = useStore( queue.store );
	const location = useLocationChoice( queue.photos, userOptions );
	const describe = useDescribeSetup( describeApi, queue, state.site ? state.site.userName : null );
	const draftOffer = useDrafts( drafts, queue, state.items );
	const [ asking, setAsking ] = useState( false );
	const [ loadError, setLoadError ] = useState<string | null>( null );
	const announcement = useAnnouncements( state.items );
	const shown = useStartShown( state.items );
	const start = () => {
		shown.willStart();
		queue.start();
	};

	const load = () => {
		setLoadError( null );
		queue.loadSite().catch( ( e ) => setLoadError( failureText( describeFailure( e ) ) ) );
	};
	// Before the first paint, not after it (useEffect waits for a frame): when the site info is
	// already there (src/dialog.ts asks for it on intent), the dialog's first paint is its form.
	useLayoutEffect( () => {
		if ( !queue.getState().site ) {
			load();
		}
	}, [ queue ] );

	usePastedFiles( ( files ) => queue.addFiles( files ) );
	useLeaveWarning( () => queue.isBusy() );

	const close = () => {
		if ( queue.isBusy() ) {
			if ( !window.confirm( msg( 'uploaddialog-confirm-close' ) ) ) {
				return;
			}
			queue.cancelAll();
		}
		onClose();
	};

	// Stable across renders, so an unchanged file's card is not rendered again (see FileRow).
	const intents: FileIntents = useMemo( () => ( {
		onFields: ( id, patch ) => queue.updateFields( id, patch ),
		onRemove: ( id ) => queue.remove( id ),
		onCancel: ( id ) => queue.cancel( id ),
		onRetry: ( id ) => queue.retry( id ),
		onRetryNow: ( id ) => queue.retryNow( id ),
		onPause: ( id ) => queue.pause( id ),
		onResume: ( id ) => queue.resume( id ),
		onReattach: ( id, file ) => void queue.reattach( id, file ),
		onResolve: ( id, r ) => queue.resolve( id, r ),
		onPhotoDate: ( id, value ) => queue.photos.setDate( id, value ),
		onLocation: ( id, choice ) => void queue.photos.choose( id, choice ),
		onMove: ( id, offset ) => {
			const index = queue.getState().items.findIndex( ( i ) => i.id === id );
			if ( index !== -1 && index + offset >= 0 ) {
				queue.move( id, index + offset );
			}
		},
		preview,
		describe
	} ), [ queue, preview, describe ] );
	const setSharedFields = useMemo( () => queue.setSharedFields.bind( queue ), [ queue ] );
	const setPattern = useMemo( () => queue.setPattern.bind( queue ), [ queue ] );

	const site = state.site;
	const items = state.items;
	const ready = items.filter( ( i ) => i.status.state === 'ready' ).length;
	const busy = items.some( ( i ) => isActive( i.status ) );
	const batch = items.length > 1;
	const compact = items.length > EXPANDED_UP_TO;
	let body;
	let footer;
	if ( loadError ) {
		body = (
			<div role="alert">
				<p>{ msg( 'uploaddialog-site-error', loadError ) }</p>
				<button type="button" class={ BUTTON } onClick={ load }>{ msg( 'uploaddialog-site-retry' ) }</button>
			</div>
		);
	} else if ( !site ) {
		const loading = <p role="status">{ items.length ? msg( 'uploaddialog-loading-chosen', items.length ) : msg( 'uploaddialog-loading' ) }</p>;
		body = pickerFirst ? (
			<>
				<SourcePicker site={ null } onFiles={ ( f ) => queue.addFiles( f ) } onUrl={ ( u ) => queue.addUrl( u ) } />
				{ loading }
			</>
		) : loading;
	} else if ( !site.userName ) {
		body = (
			<div class="uploaddialog-explain">
				<p>{ msg( 'uploaddialog-no-rights-anon' ) }</p>
				<a class={ `${ PRIMARY } cdx-button--fake-button cdx-button--fake-button--enabled` } href={ loginUrl() }>{ msg( 'uploaddialog-login' ) }</a>
			</div>
		);
	} else if ( site.rights.indexOf( 'upload' ) === -1 ) {
		body = (
			<div class="uploaddialog-explain">
				<p>{ msg( 'uploaddialog-no-rights', site.userName ) }</p>
				<a href={ rightsUrl() }>{ msg( 'uploaddialog-rights-link' ) }</a>
			</div>
		);
	} else {
		body = (
			<>
				<SourcePicker site={ site } onFiles={ ( f ) => queue.addFiles( f ) } onUrl={ ( u ) => queue.addUrl( u ) } />
				{ state.refused && (
					<Message type="warning" role="status"><p>{ msg( 'uploaddialog-list-full', state.refused.count, state.refused.max ) }</p></Message>
				) }
				{ !busy && items.some( isFinished ) && <Summary items={ items } /> }
				{ draftOffer.offers.length > 0 && <DraftOffer count={ draftOffer.offers.length } onRestore={ draftOffer.restore } onDiscard={ draftOffer.discard } /> }
				{ batch && <BatchPanel items={ items } site={ site } batch={ state.batch } onFields={ setSharedFields } onPattern={ setPattern } preview={ preview } describe={ describe } /> }
				<LocationForAll count={ items.filter( ( i ) => i.photo?.position ).length } choice={ location.choice } onChoice={ location.choose } />
				{ location.saveError && <Message type="warning" role="alert"><p>{ msg( 'uploaddialog-location-save-failed', location.saveError ) }</p></Message> }
				{ items.length ? (
					<ul ref={ shown.list } class="uploaddialog-files" aria-label={ msg( 'uploaddialog-list-label' ) }>
						{ items.map( ( item, n ) => (
							<FileRow
								key={ item.id }
								item={ item }
								site={ site }
								intents={ intents }
								batch={ batch }
								compact={ compact }
								first={ n === 0 }
								last={ n === items.length - 1 }
								held={ state.held }
							/>
						) ) }
					</ul>
				) : <p class="uploaddialog-note">{ msg( 'uploaddialog-list-empty' ) }</p> }
				<details class="uploaddialog-settings">
					<summary>{ msg( 'uploaddialog-settings' ) }</summary>
					<label for="uploaddialog-chunk-size">{ msg( 'uploaddialog-chunk-size' ) }</label>
					<NumberSetting
						id="uploaddialog-chunk-size"
						class={ TEXT_INPUT }
						min={ Math.max( site.minUploadChunkSize / MiB, 0.01 ) }
						step="any"
						value={ +( state.settings.chunkSize / MiB ).toFixed( 3 ) }
						aria-describedby="uploaddialog-chunk-size-help"
						onCommit={ ( typed ) => queue.setChunkSize( parseFloat( typed ) * MiB ) }
					/>
					<p id="uploaddialog-chunk-size-help" class="uploaddialog-note">
						{ msg( 'uploaddialog-chunk-size-help', formatSize( site.minUploadChunkSize ) ) }
					</p>
					<Checkbox id="uploaddialog-adaptive" checked={ state.settings.adaptiveChunks } describedBy="uploaddialog-adaptive-help" onChange={ ( on ) => queue.setAdaptiveChunks( on ) }>
						{ msg( 'uploaddialog-adaptive-chunks' ) }
					</Checkbox>
					<p id="uploaddialog-adaptive-help" class="uploaddialog-note">{ msg( 'uploaddialog-adaptive-chunks-help' ) }</p>
					<label for="uploaddialog-parallel">{ msg( 'uploaddialog-parallel' ) }</label>
					<NumberSetting
						id="uploaddialog-parallel"
						class={ TEXT_INPUT }
						min={ 1 }
						max={ MAX_PARALLEL }
						step={ 1 }
						value={ state.settings.parallel }
						aria-describedby="uploaddialog-parallel-help"
						onCommit={ ( typed ) => queue.setParallel( parseInt( typed, 10 ) ) }
					/>
					<p id="uploaddialog-parallel-help" class="uploaddialog-note">{ msg( 'uploaddialog-parallel-help', MAX_PARALLEL ) }</p>
					<label for="uploaddialog-max-files">{ msg( 'uploaddialog-max-files' ) }</label>
					<NumberSetting
						id="uploaddialog-max-files"
						class={ TEXT_INPUT }
						min={ 1 }
						max={ MAX_MAX_FILES }
						step={ 1 }
						value={ state.settings.maxFiles }
						onCommit={ ( typed ) => queue.setMaxFiles( parseInt( typed, 10 ) ) }
					/>
				</details>
			</>
		);
		footer = (
			<>
				<span class="uploaddialog-version">{ msg( 'uploaddialog-version', version ) }</span>
				<RunControls queue={ queue } items={ items } held={ state.held } busy={ busy } />
				{ asking && <NoLicenceQuestion count={ withoutLicence( items, describe ).length } onBack={ () => setAsking( false ) } onUpload={ () => {
					setAsking( false );
					start();
				} } /> }
				<button type="button" class={ PRIMARY } disabled={ !ready } onClick={ () => ( withoutLicence( items, describe ).length ? setAsking( true ) : start() ) }>
					{ ready ? msg( 'uploaddialog-upload', ready ) : msg( 'uploaddialog-upload-none' ) }
				</button>
			</>
		);
	}

	return (
		<Dialog titleId="uploaddialog-title" title={ msg( 'uploaddialog-title' ) } onClose={ close } footer={ footer }>
			{ body }
			<div class="uploaddialog-live" aria-live="polite" role="log">{ announcement.text && <span key={ announcement.count }>{ announcement.text }</span> }</div>
		</Dialog>
	);
}

interface FileRowProps extends CardLayout {
	item: UploadItem;
	site: SiteInfo;
	intents: FileIntents;
}

/**
 * A file's card, rendered again only when that file changed. Items are immutable, so identity
 * says it all: with hundreds of files listed, a progress event of one file must not re-render
 * every card (and typing in one field must stay instant).
 */
class FileRow extends Component<FileRowProps> {
	shouldComponentUpdate( next: FileRowProps ): boolean {
		const now = this.props;
		return next.item !== now.item || next.site !== now.site || next.intents !== now.intents || next.batch !== now.batch ||
			next.compact !== now.compact || next.first !== now.first || next.last !== now.last || next.held !== now.held;
	}

	render() {
		const { item, site, intents, batch, compact, first, last, held } = this.props;
		return <FileCard item={ item } site={ site } batch={ batch } compact={ compact } first={ first } last={ last } held={ held } { ...intents } />;
	}
}

interface RunControlsProps {
	queue: UploadQueue;
	items: UploadItem[];
	held: boolean;
	busy: boolean;
}

/** The whole list at once: pause or resume it, cancel it, try the failed files again. */
function RunControls( { queue, items, held, busy }: RunControlsProps ) {
	const paused = items.some( ( i ) => i.status.state === 'paused' );
	const failed = items.filter( isRetryable ).length;
	return (
		<>
			{ busy && !held && (
				<button type="button" class={ BUTTON } onClick={ () => queue.pauseAll() }>{ msg( 'uploaddialog-pause-all' ) }</button>
			) }
			{ ( held || paused ) && (
				<button type="button" class={ PROGRESSIVE } onClick={ () => queue.resumeAll() }>{ msg( 'uploaddialog-resume-all' ) }</button>
			) }
			{ ( busy || paused ) && (
				<button type="button" class={ BUTTON } onClick={ () => queue.cancelAll() }>{ msg( 'uploaddialog-cancel-all' ) }</button>
			) }
			{ failed > 0 && !busy && (
				<button type="button" class={ BUTTON } onClick={ () => queue.retryFailed() }>{ msg( 'uploaddialog-retry-failed', failed ) }</button>
			) }
		</>
	);
}

/** What the live region says last, and how many times it has spoken (each time a new node). */
interface Announcement {
	text: string;
	count: number;
}

/**
 * Tells screen readers when a file is done, failed or needs a choice: what changed since the
 * dialog opened (reopened on a finished list, it says nothing of the files it already said).
 * Each announcement is a node of its own, so the same words twice (the same file failing
 * again) are said twice.
 */
function useAnnouncements( items: UploadItem[] ): Announcement {
	const previous = useRef<Map<string, string> | null>( null );
	if ( previous.current === null ) {
		previous.current = new Map( items.map( ( item ) => [ item.id, item.status.state ] ) );
	}
	const [ said, setSaid ] = useState<Announcement>( { text: '', count: 0 } );
	useEffect( () => {
		const known = previous.current as Map<string, string>;
		const messages: string[] = [];
		items.forEach( ( item ) => {
			const before = known.get( item.id );
			const now = item.status.state;
			if ( before !== now ) {
				if ( now === 'done' ) {
					messages.push( msg( 'uploaddialog-announce-done', item.fields.filename ) );
				} else if ( now === 'failed' ) {
					messages.push( msg( 'uploaddialog-announce-failed', item.fields.filename ) );
				} else if ( now === 'needs-choice' ) {
					messages.push( msg( 'uploaddialog-announce-warnings', item.fields.filename ) );
				}
			}
			known.set( item.id, now );
		} );
		if ( messages.length ) {
			setSaid( ( last ) => ( { text: messages.join( ' ' ), count: last.count + 1 } ) );
		}
	}, [ items ] );
	return said;
}

/**
 * Files pasted anywhere while the dialog is open join the list; pasted text is left alone. Text
 * pasted into a field stays text even when the clipboard also holds a picture of it (Word and
 * Excel put one beside the text they copy).
 */
function usePastedFiles( onFiles: ( files: File[] ) => void ) {
	useEffect( () => {
		const onPaste = ( event: ClipboardEvent ) => {
			const clipboard = event.clipboardData;
			const files = clipboard?.files;
			const target = event.target as HTMLElement | null;
			const intoText = !!target && ( target.tagName === 'TEXTAREA' || ( target.tagName === 'INPUT' && ( target as HTMLInputElement ).type !== 'file' ) || target.isContentEditable );
			if ( intoText && clipboard && Array.prototype.indexOf.call( clipboard.types, 'text/plain' ) !== -1 ) {
				return;
			}
			if ( files && files.length ) {
				event.preventDefault();
				onFiles( Array.from( files ) );
			}
		};
		document.addEventListener( 'paste', onPaste );
		return () => document.removeEventListener( 'paste', onPaste );
	}, [] );
}

/** Leaving the page while bytes are on their way asks first (the browser's own prompt). */
function useLeaveWarning( busy: () => boolean ) {
	useEffect( () => {
		const onBeforeUnload = ( event: BeforeUnloadEvent ) => {
			if ( busy() ) {
				event.preventDefault();
				event.returnValue = '';
			}
		};
		window.addEventListener( 'beforeunload', onBeforeUnload );
		return () => window.removeEventListener( 'beforeunload', onBeforeUnload );
	}, [] );
}
