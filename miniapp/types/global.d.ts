/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
    TARO_APP_API: string;
    /** Comma-separated `step:templateId` pairs for wx.requestSubscribeMessage. */
    TARO_APP_SUBSCRIBE_TEMPLATES: string;
  }
}

declare module '@nutui/icons-react-taro/dist/es/icons/configure.js' {
  export function configure(config: { tag?: string; classPrefix?: string; useSvg?: boolean; fontClassName?: string }): void;
}
