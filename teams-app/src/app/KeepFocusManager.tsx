/**
 * Keeps one tabster (Fluent's focus manager) for the life of the page once the first screen
 * is drawn. The dialogs, menus and trees that use it create it when they open and dispose
 * of it when the last one closes; a dialog that was the last one disposes of it while it is
 * still putting back what it hid from screen readers, and the page stays hidden from them
 * (and from tests that find things by role). The tab list in the header used to keep it
 * alive; it no longer uses tabster, so this does, loaded after the first screen.
 */
import { useFocusFinders } from '@fluentui/react-components';

export function KeepFocusManager() {
  useFocusFinders();
  return null;
}
