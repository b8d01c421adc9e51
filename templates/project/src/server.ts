import { serve } from './runtime.js';

serve();
