#!/usr/bin/env node
// The compiled and bundled server (npm run build); sources run through tsx only in development.
import '../dist/bundle/europarl-mcp.js';
