/**
 * The `photo` part (src/parts/contract.ts): reading a photo's date and position (exifr) and
 * removing its location from the bytes to send. Fetched when the first image joins the list, so
 * that a dialog that uploads PDFs never pays for exifr.
 */
import { readPhotoFacts } from '../describe/photoFacts';
import { removeLocationFromBlob } from '../describe/removeLocation';
import { publishPart } from './contract';

publishPart( 'photo', { read: readPhotoFacts, strip: removeLocationFromBlob } );
