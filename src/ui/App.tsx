/**
 * The whole dialog: loads the wiki's settings, explains a missing right, or shows the sources,
 * the list of files and the upload button. State comes from the engine; clicks become intents.
 */
import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import { MiB } from '../upload/chunks';
import { describeFailure } from '../upload/failures';
import type { UploadItem } from '../upload/model';
import type { UploadQueue } from '../upload/queue';
import { Dialog } from './Dialog';
import { FileCard, type FileIntents } from './FileCard';
import { failureText } from './FailureView';
import { formatSize } from './format';
import { loginUrl, rightsUrl } from './links';
import { SourcePicker } from './SourcePicker';
import { useStore } from './useStore';

interface AppProps {
	queue: UploadQueue;
	version: string;
	onClose(): void;
}

export function App( { queue, version, onClose }: AppProps ) {
	const state = useStore( queue.store );
	const [ loadError, setLoadError ] = useState<string | null>( null );
	const announcement = useAnnouncements( state.items );

	const load = () => {
		setLoadError( null );
		queue.loadSite().catch( ( e ) => setLoadError( failureText( describeFailure( e ) ) ) );
	};
	useEffect( () => {
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
		onResolve: ( id, r ) => queue.resolve( id, r )
	} ), [ queue ] );

	const site = state.site;
	const ready = state.items.filter( ( i ) => i.status.state === 'ready' ).length;
	let body;
	let footer;
	if ( loadError ) {
		body = (
			<div role="alert">
				<p>{ msg( 'uploaddialog-site-error', loadError ) }</p>
				<button type="button" class="uploaddialog-button" onClick={ load }>{ msg( 'uploaddialog-site-retry' ) }</button>
			</div>
		);
	} else if ( !site ) {
		body = <p role="status">{ msg( 'uploaddialog-loading' ) }</p>;
	} else if ( !site.userName ) {
		body = (
			<div class="uploaddialog-explain">
				<p>{ msg( 'uploaddialog-no-rights-anon' ) }</p>
				<a class="uploaddialog-button is-progressive" href={ loginUrl() }>{ msg( 'uploaddialog-login' ) }</a>
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
				{ state.items.length ? (
					<ul class="uploaddialog-files" aria-label={ msg( 'uploaddialog-list-label' ) }>
						{ state.items.map( ( item ) => <FileRow key={ item.id } item={ item } site={ site } intents={ intents } /> ) }
					</ul>
				) : <p class="uploaddialog-note">{ msg( 'uploaddialog-list-empty' ) }</p> }
				<details class="uploaddialog-settings">
					<summary>{ msg( 'uploaddialog-settings' ) }</summary>
					<label for="uploaddialog-chunk-size">{ msg( 'uploaddialog-chunk-size' ) }</label>
					<input
						id="uploaddialog-chunk-size"
						type="number"
						class="uploaddialog-input"
						min={ Math.max( site.minUploadChunkSize / MiB, 0.01 ) }
						step="any"
						value={ +( state.settings.chunkSize / MiB ).toFixed( 3 ) }
						aria-describedby="uploaddialog-chunk-size-help"
						onChange={ ( e ) => queue.setChunkSize( parseFloat( ( e.target as HTMLInputElement ).value ) * MiB ) }
					/>
					<p id="uploaddialog-chunk-size-help" class="uploaddialog-note">
						{ msg( 'uploaddialog-chunk-size-help', formatSize( site.minUploadChunkSize ) ) }
					</p>
					<label class="uploaddialog-check">
						<input
							type="checkbox"
							checked={ state.settings.adaptiveChunks }
							aria-describedby="uploaddialog-adaptive-help"
							onChange={ ( e ) => queue.setAdaptiveChunks( ( e.target as HTMLInputElement ).checked ) }
						/>
						{ msg( 'uploaddialog-adaptive-chunks' ) }
					</label>
					<p id="uploaddialog-adaptive-help" class="uploaddialog-note">{ msg( 'uploaddialog-adaptive-chunks-help' ) }</p>
				</details>
			</>
		);
		footer = (
			<>
				<span class="uploaddialog-version">{ msg( 'uploaddialog-version', version ) }</span>
				<button type="button" class="uploaddialog-button is-progressive is-primary" disabled={ !ready } onClick={ () => queue.start() }>
					{ ready ? msg( 'uploaddialog-upload', ready ) : msg( 'uploaddialog-upload-none' ) }
				</button>
			</>
		);
	}

	return (
		<Dialog titleId="uploaddialog-title" title={ msg( 'uploaddialog-title' ) } onClose={ close } footer={ footer }>
			{ body }
			<div class="uploaddialog-live" aria-live="polite" role="log">{ announcement }</div>
		</Dialog>
	);
}

interface FileRowProps {
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
		return next.item !== this.props.item || next.site !== this.props.site || next.intents !== this.props.intents;
	}

	render() {
		return <FileCard item={ this.props.item } site={ this.props.site } { ...this.props.intents } />;
	}
}

/** Tells screen readers when a file is done, failed or needs a choice. */
function useAnnouncements( items: UploadItem[] ): string {
	const previous = useRef( new Map<string, string>() );
	const [ text, setText ] = useState( '' );
	useEffect( () => {
		const messages: string[] = [];
		items.forEach( ( item ) => {
			const before = previous.current.get( item.id );
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
			previous.current.set( item.id, now );
		} );
		if ( messages.length ) {
			setText( messages.join( ' ' ) );
		}
	}, [ items ] );
	return text;
}

/** Files pasted anywhere while the dialog is open join the list; pasted text is left alone. */
function usePastedFiles( onFiles: ( files: File[] ) => void ) {
	useEffect( () => {
		const onPaste = ( event: ClipboardEvent ) => {
			const files = event.clipboardData?.files;
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
