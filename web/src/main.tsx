import { render } from 'preact';
import { App } from './app.tsx';
import { locale } from './i18n/index.ts';

document.documentElement.lang = locale.get();
render(<App />, document.getElementById('app')!);
