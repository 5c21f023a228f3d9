/** Where files come in: the file chooser, drag and drop (files and folders), paste, or a URL. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';
import { folderEntries, readDropped } from './folderDrop';
import { BUTTON, PROGRESSIVE, TEXT_INPUT } from './codex';

interface SourcePickerProps {
	/** null before the wiki's settings are here: files can be chosen, a URL only once they are. */
	site: SiteInfo | null;
	onFiles( files: File[] ): void;
	onUrl( url: string ): void;
}

/** Where the reading of dropped folders stands; null: nothing to say. */
type FolderNotice = { state: 'reading' } | { state: 'read'; files: number; unreadable: number } | null;

export function SourcePicker( { site, onFiles, onUrl }: SourcePickerProps ) {
	const input = useRef<HTMLInputElement>( null );
	const [ dragging, setDragging ] = useState( false );
	const [ notice, setNotice ] = useState<FolderNotice>( null );
	// Only the latest drop speaks; none after the dialog closed (its files still join the list).
	const drops = useRef( 0 );
	useEffect( () => () => {
		drops.current = -1;
	}, [] );

	const onChange = () => {
		const files = input.current?.files;
		if ( files && files.length ) {
			setNotice( null );
			onFiles( Array.from( files ) );
		}
		// Let the same file be chosen again after it was removed.
		if ( input.current ) {
			input.current.value = '';
		}
	};

	const onDrop = ( event: DragEvent ) => {
		event.preventDefault();
		setDragging( false );
		const transfer = event.dataTransfer;
		if ( !transfer ) {
			return;
		}
		// Read now: the browser empties the drop's items when the event is over.
		const roots = folderEntries( transfer );
		if ( !roots ) {
			setNotice( null );
			if ( transfer.files && transfer.files.length ) {
				onFiles( Array.from( transfer.files ) );
			}
			return;
		}
		const drop = ++drops.current;
		setNotice( { state: 'reading' } );
		void readDropped( roots ).then( ( { files, unreadable } ) => {
			if ( files.length ) {
				onFiles( files );
			}
			if ( drop === drops.current ) {
				setNotice( { state: 'read', files: files.length, unreadable } );
			}
		} );
	};

	// Files dropped anywhere else while the dialog is open (a card, a field, the backdrop) join
	// the list as well: the browser would otherwise open the file in place of the page, and the
	// list, with everything typed into it, would be gone. Text dragged into a field is left alone.
	const latestDrop = useRef( onDrop );
	latestDrop.current = onDrop;
	useEffect( () => {
		const carriesFiles = ( event: DragEvent ) => {
			const types = event.dataTransfer && event.dataTransfer.types;
			return !!types && Array.prototype.indexOf.call( types, 'Files' ) !== -1;
		};
		const onDragOver = ( event: DragEvent ) => {
			if ( carriesFiles( event ) ) {
				event.preventDefault();
			}
		};
		const onDropElsewhere = ( event: DragEvent ) => {
			if ( !event.defaultPrevented && carriesFiles( event ) ) {
				latestDrop.current( event );
			}
		};
		document.addEventListener( 'dragover', onDragOver );
		document.addEventListener( 'drop', onDropElsewhere );
		return () => {
			document.removeEventListener( 'dragover', onDragOver );
			document.removeEventListener( 'drop', onDropElsewhere );
		};
	}, [] );

	return (
		<div class="uploaddialog-sources">
			<div
				class={ 'uploaddialog-dropzone' + ( dragging ? ' is-dragging' : '' ) }
				onDragOver={ ( e ) => {
					e.preventDefault();
					setDragging( true );
				} }
				onDragLeave={ () => setDragging( false ) }
				onDrop={ onDrop }
			>
				<p>{ msg( 'uploaddialog-drop-zone' ) }</p>
				<button type="button" class={ PROGRESSIVE } onClick={ () => input.current?.click() }>
					{ msg( 'uploaddialog-choose-files' ) }
				</button>
				<input
					ref={ input }
					type="file"
					multiple
					class="uploaddialog-file-input"
					aria-label={ msg( 'uploaddialog-choose-files' ) }
					tabIndex={ -1 }
					onChange={ onChange }
				/>
			</div>
			{ /* Always there, so that screen readers hear what the reading of folders came to. */ }
			<div class="uploaddialog-drop-notice" aria-live="polite">
				<FolderNoticeView notice={ notice } />
			</div>
			{ site && <UrlSource site={ site } onUrl={ onUrl } /> }
		</div>
	);
}

function FolderNoticeView( { notice }: { notice: FolderNotice } ) {
	if ( !notice ) {
		return null;
	}
	if ( notice.state === 'reading' ) {
		return <p class="uploaddialog-note">{ msg( 'uploaddialog-drop-reading' ) }</p>;
	}
	return (
		<>
			{ notice.unreadable > 0 && <p class="uploaddialog-error-text">{ msg( 'uploaddialog-drop-unreadable', notice.unreadable ) }</p> }
			{ notice.files === 0 && notice.unreadable === 0 && <p class="uploaddialog-note">{ msg( 'uploaddialog-drop-empty' ) }</p> }
		</>
	);
}

function UrlSource( { site, onUrl }: { site: SiteInfo; onUrl( url: string ): void } ) {
	const [ url, setUrl ] = useState( '' );
	const [ invalid, setInvalid ] = useState( false );
	if ( !site.copyUploadsEnabled ) {
		return <p class="uploaddialog-note">{ msg( 'uploaddialog-url-disabled' ) }</p>;
	}
	if ( site.rights.indexOf( 'upload_by_url' ) === -1 ) {
		return <p class="uploaddialog-note">{ msg( 'uploaddialog-url-no-right' ) }</p>;
	}
	const submit = ( event: Event ) => {
		event.preventDefault();
		if ( !/^https?:\/\/\S+$/i.test( url.trim() ) ) {
			setInvalid( true );
			return;
		}
		setInvalid( false );
		onUrl( url.trim() );
		setUrl( '' );
	};
	return (
		// noValidate: the check below says what is wrong in the user's language; the browser's
		// own check of type=url would stop the form first, in the browser's language.
		<form class="uploaddialog-url" onSubmit={ submit } noValidate>
			<label for="uploaddialog-url-input">{ msg( 'uploaddialog-url-label' ) }</label>
			<div class="uploaddialog-inline">
				<input
					id="uploaddialog-url-input"
					type="url"
					class={ TEXT_INPUT }
					value={ url }
					aria-invalid={ invalid }
					aria-describedby={ invalid ? 'uploaddialog-url-error' : undefined }
					onInput={ ( e ) => setUrl( ( e.target as HTMLInputElement ).value ) }
				/>
				{ /* Not type=submit: Timeless paints every submit button of a form blue, over Codex's look.
				     Enter in the one field still submits the form. */ }
				<button type="button" class={ BUTTON } onClick={ submit }>{ msg( 'uploaddialog-url-add' ) }</button>
			</div>
			{ invalid && <p id="uploaddialog-url-error" class="uploaddialog-error-text">{ msg( 'uploaddialog-url-invalid' ) }</p> }
		</form>
	);
}
