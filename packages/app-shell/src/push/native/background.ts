// Browsers: a call push is the service worker's, nothing to register in the page.
export {};
