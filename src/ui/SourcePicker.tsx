/** Where files come in: the file chooser, drag and drop, paste, or a URL. */
import { useRef, useState } from 'preact/hooks';
import type { SiteInfo } from '../api/types';
import { msg } from '../i18n';

interface SourcePickerProps {
	site: SiteInfo;
	onFiles( files: File[] ): void;
	onUrl( url: string ): void;
}

export function SourcePicker( { site, onFiles, onUrl }: SourcePickerProps ) {
	const input = useRef<HTMLInputElement>( null );
	const [ dragging, setDragging ] = useState( false );

	const onChange = () => {
		const files = input.current?.files;
		if ( files && files.length ) {
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
		const files = event.dataTransfer?.files;
		if ( files && files.length ) {
			onFiles( Array.from( files ) );
		}
	};

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
				<button type="button" class="uploaddialog-button is-progressive" onClick={ () => input.current?.click() }>
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
			<UrlSource site={ site } onUrl={ onUrl } />
		</div>
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
		<form class="uploaddialog-url" onSubmit={ submit }>
			<label for="uploaddialog-url-input">{ msg( 'uploaddialog-url-label' ) }</label>
			<div class="uploaddialog-inline">
				<input
					id="uploaddialog-url-input"
					type="url"
					class="uploaddialog-input"
					value={ url }
					aria-invalid={ invalid }
					aria-describedby={ invalid ? 'uploaddialog-url-error' : undefined }
					onInput={ ( e ) => setUrl( ( e.target as HTMLInputElement ).value ) }
				/>
				<button type="submit" class="uploaddialog-button">{ msg( 'uploaddialog-url-add' ) }</button>
			</div>
			{ invalid && <p id="uploaddialog-url-error" class="uploaddialog-error-text">{ msg( 'uploaddialog-url-invalid' ) }</p> }
		</form>
	);
}
