/**
 * The Tremor components Atrium uses, imported one by one: `@tremor/react`'s index pulls every
 * component and the chart library into the browser bundle (an 877 kB chunk). Import Tremor from
 * here, never from the package's index. The deep paths are ESM in a package without "type": "module",
 * so the server build bundles Tremor (vite.config.ts, ssr.noExternal).
 */
export { default as Badge } from '@tremor/react/dist/components/icon-elements/Badge/Badge';
export { default as Button } from '@tremor/react/dist/components/input-elements/Button/Button';
export { default as Card } from '@tremor/react/dist/components/layout-elements/Card/Card';
export { default as Flex } from '@tremor/react/dist/components/layout-elements/Flex/Flex';
export { default as Table } from '@tremor/react/dist/components/list-elements/Table/Table';
export { default as TableBody } from '@tremor/react/dist/components/list-elements/Table/TableBody';
export { default as TableCell } from '@tremor/react/dist/components/list-elements/Table/TableCell';
export { default as TableHead } from '@tremor/react/dist/components/list-elements/Table/TableHead';
export { default as TableHeaderCell } from '@tremor/react/dist/components/list-elements/Table/TableHeaderCell';
export { default as TableRow } from '@tremor/react/dist/components/list-elements/Table/TableRow';
export { default as Callout } from '@tremor/react/dist/components/text-elements/Callout/Callout';
export { default as Text } from '@tremor/react/dist/components/text-elements/Text/Text';
