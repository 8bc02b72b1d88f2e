/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    TARO_ENV: 'weapp' | 'alipay' | 'h5'
    /** Base URL of a real backend; empty = the embedded mock backend. */
    TARO_APP_API_BASE?: string
    /** Login code to use instead of the platform's (the demo build logs in as `demo`). */
    TARO_APP_LOGIN_CODE?: string
  }
}

/* Platform globals, used only inside src/platform. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const wx: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const my: any
