import { Grid } from 'antd';

/**
 * True on a phone-sized screen (below Ant Design's `md`, 768 px): the shell then puts the menu,
 * search and account in a drawer, and pages stack what sits side by side on a desktop.
 */
export function useNarrow(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: assume a desktop.
  return screens.md === false;
}
