import type { FormattersInitializer } from 'typesafe-i18n'
import type { Locales, Formatters } from './i18n-types.js'

// No catalogue formatters: numbers, prices and dates are formatted with Intl in lib/format.ts.
export const initFormatters: FormattersInitializer<Locales, Formatters> = (_locale: Locales) => {
	const formatters: Formatters = {}
	return formatters
}
