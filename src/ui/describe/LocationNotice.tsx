/**
 * Where a photo says it was taken, on its card before sending: the coordinates (as text: they
 * come from the file), and the choice to remove them from the bytes sent for this file. Says
 * when the removal is done, under way, or impossible for this file (then the upload asks).
 */
import { msg } from '../../i18n';
import type { UploadItem } from '../../upload/model';
import type { LocationChoice } from '../../upload/photos';
import { Checkbox, Message } from '../codex';

interface LocationNoticeProps {
	item: UploadItem;
	disabled: boolean;
	onLocation( id: string, choice: LocationChoice ): void;
}

/** Degrees with 5 decimals (about a metre), north/south and east/west as signs the reader knows. */
export function coordinatesText( latitude: number, longitude: number ): string {
	return `${ latitude.toFixed( 5 ) }, ${ longitude.toFixed( 5 ) }`;
}

export function LocationNotice( { item, disabled, onLocation }: LocationNoticeProps ) {
	const photo = item.photo;
	if ( !photo || !photo.position ) {
		return null;
	}
	const { latitude, longitude } = photo.position;
	const checkId = `${ item.id }-nolocation`;
	const remove = photo.location === 'remove';
	const state = photo.removal === 'impossible' ? 'uploaddialog-location-impossible' :
		photo.removal === 'working' ? 'uploaddialog-location-working' :
			photo.removal === 'removed' ? 'uploaddialog-location-removed' : 'uploaddialog-location-kept';
	return (
		<Message type={ photo.removal === 'impossible' ? 'error' : 'warning' } class="uploaddialog-location" role="group" labelledBy={ `${ checkId }-says` }>
			<p id={ `${ checkId }-says` }>
				{ msg( 'uploaddialog-location-found' ) } <bdi class="uploaddialog-coordinates" dir="ltr">{ coordinatesText( latitude, longitude ) }</bdi>
			</p>
			<Checkbox id={ checkId } checked={ remove } disabled={ disabled } onChange={ ( on ) => onLocation( item.id, on ? 'remove' : 'keep' ) }>
				{ msg( 'uploaddialog-location-remove' ) }
			</Checkbox>
			<p class="uploaddialog-note" role="status">{ remove || photo.removal !== 'none' ? msg( state ) : msg( 'uploaddialog-location-kept' ) }</p>
		</Message>
	);
}

interface LocationForAllProps {
	/** How many files of the list carry a location. */
	count: number;
	choice: LocationChoice;
	onChoice( choice: LocationChoice ): void;
}

/** The choice for every file of the list, remembered for the user (shown once any file has a location). */
export function LocationForAll( { count, choice, onChoice }: LocationForAllProps ) {
	if ( !count ) {
		return null;
	}
	return (
		<Message type="notice" class="uploaddialog-location-all">
			<Checkbox id="uploaddialog-nolocation-all" checked={ choice === 'remove' } describedBy="uploaddialog-nolocation-all-note" onChange={ ( on ) => onChoice( on ? 'remove' : 'keep' ) }>
				{ msg( 'uploaddialog-location-remove-all', count ) }
			</Checkbox>
			<p id="uploaddialog-nolocation-all-note" class="uploaddialog-note">{ msg( 'uploaddialog-location-remembered' ) }</p>
		</Message>
	);
}
