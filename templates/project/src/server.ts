import { listen } from './http/listen.js';
import { serve } from './runtime.js';

serve(listen);
