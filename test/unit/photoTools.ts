/**
 * The photo tools as the `photo` part brings them (src/parts/photo.ts), for tests that want
 * photos read for real: the dialog fetches them on demand, tests import them directly.
 */
import { readPhotoFacts } from '../../src/describe/photoFacts';
import { removeLocationFromBlob } from '../../src/describe/removeLocation';
import type { PhotoTools } from '../../src/upload/photos';

export const bundledPhotoTools: PhotoTools = { read: readPhotoFacts, strip: removeLocationFromBlob };
