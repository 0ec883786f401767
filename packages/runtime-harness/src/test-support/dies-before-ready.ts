// A guest that fails while loading, before markReady(): the harness must say so at once, with why.
throw new Error('guest: dies before markReady');
