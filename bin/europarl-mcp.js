#!/usr/bin/env node
// The compiled server (npm run build); sources run through tsx only in development.
import '../dist/src/cli.js';
