/**
 * The user's remembered choice about photos' locations: read from their account when the
 * dialog opens (a `userjs-` option, so it follows them to other devices), applied to every file
 * not chosen for alone, and saved when they change it for all files. A wiki that cannot answer
 * leaves the default (keep, as every peer does); a failed save is said, the choice still applies.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeFailure } from '../../upload/failures';
import type { LocationChoice, PhotoDesk } from '../../upload/photos';
import { failureText } from '../FailureView';

export const REMOVE_LOCATION_OPTION = 'userjs-uploaddialog-removelocation';

/** What src/api/describeApi.ts's DescribeApi offers for user options. */
export interface UserOptions {
	userOption( name: string ): Promise<string | null>;
	saveUserOption( name: string, value: string | null ): Promise<void>;
}

export function useLocationChoice( photos: PhotoDesk, options: UserOptions | undefined ) {
	const [ choice, setChoice ] = useState<LocationChoice>( photos.rememberedChoice );
	const [ saveError, setSaveError ] = useState<string | null>( null );
	useEffect( () => {
		let current = true;
		options?.userOption( REMOVE_LOCATION_OPTION ).then( ( value ) => {
			if ( current && value === '1' ) {
				setChoice( 'remove' );
				void photos.chooseForAll( 'remove' );
			}
		}, () => undefined );
		return () => {
			current = false;
		};
	}, [ photos, options ] );
	const choose = ( next: LocationChoice ) => {
		setChoice( next );
		setSaveError( null );
		void photos.chooseForAll( next, true );
		options?.saveUserOption( REMOVE_LOCATION_OPTION, next === 'remove' ? '1' : null )
			.catch( ( error: unknown ) => setSaveError( failureText( describeFailure( error ) ) ) );
	};
	return { choice, choose, saveError };
}
