/**
 * The date a photo was taken, on its card: read from the file (EXIF, else the file's last
 * change, said so), editable, and a future or impossible date refused where it is typed (the
 * item keeps its last good date). The item's fields.date is what the page text's $DATE uses.
 */
import { useState } from 'preact/hooks';
import { msg } from '../../i18n';
import type { UploadItem } from '../../upload/model';
import { TEXT_INPUT } from '../codex';

interface PhotoDateProps {
	item: UploadItem;
	disabled: boolean;
	/** The user's date: false when refused. */
	onDate( id: string, value: string ): boolean;
}

export function PhotoDate( { item, disabled, onDate }: PhotoDateProps ) {
	const { id, photo } = item;
	const [ refused, setRefused ] = useState<string | null>( null );
	if ( !photo ) {
		return null;
	}
	const fieldId = `${ id }-date`;
	const origin = photo.reading ? 'uploaddialog-photo-date-reading' :
		photo.dateOrigin === 'exif' ? 'uploaddialog-photo-date-exif' :
			photo.dateOrigin === 'file' ? 'uploaddialog-photo-date-file' :
				photo.dateOrigin === 'user' ? 'uploaddialog-photo-date-user' : 'uploaddialog-photo-date-none';
	const value = refused !== null ? refused : ( item.fields.date || '' );
	const change = ( typed: string ) => {
		setRefused( typed === '' || onDate( id, typed ) ? null : typed );
	};
	return (
		<div class="uploaddialog-field uploaddialog-photo-date">
			<div class="uploaddialog-field-label">
				<label for={ fieldId }>{ msg( 'uploaddialog-photo-date' ) }</label>
			</div>
			<input
				id={ fieldId }
				class={ TEXT_INPUT }
				type="datetime-local"
				step={ 1 }
				value={ value.length === 10 ? `${ value }T00:00:00` : value }
				disabled={ disabled }
				aria-invalid={ refused !== null }
				aria-describedby={ `${ fieldId }-origin${ refused !== null ? ` ${ fieldId }-refused` : '' }` }
				onChange={ ( e ) => change( ( e.target as HTMLInputElement ).value ) }
			/>
			<span id={ `${ fieldId }-origin` } class="uploaddialog-note" data-origin={ photo.dateOrigin || '' }>{ msg( origin ) }</span>
			{ refused !== null && <span id={ `${ fieldId }-refused` } class="uploaddialog-error-text" role="alert">{ msg( 'uploaddialog-photo-date-refused' ) }</span> }
		</div>
	);
}
