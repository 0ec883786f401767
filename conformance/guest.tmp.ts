import { markReady } from '@relu/browser-harness/guest';
void markReady();
