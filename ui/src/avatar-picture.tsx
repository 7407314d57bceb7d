/**
 * Fluent's Avatar, in a module of its own so that PersonAvatar can load it when first
 * drawn: the component brings its presence badge and the presence icons of every size,
 * which no first screen needs before the people on it are known.
 */
export { Avatar } from '@fluentui/react-components';
