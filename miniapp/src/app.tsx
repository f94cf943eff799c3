import type { PropsWithChildren } from 'react';
import { configure as configureIcons } from '@nutui/icons-react-taro/dist/es/icons/configure.js';
import './app.css';

// NutUI icons render an <i> by default, which WeChat has no template for (without Taro's HTML
// plugin): the stars of the rating and the button spinner would vanish. A <view> works everywhere.
if (process.env.TARO_ENV === 'weapp') configureIcons({ tag: 'view' });

export default function App({ children }: PropsWithChildren) {
  return children;
}
