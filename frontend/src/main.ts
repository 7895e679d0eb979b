import { markLaunch } from './lib/launchTiming';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { startTheme } from './lib/theme/theme';
import { startTips } from './lib/tip';

markLaunch('main');
startTheme();
startTips();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
