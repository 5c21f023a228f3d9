/**
 * The dialog frame: a real modal dialog for assistive technology (role, name, focus kept
 * inside, Escape closes, focus returns to where it was). It knows nothing of uploads.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { msg } from '../i18n';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface DialogProps {
	titleId: string;
	title: string;
	onClose(): void;
	children: ComponentChildren;
	footer?: ComponentChildren;
}

export function Dialog( { titleId, title, onClose, children, footer }: DialogProps ) {
	const ref = useRef<HTMLDialogElement>( null );

	useEffect( () => {
		const previous = document.activeElement as HTMLElement | null;
		const dialog = ref.current;
		// A modal <dialog> lives in the browser's top layer: no skin's header or stacking
		// context can cover it, and the page behind it is inert.
		if ( dialog && !dialog.open ) {
			if ( typeof dialog.showModal === 'function' ) {
				dialog.showModal();
			} else {
				dialog.setAttribute( 'open', '' );
			}
		}
		const first = dialog?.querySelector<HTMLElement>( FOCUSABLE );
		( first || dialog )?.focus();
		return () => {
			// Leave the top layer first: while the modal is open the page is inert and cannot
			// take focus. Then focus goes back to what opened the dialog (the portlet link).
			if ( dialog && dialog.open && typeof dialog.close === 'function' ) {
				dialog.close();
			}
			if ( previous && document.contains( previous ) ) {
				previous.focus();
			}
		};
	}, [] );

	// Escape makes a modal <dialog> fire "cancel" and close itself; closing is ours to decide
	// (uploads may be running), so the native close is stopped and onClose asked instead.
	const onCancel = ( event: Event ) => {
		event.preventDefault();
		onClose();
	};

	const onKeyDown = ( event: KeyboardEvent ) => {
		// An Escape that ends an input method's composition (Japanese, Chinese …) is the field's.
		if ( event.key === 'Escape' && !event.isComposing ) {
			event.preventDefault();
			event.stopPropagation();
			onClose();
			return;
		}
		if ( event.key !== 'Tab' || !ref.current ) {
			return;
		}
		const focusable = Array.from( ref.current.querySelectorAll<HTMLElement>( FOCUSABLE ) )
			.filter( ( el ) => el.offsetParent !== null || el === document.activeElement );
		if ( !focusable.length ) {
			event.preventDefault();
			return;
		}
		const first = focusable[ 0 ];
		const last = focusable[ focusable.length - 1 ];
		if ( event.shiftKey && document.activeElement === first ) {
			event.preventDefault();
			last.focus();
		} else if ( !event.shiftKey && document.activeElement === last ) {
			event.preventDefault();
			first.focus();
		}
	};

	return (
		<dialog
			ref={ ref }
			class="uploaddialog"
			aria-modal="true"
			aria-labelledby={ titleId }
			tabIndex={ -1 }
			onKeyDown={ onKeyDown }
			onCancel={ onCancel }
		>
			<header class="uploaddialog-header">
				<h2 id={ titleId } class="uploaddialog-title">{ title }</h2>
				<button type="button" class="uploaddialog-close cdx-button cdx-button--weight-quiet cdx-button--icon-only" onClick={ onClose } aria-label={ msg( 'uploaddialog-close' ) } title={ msg( 'uploaddialog-close' ) }>×</button>
			</header>
			<div class="uploaddialog-body">{ children }</div>
			{ footer && <footer class="uploaddialog-footer">{ footer }</footer> }
		</dialog>
	);
}
